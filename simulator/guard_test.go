package simulator

import (
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/conformhq/conform/specs/oas"
)

// TestControlGuard: the control API refuses cross-site browser requests,
// bodies that are not JSON or YAML, and (when it has a token) requests
// without it; it serves the rest. Every answer is the control spec's.
func TestControlGuard(t *testing.T) {
	spec, err := oas.Load("control")
	if err != nil {
		t.Fatal(err)
	}
	open := newSim(t, Options{Seed: 1})
	guarded := newSim(t, Options{Seed: 1, ControlToken: "tok-control-1234"})
	tests := []struct {
		name        string
		sim         *Simulator
		method, url string
		body        string
		header      []string
		want        int
	}{
		{"open: a plain list", open, "GET", "/_control/sandboxes", "", nil, 200},
		{"open: JSON body", open, "POST", "/_control/sandboxes", `{}`, []string{"Content-Type", "application/json"}, 201},
		{"open: YAML body", open, "POST", "/_control/sandboxes", "fliqa: {otpLength: 8}\n", []string{"Content-Type", "application/yaml; charset=utf-8"}, 201},
		{"open: no body, no type", open, "POST", "/_control/sandboxes", "", nil, 201},
		{"open: text/plain from a page", open, "POST", "/_control/sandboxes", `{}`, []string{"Content-Type", "text/plain"}, 415},
		{"open: a form", open, "POST", "/_control/sandboxes/default/clock", "advance=6m", []string{"Content-Type", "application/x-www-form-urlencoded"}, 415},
		{"open: another site's page", open, "GET", "/_control/sandboxes/default/outbox", "", []string{"Origin", "https://evil.example"}, 403},
		{"open: fetch metadata says cross-site", open, "DELETE", "/_control/sandboxes/default", "", []string{"Sec-Fetch-Site", "cross-site"}, 403},
		{"open: its own origin", open, "GET", "/_control/sandboxes", "", []string{"Origin", "http://example.com"}, 200},
		{"guarded: no token", guarded, "GET", "/_control/sandboxes", "", nil, 401},
		{"guarded: wrong token", guarded, "GET", "/_control/sandboxes", "", []string{ControlTokenHeader, "tok-control-9999"}, 401},
		{"guarded: the token", guarded, "GET", "/_control/sandboxes", "", []string{ControlTokenHeader, "tok-control-1234"}, 200},
		{"guarded: provider APIs stay open", guarded, "GET", "/healthz", "", nil, 200},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			req := httptest.NewRequest(tc.method, tc.url, strings.NewReader(tc.body))
			for i := 0; i+1 < len(tc.header); i += 2 {
				req.Header.Set(tc.header[i], tc.header[i+1])
			}
			rec := httptest.NewRecorder()
			tc.sim.ServeHTTP(rec, req)
			if rec.Code != tc.want {
				t.Fatalf("status %d, want %d: %s", rec.Code, tc.want, rec.Body)
			}
			if strings.Contains(rec.Body.String(), "tok-control-1234") {
				t.Error("the answer leaks the token")
			}
			_, vs := spec.ValidateResponse(oas.Response{Method: tc.method, Path: req.URL.Path, Status: rec.Code, Header: rec.Header(), Body: rec.Body.Bytes()})
			for _, v := range vs {
				t.Errorf("%v\n  body: %s", v, rec.Body)
			}
		})
	}
}

// TestControlHostCheck: a served simulator's control API answers only its
// own host names: a page whose name was rebound to 127.0.0.1 (with a
// matching Origin) is refused, loopback names, IP literals and the
// allowed names are served; the provider APIs are not checked.
func TestControlHostCheck(t *testing.T) {
	served := newSim(t, Options{Seed: 1, AllowedHosts: []string{"conform.internal"}})
	tests := []struct {
		name, path, host string
		want             int
	}{
		{"rebinding: another name, matching Origin", "/_control/sandboxes", "rebind.attacker.example:8080", 403},
		{"rebinding: arming a fault", "/_control/sandboxes/default/outbox", "rebind.attacker.example", 403},
		{"localhost", "/_control/sandboxes", "localhost:8080", 200},
		{"a .localhost name", "/_control/sandboxes", "conform.localhost:8080", 200},
		{"an IP literal", "/_control/sandboxes", "127.0.0.1:8080", 200},
		{"IPv6 loopback", "/_control/sandboxes", "[::1]:8080", 200},
		{"an allowed name", "/_control/sandboxes", "Conform.Internal:8080", 200},
		{"the provider APIs are not checked", "/weavr/logout", "rebind.attacker.example", 401},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			method := "GET"
			if strings.HasSuffix(tc.path, "logout") {
				method = "POST"
			}
			r := httptest.NewRequest(method, tc.path, nil)
			r.Host = tc.host
			r.Header.Set("Origin", "http://"+tc.host)
			w := httptest.NewRecorder()
			served.ServeHTTP(w, r)
			if w.Code != tc.want {
				t.Errorf("%s %s with Host %s: %d, want %d: %s", method, tc.path, tc.host, w.Code, tc.want, w.Body)
			}
		})
	}
}
