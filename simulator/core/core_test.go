package core

import (
	"sync"
	"testing"
	"time"
)

func TestClock(t *testing.T) {
	wall := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	c := NewClock(func() time.Time { return wall })
	c.Advance(6 * time.Minute)
	c.Advance(-time.Hour) // ignored: sandbox time never runs backwards
	if got := c.Now(); !got.Equal(wall.Add(6 * time.Minute)) {
		t.Fatalf("Now = %v", got)
	}
	wall = wall.Add(time.Second)
	if got := c.Now(); !got.Equal(wall.Add(6 * time.Minute)) {
		t.Fatalf("a following clock must follow the wall: %v", got)
	}
	f := NewFrozenClock(wall)
	f.Advance(time.Minute)
	if got := f.Now(); !got.Equal(wall.Add(time.Minute)) || f.Offset() != time.Minute {
		t.Fatalf("frozen clock: %v %v", got, f.Offset())
	}
}

func TestFaults(t *testing.T) {
	tests := []struct {
		name  string
		add   []Fault
		calls []string // operation per call
		want  []int    // status answered, 0 = none
	}{
		{"once by default", []Fault{{Provider: "p", Operation: "a", Status: 503, Times: 1}}, []string{"a", "a"}, []int{503, 0}},
		{"other operations untouched", []Fault{{Provider: "p", Operation: "a", Status: 503, Times: 1}}, []string{"b", "a"}, []int{0, 503}},
		{"until cleared", []Fault{{Provider: "p", Operation: "a", Status: 500}}, []string{"a", "a", "a"}, []int{500, 500, 500}},
		{"in order added", []Fault{{Provider: "p", Operation: "a", Status: 500, Times: 1}, {Provider: "p", Operation: "a", Status: 503, Times: 1}}, []string{"a", "a", "a"}, []int{500, 503, 0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var f Faults
			for _, x := range tt.add {
				f.Add(x)
			}
			for i, op := range tt.calls {
				got, ok := f.Take("p", op)
				if (tt.want[i] == 0) == ok || (ok && got.Status != tt.want[i]) {
					t.Fatalf("call %d (%s): got %v %v, want %d", i, op, got.Status, ok, tt.want[i])
				}
			}
		})
	}
	var f Faults
	f.Add(Fault{Provider: "p", Operation: "a", Status: 500})
	f.Clear()
	if _, ok := f.Take("p", "a"); ok || len(f.List()) != 0 {
		t.Fatal("Clear left a fault")
	}
}

func TestLimiter(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	l := &Limiter{Limit: RateLimit{Limit: 2, Window: time.Minute}}
	for i, want := range []bool{true, true, false} {
		ok, _ := l.Allow("k", now)
		if ok != want {
			t.Fatalf("request %d: allowed %v", i+1, ok)
		}
	}
	if ok, _ := l.Allow("other", now); !ok {
		t.Fatal("keys share a window")
	}
	_, reset := l.Allow("k", now.Add(20*time.Second))
	if reset != 40*time.Second {
		t.Fatalf("reset = %v, want 40s", reset)
	}
	if ok, _ := l.Allow("k", now.Add(time.Minute)); !ok {
		t.Fatal("a new window must allow again")
	}
	off := &Limiter{}
	if ok, _ := off.Allow("k", now); !ok {
		t.Fatal("a zero limit disables limiting")
	}
}

func TestIDsAreSeeded(t *testing.T) {
	a, b := NewIDs(7, "sbx"), NewIDs(7, "sbx")
	if a.Alnum(20) != b.Alnum(20) || a.UUID() != b.UUID() {
		t.Fatal("same seed and sandbox must give the same ids")
	}
	if NewIDs(7, "sbx").Hex(16) == NewIDs(7, "other").Hex(16) {
		t.Fatal("two sandboxes with one seed must not share ids")
	}
	u := NewIDs(0, "x").UUID()
	if len(u) != 36 || u[14] != '4' {
		t.Fatalf("not a v4 UUID: %s", u)
	}
}

func TestRegistry(t *testing.T) {
	r := NewRegistry(1, nil)
	a, err := r.Create("")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := r.Create("b")
	if _, err := r.Create("b"); err == nil {
		t.Fatal("a taken id was accepted")
	}
	if !a.Bind("key", "k1") || a.Bind("key", "k1") == false {
		t.Fatal("binding one's own credential twice must succeed")
	}
	if b.Bind("key", "k1") {
		t.Fatal("a credential of one sandbox was bound to another")
	}
	if r.Lookup("key", "k1") != a || r.Lookup("other-kind", "k1") != nil || r.Lookup("key", "") != nil {
		t.Fatal("lookup")
	}
	tok := a.Token("tok", "t_", 8)
	if r.Lookup("tok", tok) != a {
		t.Fatal("Token must bind")
	}
	a.Unbind("tok", tok)
	if r.Lookup("tok", tok) != nil {
		t.Fatal("Unbind")
	}
	if !r.Delete(a.ID) || r.Delete(a.ID) || r.Lookup("key", "k1") != nil {
		t.Fatal("Delete must drop the sandbox and its credentials")
	}
	// A request in flight on a deleted sandbox must not spin drawing tokens.
	if v := a.Token("tok", "t_", 8); v == "" || r.Lookup("tok", v) != nil {
		t.Fatal("Token on a deleted sandbox")
	}
}

func TestRegistryIsSafeForConcurrentUse(t *testing.T) {
	r := NewRegistry(0, nil)
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sb, err := r.Create("")
			if err != nil {
				t.Error(err)
				return
			}
			sb.Lock()
			tok := sb.Token("tok", "", 12)
			sb.Unlock()
			if r.Lookup("tok", tok) != sb {
				t.Error("lookup of a fresh token")
			}
			r.Delete(sb.ID)
		}()
	}
	wg.Wait()
	if len(r.IDs()) != 0 {
		t.Fatalf("sandboxes left: %v", r.IDs())
	}
}

func TestOutbox(t *testing.T) {
	var o Outbox
	o.Add(Message{Provider: "fliqa", Channel: "sms", Recipient: "+1"})
	o.Add(Message{Provider: "fliqa", Channel: "email", Recipient: "a@b.c"})
	o.Add(Message{Provider: "weavr", Channel: "sms", Recipient: "+1"})
	if n := len(o.List("", "sms", "+1")); n != 2 {
		t.Fatalf("sms to +1: %d", n)
	}
	if n := len(o.List("fliqa", "", "")); n != 2 {
		t.Fatalf("fliqa: %d", n)
	}
	o.Clear()
	if got := o.List("", "", ""); got == nil || len(got) != 0 {
		t.Fatalf("cleared outbox lists %v (must be an empty, non-nil list for JSON)", got)
	}
}
