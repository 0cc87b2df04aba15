package core_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/conformhq/conform/simulator/core"
	"github.com/conformhq/conform/specs/oas"
)

// fakeProvider routes by the Fiskil spec with handlers that record or panic.
func fakeProvider(t *testing.T, h core.Handler) (*core.Provider, *core.Registry, *core.Sandbox) {
	t.Helper()
	spec, err := oas.Load("fiskil")
	if err != nil {
		t.Fatal(err)
	}
	reg := core.NewRegistry(1, nil)
	sb, _ := reg.Create("")
	sb.Bind("client", "ok")
	handlers := map[string]core.Handler{}
	for _, op := range spec.Operations() {
		handlers[op.ID] = h
	}
	p := &core.Provider{
		Name: "fiskil", Spec: spec, Handlers: handlers,
		Resolve:     func(c *core.Call) *core.Sandbox { return c.Registry.Lookup("client", c.R.Header.Get("X-Client")) },
		Invalid:     func(c *core.Call, err *oas.RequestError) { c.JSON(400, map[string]any{"problems": len(err.Problems)}) },
		Fault:       func(c *core.Call, f core.Fault) { c.Empty(f.Status) },
		NotFound:    func(c *core.Call) { c.Empty(404) },
		RateKey:     func(c *core.Call) string { return "k" },
		RateLimited: func(c *core.Call, limit int, reset time.Duration) { c.Empty(429) },
	}
	if err := p.Check(); err != nil {
		t.Fatal(err)
	}
	return p, reg, sb
}

func TestPipeline(t *testing.T) {
	ok := func(c *core.Call) { c.JSON(200, map[string]string{"token": "t", "sandbox": c.Sandbox.ID}) }
	tests := []struct {
		name    string
		handler core.Handler
		client  string
		path    string
		body    string
		fault   *core.Fault
		want    int
	}{
		{"routed and handled", ok, "ok", "/v1/token", `{"client_id":"a","client_secret":"b"}`, nil, 200},
		{"no route", ok, "ok", "/v1/nowhere", `{}`, nil, 404},
		{"invalid body goes to Invalid", ok, "ok", "/v1/token", `{"client_id":5}`, nil, 400},
		{"fault before validation", ok, "ok", "/v1/token", `not json`, &core.Fault{Provider: "fiskil", Operation: "createToken", Status: 503, Times: 1}, 503},
		{"fault of another sandbox does not apply", ok, "", "/v1/token", `not json`, nil, 400},
		{"a panicking handler answers 500", func(c *core.Call) { panic("boom") }, "ok", "/v1/token", `{"client_id":"a","client_secret":"b"}`, nil, 500},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, reg, sb := fakeProvider(t, tt.handler)
			if tt.fault != nil {
				sb.Lock()
				sb.Faults.Add(*tt.fault)
				sb.Unlock()
			}
			req := httptest.NewRequest("POST", tt.path, strings.NewReader(tt.body))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("X-Client", tt.client)
			rec := httptest.NewRecorder()
			p.Serve(reg, nil).ServeHTTP(rec, req)
			if rec.Code != tt.want {
				t.Fatalf("got %d %s, want %d", rec.Code, rec.Body, tt.want)
			}
		})
	}
}

func TestCheckFindsMissingHandlers(t *testing.T) {
	p, _, _ := fakeProvider(t, func(c *core.Call) {})
	delete(p.Handlers, "createToken")
	p.Handlers["undocumented"] = func(c *core.Call) {}
	err := p.Check()
	if err == nil || !strings.Contains(err.Error(), "no handler for createToken") || !strings.Contains(err.Error(), "handler for undocumented") {
		t.Fatalf("Check: %v", err)
	}
}

