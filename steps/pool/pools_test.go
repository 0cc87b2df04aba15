package pool

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/conformhq/conform/steps/config"
)

// poolsOf makes pools of n weavr users and n lockout users.
func poolsOf(n int) *Pools {
	users := config.Pool{}
	lockout := config.Pool{}
	for i := range n {
		users = append(users, map[string]any{"email": fmt.Sprintf("u%d@example.com", i)})
		lockout = append(lockout, map[string]any{"email": fmt.Sprintf("l%d@example.com", i)})
	}
	return NewPools(&config.Config{Providers: map[string]*config.Provider{
		"weavr": {Fixtures: map[string]config.Pool{"user": users, "lockoutUser": lockout}},
	}})
}

func TestPlanDeniesConsumersBeyondThePool(t *testing.T) {
	tests := []struct {
		name       string
		size       int
		consumers  int
		wantDenied []string
		wantReason string
	}{
		{"fewer consumers than fixtures", 3, 2, nil, ""},
		{"as many consumers as fixtures", 2, 2, nil, ""},
		{"one too many", 2, 3, []string{"s2"}, "providers.weavr.fixtures.lockoutUser has 2 fixtures; 3 scenarios consume one: add 1"},
		{"a pool of one", 1, 3, []string{"s1", "s2"}, "providers.weavr.fixtures.lockoutUser has 1 fixture; 3 scenarios consume one: add 2"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ps := poolsOf(tc.size)
			var planned []PlannedScenario
			for i := range tc.consumers {
				planned = append(planned, PlannedScenario{Key: fmt.Sprintf("s%d", i), Claims: []Claim{{Provider: "weavr", Kind: "lockoutUser", Consumes: true}}})
			}
			// Exclusive and shared scenarios consume nothing.
			planned = append(planned, PlannedScenario{Key: "x", Claims: []Claim{{Provider: "weavr", Kind: "lockoutUser"}}}, PlannedScenario{Key: "y"})
			ps.Plan(planned)
			for _, s := range planned {
				why, denied := ps.Denied(s.Key)
				want := false
				for _, d := range tc.wantDenied {
					want = want || d == s.Key
				}
				if denied != want {
					t.Errorf("%s denied = %v, want %v", s.Key, denied, want)
				}
				if denied && why != tc.wantReason {
					t.Errorf("%s reason %q, want %q", s.Key, why, tc.wantReason)
				}
			}
		})
	}
}

