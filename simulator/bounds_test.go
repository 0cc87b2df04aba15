package simulator

import (
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/conformhq/conform/specs/oas"
)

// TestSandboxBounds: past MaxSandboxes, creating one answers 429 (in the
// control spec's shape); idle sandboxes are evicted, the default never.
func TestSandboxBounds(t *testing.T) {
	spec, err := oas.Load("control")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	var mu sync.Mutex
	wall := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	s := newSim(t, Options{Seed: 1, MaxSandboxes: 3, Wall: wall}) // the default sandbox is one of the 3
	create := func() int {
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, httptest.NewRequest("POST", "/_control/sandboxes", nil))
		_, vs := spec.ValidateResponse(oas.Response{Method: "POST", Path: "/_control/sandboxes", Status: rec.Code, Header: rec.Header(), Body: rec.Body.Bytes()})
		for _, v := range vs {
			t.Error(v)
		}
		if rec.Code == 429 && !strings.Contains(rec.Body.String(), "maximum") {
			t.Errorf("429 without saying why: %s", rec.Body)
		}
		return rec.Code
	}
	if got := []int{create(), create(), create()}; !slices.Equal(got, []int{201, 201, 429}) {
		t.Fatalf("creating 3 sandboxes past a maximum of 3 answered %v", got)
	}
	ids := slices.DeleteFunc(s.reg.IDs(), func(id string) bool { return id == DefaultSandbox })
	mu.Lock()
	now = now.Add(30 * time.Minute)
	mu.Unlock()
	s.reg.Get(ids[0]) // one is used: it stays
	mu.Lock()
	now = now.Add(40 * time.Minute)
	mu.Unlock()
	evicted := s.EvictIdle(time.Hour)
	if len(evicted) != 1 || evicted[0] == ids[0] || slices.Contains(evicted, DefaultSandbox) {
		t.Fatalf("evicted %v of %v (the one used 40m ago and the default must stay)", evicted, ids)
	}
	if create() != 201 {
		t.Error("no room after eviction")
	}
}

// TestSlowUploadHoldsNoSandbox: a control request whose body trickles in
// does not hold its sandbox's lock while it does.
func TestSlowUploadHoldsNoSandbox(t *testing.T) {
	s := newSim(t, Options{Seed: 1})
	r, w := io.Pipe()
	req := httptest.NewRequest("POST", "/_control/sandboxes/default/clock", r)
	req.Header.Set("Content-Type", "application/json")
	req.ContentLength = -1
	done := make(chan int)
	go func() {
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		done <- rec.Code
	}()
	_, _ = w.Write([]byte(`{"adv`))
	// The default sandbox must answer its own requests meanwhile.
	answered := make(chan int)
	go func() {
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, httptest.NewRequest("GET", "/_control/sandboxes/default/clock", nil))
		answered <- rec.Code
	}()
	select {
	case code := <-answered:
		if code != 200 {
			t.Errorf("clock: %d", code)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the sandbox waited on a slow upload")
	}
	_, _ = w.Write([]byte(`ance": "1m"}`))
	w.Close()
	if code := <-done; code != 200 {
		t.Errorf("the slow upload got %d", code)
	}
}

// TestRegression_InProcessRequestWithoutBody: reading control bodies before
// the lock once dereferenced the nil Body of a client-side GET handed over
// in-process (the harness's built-in target).
func TestRegression_InProcessRequestWithoutBody(t *testing.T) {
	s := newSim(t, Options{Seed: 1})
	req, err := http.NewRequest("GET", "/_control/sandboxes/default/outbox", nil)
	if err != nil {
		t.Fatal(err)
	}
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, req)
	if rec.Code != 200 {
		t.Fatalf("status %d: %s", rec.Code, rec.Body)
	}
}

// TestRegression_UnknownFaultCodeRefused: a fault with a code the status
// does not document (Fiskil's "nope_code") was accepted and answered
// another name; it is refused, saying which codes there are.
func TestRegression_UnknownFaultCodeRefused(t *testing.T) {
	s := newSim(t, Options{Seed: 1})
	tests := []struct {
		name, body string
		want       int
	}{
		{"a documented name", `{"provider":"fiskil","operation":"createToken","status":400,"code":"missing_field"}`, 201},
		{"an unknown name", `{"provider":"fiskil","operation":"createToken","status":400,"code":"nope_code"}`, 400},
		{"a code where none is documented", `{"provider":"weavr","operation":"logout","status":401,"code":"X"}`, 400},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			req := httptest.NewRequest("POST", "/_control/sandboxes/default/faults", strings.NewReader(tc.body))
			req.Header.Set("Content-Type", "application/json")
			rec := httptest.NewRecorder()
			s.ServeHTTP(rec, req)
			if rec.Code != tc.want {
				t.Fatalf("status %d, want %d: %s", rec.Code, tc.want, rec.Body)
			}
		})
	}
}
