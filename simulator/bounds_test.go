package simulator

import (
	"encoding/json"
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
	s := newSim(t, Options{Seed: 1, MaxSandboxes: 3, Wall: wall}) // 3 besides the default sandbox
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
	if got := []int{create(), create(), create(), create()}; !slices.Equal(got, []int{201, 201, 201, 429}) {
		t.Fatalf("creating 4 sandboxes with a maximum of 3 answered %v", got)
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
	if len(evicted) != 2 || slices.Contains(evicted, ids[0]) || slices.Contains(evicted, DefaultSandbox) {
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

// TestSharedServiceLimits: a control body over the limit is 413 (a
// provider's, its documented 400); the default sandbox cannot be deleted (409);
// clock advances are bounded, so that "now" never moves backwards.
func TestSharedServiceLimits(t *testing.T) {
	s := newSim(t, Options{Seed: 1})
	do := func(method, path, ct, body string) *httptest.ResponseRecorder {
		r := httptest.NewRequest(method, path, strings.NewReader(body))
		if ct != "" {
			r.Header.Set("Content-Type", ct)
		}
		w := httptest.NewRecorder()
		s.ServeHTTP(w, r)
		return w
	}
	big := `{"a":"` + strings.Repeat("x", 1<<20) + `"}`
	tests := []struct {
		name, method, path, body string
		want                     int
	}{
		{"a control body just over 1 MiB", "POST", "/_control/sandboxes", big, 413},
		// The providers document no 413: their own 400, as their specs say.
		{"a provider body just over 1 MiB", "POST", "/weavr/logout", big, 400},
		{"deleting the default sandbox", "DELETE", "/_control/sandboxes/default", "", 409},
		{"a first advance of 2562047h", "POST", "/_control/sandboxes/default/clock", `{"advance":"2562047h"}`, 400},
		{"an advance of 50 years", "POST", "/_control/sandboxes/default/clock", `{"advance":"438000h"}`, 200},
		{"another 50 years", "POST", "/_control/sandboxes/default/clock", `{"advance":"438000h"}`, 200},
		{"and one more day", "POST", "/_control/sandboxes/default/clock", `{"advance":"24h"}`, 400},
	}
	before := do("GET", "/_control/sandboxes/default/clock", "", "").Body.String()
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ct := ""
			if tc.body != "" {
				ct = "application/json"
			}
			if w := do(tc.method, tc.path, ct, tc.body); w.Code != tc.want {
				t.Errorf("%s %s: %d, want %d: %.300s", tc.method, tc.path, w.Code, tc.want, w.Body)
			}
		})
	}
	after := do("GET", "/_control/sandboxes/default/clock", "", "").Body.String()
	if before == after || !strings.Contains(after, "876000h") {
		t.Errorf("the clock went from %s to %s, want 100 years on", before, after)
	}
}

// TestFixturesBudget: fixtures count against their sandbox's budget (413)
// and the server's (429); a deleted sandbox gives its share back.
func TestFixturesBudget(t *testing.T) {
	spec, err := oas.Load("control")
	if err != nil {
		t.Fatal(err)
	}
	s := newSim(t, Options{Seed: 1, SandboxBudget: 3000, ServerBudget: 5000, NoDefaultSandbox: true})
	// A document of about n bytes that the fixtures accept: YAML comments.
	sized := func(n int) string { return "# " + strings.Repeat("x", n) + "\nfliqa: {otpLength: 6}\n" }
	do := func(method, path, body string) (int, string) {
		r := httptest.NewRequest(method, path, strings.NewReader(body))
		if body != "" {
			r.Header.Set("Content-Type", "application/yaml")
		}
		w := httptest.NewRecorder()
		s.ServeHTTP(w, r)
		if _, vs := spec.ValidateResponse(oas.Response{Method: method, Path: path, Status: w.Code, Header: w.Header(), Body: w.Body.Bytes()}); len(vs) > 0 {
			t.Errorf("%s %s %d: %v", method, path, w.Code, vs)
		}
		var v struct {
			ID string `json:"id"`
		}
		json.Unmarshal(w.Body.Bytes(), &v)
		return w.Code, v.ID
	}
	code, first := do("POST", "/_control/sandboxes", sized(2000))
	if code != 201 {
		t.Fatalf("a sandbox within its budget: %d", code)
	}
	if code, _ := do("POST", "/_control/sandboxes/"+first+"/fixtures", sized(1500)); code != 413 {
		t.Errorf("fixtures over the sandbox's budget: %d, want 413", code)
	}
	code, second := do("POST", "/_control/sandboxes", sized(2000))
	if code != 201 {
		t.Fatalf("a second sandbox: %d", code)
	}
	if code, _ := do("POST", "/_control/sandboxes", sized(2000)); code != 429 {
		t.Errorf("a third over the server's budget: %d, want 429", code)
	}
	do("DELETE", "/_control/sandboxes/"+second, "")
	if code, _ := do("POST", "/_control/sandboxes", sized(2000)); code != 201 {
		t.Errorf("after a delete gave its share back: %d, want 201", code)
	}
}