func TestBaseURL(t *testing.T) {
	var got string
	h := core.Mount("/fiskil", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { got = core.BaseURL(r) + " " + r.URL.Path }))
	tests := []struct {
		name   string
		header map[string]string
		want   string
	}{
		{"plain", nil, "http://example.test/fiskil /v1/x"},
		{"behind a proxy", map[string]string{"X-Forwarded-Proto": "https", "X-Forwarded-Host": "api.example.com, internal"}, "https://api.example.com/fiskil /v1/x"},
		{"bogus proto ignored", map[string]string{"X-Forwarded-Proto": "gopher"}, "http://example.test/fiskil /v1/x"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := httptest.NewRequest("GET", "http://example.test/fiskil/v1/x", nil)
			for k, v := range tt.header {
				req.Header.Set(k, v)
			}
			h.ServeHTTP(httptest.NewRecorder(), req)
			if got != tt.want {
				t.Fatalf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// TestFaultPassThrough: a fault with a success status must reach the handler
// through validation, exactly as a call without a fault, and never the Fault
// hook; an error status goes to the hook before validation.
func TestFaultPassThrough(t *testing.T) {
	tests := []struct {
		name        string
		status      int
		body        string
		want        int
		wantHandler bool
		wantHook    bool
	}{
		{"success reaches the handler", 200, `{"client_id":"a","client_secret":"b"}`, 200, true, false},
		{"success still validates", 200, `{"client_id":5}`, 400, false, false},
		{"success on a body that is no JSON", 200, `not json`, 400, false, false},
		{"an error status goes to the hook unvalidated", 503, `not json`, 503, false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			handled := false
			p, reg, sb := fakeProvider(t, func(c *core.Call) { handled = true; c.JSON(200, map[string]string{"token": "t"}) })
			hooked := false
			p.Fault = func(c *core.Call, f core.Fault) { hooked = true; c.Empty(f.Status) }
			sb.Lock()
			sb.Faults.Add(core.Fault{Provider: "fiskil", Operation: "createToken", Status: tt.status, Times: 1})
			sb.Unlock()
			req := httptest.NewRequest("POST", "/v1/token", strings.NewReader(tt.body))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("X-Client", "ok")
			rec := httptest.NewRecorder()
			p.Serve(reg, nil).ServeHTTP(rec, req)
			if rec.Code != tt.want || handled != tt.wantHandler || hooked != tt.wantHook {
				t.Fatalf("got %d (handler %v, Fault hook %v), want %d (handler %v, Fault hook %v)",
					rec.Code, handled, hooked, tt.want, tt.wantHandler, tt.wantHook)
			}
			sb.Lock()
			left := sb.Faults.List()
			sb.Unlock()
			if len(left) != 0 {
				t.Fatalf("the call did not spend the fault: %v", left)
			}
		})
	}
}

// Mount must strip exactly as http.StripPrefix does, 404 included.
func TestMountStripsAsStripPrefix(t *testing.T) {
	seen := func(out *string) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			*out = r.URL.Path + " | " + r.URL.RawPath + " | " + r.URL.RawQuery
		})
	}
	for _, target := range []string{
		"/fiskil/v1/x", "/fiskil", "/fiskil/", "/fiskilx/y", "/other/v1", "/fiskil/a%2Fb?q=1",
		"/fisk%69l/v1", "/fiskil/%7E", "/", "/fiskil/v1/x?client_secret=s",
	} {
		t.Run(target, func(t *testing.T) {
			var got, want string
			gw, ww := httptest.NewRecorder(), httptest.NewRecorder()
			core.Mount("/fiskil", seen(&got)).ServeHTTP(gw, httptest.NewRequest("GET", "http://example.test"+target, nil))
			http.StripPrefix("/fiskil", seen(&want)).ServeHTTP(ww, httptest.NewRequest("GET", "http://example.test"+target, nil))
			if got != want || gw.Code != ww.Code || gw.Body.String() != ww.Body.String() {
				t.Errorf("Mount: %d %q %q; StripPrefix: %d %q %q", gw.Code, got, gw.Body.String(), ww.Code, want, ww.Body.String())
			}
		})
	}
}