func TestLeases(t *testing.T) {
	ctx := context.Background()
	user := []Claim{{Provider: "weavr", Kind: "user"}}
	consume := []Claim{{Provider: "weavr", Kind: "user", Consumes: true}}
	tests := []struct {
		name string
		run  func(t *testing.T, ps *Pools)
	}{
		{"shared scenarios gather on one fixture", func(t *testing.T, ps *Pools) {
			a, _ := ps.Shared(ctx, "weavr", "user", false)
			b, _ := ps.Shared(ctx, "weavr", "user", false)
			if a.Key != b.Key {
				t.Errorf("shared leases on %s and %s, want one fixture", a.Key, b.Key)
			}
		}},
		{"an exclusive claim takes a fixture nobody shares", func(t *testing.T, ps *Pools) {
			s, _ := ps.Shared(ctx, "weavr", "user", false)
			ls, err := ps.Exclusive(ctx, user)
			if err != nil {
				t.Fatal(err)
			}
			if ls[0].Key == s.Key {
				t.Errorf("exclusive lease on the shared fixture %s", s.Key)
			}
		}},
		{"shared leases avoid an exclusive fixture", func(t *testing.T, ps *Pools) {
			ls, _ := ps.Exclusive(ctx, user)
			s, _ := ps.Shared(ctx, "weavr", "user", false)
			if s.Key == ls[0].Key {
				t.Errorf("shared lease on the exclusive fixture %s", s.Key)
			}
		}},
		{"a consumed fixture is never lent again", func(t *testing.T, ps *Pools) {
			ls, _ := ps.Exclusive(ctx, consume)
			ps.Release(ls[0])
			for range 3 {
				s, err := ps.Shared(ctx, "weavr", "user", false)
				if err != nil {
					t.Fatal(err)
				}
				if s.Key == ls[0].Key {
					t.Fatalf("consumed fixture %s lent again", s.Key)
				}
				ps.Release(s)
			}
		}},
		{"every fixture consumed: not applicable, saying why", func(t *testing.T, ps *Pools) {
			for range 2 {
				ls, err := ps.Exclusive(ctx, consume)
				if err != nil {
					t.Fatal(err)
				}
				ps.Release(ls[0])
			}
			_, err := ps.Shared(ctx, "weavr", "user", false)
			var ex *ExhaustedError
			if !errors.As(err, &ex) || !IsNotApplicable(err) || !strings.Contains(err.Error(), "providers.weavr.fixtures.user was set aside earlier in the run (2 consumed)") {
				t.Fatalf("error %v, want an ExhaustedError", err)
			}
			if _, err := ps.Exclusive(ctx, user); !errors.As(err, &ex) {
				t.Fatalf("exclusive claim: error %v, want an ExhaustedError", err)
			}
		}},
		{"an unusable fixture is set aside with its reason", func(t *testing.T, ps *Pools) {
			ls, _ := ps.Exclusive(ctx, user)
			ls[0].Retire("locked (423)")
			ps.Release(ls[0])
			ls2, _ := ps.Exclusive(ctx, user)
			ps.Release(ls2[0])
			ls3, _ := ps.Exclusive(ctx, consume)
			ps.Release(ls3[0])
			_, err := ps.Shared(ctx, "weavr", "user", false)
			if err == nil || !strings.Contains(err.Error(), "1 consumed; 1 locked (423)") {
				t.Fatalf("error %v, want both reasons", err)
			}
		}},
		{"a kind the config does not give", func(t *testing.T, ps *Pools) {
			_, err := ps.Shared(ctx, "weavr", "smsUser", false)
			var nf *NoFixtureError
			if !errors.As(err, &nf) || !strings.Contains(err.Error(), "providers.weavr.fixtures.smsUser") {
				t.Fatalf("error %v, want a NoFixtureError", err)
			}
			if _, err := ps.Exclusive(ctx, []Claim{{Provider: "weavr", Kind: "smsUser"}}); !errors.As(err, &nf) {
				t.Fatalf("error %v, want a NoFixtureError", err)
			}
		}},
		{"claims of two kinds are granted together", func(t *testing.T, ps *Pools) {
			ls, err := ps.Exclusive(ctx, []Claim{{Provider: "weavr", Kind: "user"}, {Provider: "weavr", Kind: "lockoutUser"}})
			if err != nil || len(ls) != 2 || ls[0].Key == ls[1].Key {
				t.Fatalf("leases %v, %v", ls, err)
			}
		}},
		{"a wait ends with the run", func(t *testing.T, ps *Pools) {
			ps.Exclusive(ctx, user)
			ps.Exclusive(ctx, user)
			cctx, cancel := context.WithCancelCause(ctx)
			cancel(errors.New("the run's deadline passed"))
			_, err := ps.Exclusive(cctx, user)
			if err == nil || IsNotApplicable(err) || !strings.Contains(err.Error(), "the run's deadline passed") {
				t.Fatalf("error %v, want the run's cause", err)
			}
			if ps.kinds["weavr/user"].waiting != 0 {
				t.Error("the abandoned claim still counts as waiting")
			}
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { tc.run(t, poolsOf(2)) })
	}
}

func TestExclusiveWaitsForAFreeFixture(t *testing.T) {
	ps := poolsOf(1)
	ctx := context.Background()
	shared, err := ps.Shared(ctx, "weavr", "user", false)
	if err != nil {
		t.Fatal(err)
	}
	got := make(chan *Lease)
	go func() {
		ls, err := ps.Exclusive(ctx, []Claim{{Provider: "weavr", Kind: "user"}})
		if err != nil {
			t.Error(err)
		}
		got <- ls[0]
	}()
	// A new sharing scenario waits behind the exclusive claim.
	sharedToo := make(chan *Lease)
	waitFor(t, func() bool { ps.mu.Lock(); defer ps.mu.Unlock(); return ps.kinds["weavr/user"].waiting == 1 })
	go func() {
		l, err := ps.Shared(ctx, "weavr", "user", false)
		if err != nil {
			t.Error(err)
		}
		sharedToo <- l
	}()
	select {
	case <-got:
		t.Fatal("an exclusive lease was granted while the fixture was shared")
	case <-sharedToo:
		t.Fatal("a shared lease was granted ahead of a waiting exclusive claim")
	case <-time.After(20 * time.Millisecond):
	}
	ps.Release(shared)
	excl := <-got
	select {
	case <-sharedToo:
		t.Fatal("a shared lease was granted while the fixture was held exclusively")
	case <-time.After(20 * time.Millisecond):
	}
	ps.Release(excl)
	ps.Release(<-sharedToo)
}

// waitFor polls cond; its deadline only bounds a broken test.
func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatal("condition never held")
}

// TestLeasesUnderConcurrency runs many scenarios at once on small pools:
// an exclusive holder is never seen alongside another holder of its
// fixture, a consumed fixture is never lent again, and every scenario
// ends (no deadlock). Run it with -race.
func TestLeasesUnderConcurrency(t *testing.T) {
	const scenarios = 200
	ps := poolsOf(3)
	// 2 consumers only, so that the pool of 3 never runs dry.
	var mu sync.Mutex
	holders := map[string]int{} // fixture key → holders now; -1 exclusive
	consumed := map[string]bool{}
	var consumers atomic.Int32
	var wg sync.WaitGroup
	for i := range scenarios {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ctx := context.Background()
			var l *Lease
			var err error
			switch {
			case i%50 == 7 && consumers.Add(1) <= 2:
				var ls []*Lease
				ls, err = ps.Exclusive(ctx, []Claim{{Provider: "weavr", Kind: "user", Consumes: true}})
				if err == nil {
					l = ls[0]
				}
			case i%3 == 0:
				var ls []*Lease
				ls, err = ps.Exclusive(ctx, []Claim{{Provider: "weavr", Kind: "user"}})
				if err == nil {
					l = ls[0]
				}
			default:
				l, err = ps.Shared(ctx, "weavr", "user", false)
			}
			if err != nil {
				t.Error(err)
				return
			}
			mu.Lock()
			if consumed[l.Key] {
				t.Errorf("consumed fixture %s lent again", l.Key)
			}
			switch h := holders[l.Key]; {
			case l.exclusive && h != 0, !l.exclusive && h < 0:
				t.Errorf("%s: lease (exclusive %v) alongside %d holders", l.Key, l.exclusive, h)
			}
			if l.exclusive {
				holders[l.Key] = -1
			} else {
				holders[l.Key]++
			}
			mu.Unlock()
			time.Sleep(time.Duration(i%3) * 100 * time.Microsecond)
			mu.Lock()
			if l.exclusive {
				holders[l.Key] = 0
			} else {
				holders[l.Key]--
			}
			if l.consumes {
				consumed[l.Key] = true
			}
			mu.Unlock()
			ps.Release(l)
		}()
	}
	wg.Wait()
	if len(consumed) != 2 {
		t.Errorf("%d fixtures consumed, want 2", len(consumed))
	}
}
