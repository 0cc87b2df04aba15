package features_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// The checker judges the provider's API only, by the official document,
// and hands the answers through untouched; it adds its fixtures to every
// sandbox created.
func TestOfficialCheckerJudgesTheProviderAPI(t *testing.T) {
	const loginOK = `{"token":"tok-abcdef","tokenType":"AUTH","identity":{"type":"CONSUMER","id":"1"},"credentials":{"type":"ROOT","id":"2"}}`
	tests := []struct {
		name, method, path string
		status             int
		ct, body           string
		want               []officialFinding
		judged             int
		unrouted           string // the route counted as not judged
	}{
		{name: "conforming login", method: "POST", path: "/weavr/login_with_password", status: 200, ct: "application/json", body: loginOK, judged: 1},
		{name: "enum broken", method: "POST", path: "/weavr/login_with_password", status: 200, ct: "application/json",
			body: strings.Replace(loginOK, `"AUTH"`, `"BOGUS"`, 1), judged: 1,
			want: []officialFinding{{Operation: "loginWithPassword", Status: 200, Pointer: "/tokenType"}}},
		{name: "unlisted status answered as default", method: "POST", path: "/weavr/logout", status: 418, ct: "application/json",
			body: `{"code":"TEAPOT"}`, judged: 1},
		{name: "default without its body", method: "POST", path: "/weavr/logout", status: 418, judged: 1,
			want: []officialFinding{{Operation: "logout", Status: 418, Reason: "no body where the spec declares application/json"}}},
		{name: "undocumented route counted, not judged", method: "POST", path: "/weavr/simulate/api/factors/12/challenges/34/verify_success", status: 200,
			ct: "application/json", body: `{"code":"COMPLETED"}`, judged: 1, unrouted: "POST /simulate/api/factors/{n}/challenges/{n}/verify_success → 200"},
		{name: "control API not judged", method: "GET", path: "/_control/sandboxes", status: 200, ct: "application/json", body: `{"sandboxes":[]}`},
		{name: "another provider not judged", method: "POST", path: "/fliqa/login_with_password", status: 200, ct: "application/json", body: `{}`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			backend := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if tc.ct != "" {
					w.Header().Set("Content-Type", tc.ct)
				}
				w.Header().Set("request-ref", "r1")
				w.WriteHeader(tc.status)
				_, _ = io.WriteString(w, tc.body)
			})
			c := newOfficialChecker(backend, "weavr", officialWeavrSpec(t, "3.63"), nil)
			rec := httptest.NewRecorder()
			c.ServeHTTP(rec, httptest.NewRequest(tc.method, tc.path, nil))
			if rec.Code != tc.status || rec.Body.String() != tc.body {
				t.Errorf("the answer was changed: %d %s", rec.Code, rec.Body.String())
			}
			got, _ := c.findings()
			if c.judged != tc.judged {
				t.Errorf("%d answers judged, want %d", c.judged, tc.judged)
			}
			if tc.unrouted != "" && c.unrouted[tc.unrouted] != 1 {
				t.Errorf("not judged: %v, want %q once", c.unrouted, tc.unrouted)
			}
			if len(got) != len(tc.want) {
				t.Fatalf("findings %+v, want %+v", got, tc.want)
			}
			for i, w := range tc.want {
				g := got[i]
				if g.Operation != w.Operation || g.Status != w.Status || g.Pointer != w.Pointer || !strings.Contains(g.Reason, w.Reason) {
					t.Errorf("finding %+v, want %+v", g, w)
				}
				if strings.Contains(g.Reason, "tok-abcdef") {
					t.Errorf("a token leaked into the finding: %q", g.Reason)
				}
			}
		})
	}
}

func TestOfficialCheckerAddsFixturesToNewSandboxes(t *testing.T) {
	versions := map[string]any{"versions": map[string]any{"weavr": "3.63"}}
	tests := []struct {
		name, method, path, body string
		want                     string // the body the simulator receives
	}{
		{name: "empty creation", method: "POST", path: "/_control/sandboxes", body: "", want: `{"versions":{"weavr":"3.63"}}`},
		{name: "creation with sections", method: "POST", path: "/_control/sandboxes", body: `{"clock":{"start":"2026-01-01T00:00:00Z"}}`,
			want: `{"clock":{"start":"2026-01-01T00:00:00Z"},"versions":{"weavr":"3.63"}}`},
		{name: "YAML left to the simulator", method: "POST", path: "/_control/sandboxes", body: "clock: {}", want: "clock: {}"},
		{name: "fixtures added later untouched", method: "POST", path: "/_control/sandboxes/s1/fixtures", body: `{}`, want: `{}`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var got string
			backend := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				b, _ := io.ReadAll(r.Body)
				got = string(b)
				w.WriteHeader(http.StatusCreated)
			})
			c := newOfficialChecker(backend, "weavr", officialWeavrSpec(t, "3.63"), versions)
			c.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(tc.method, tc.path, strings.NewReader(tc.body)))
			if !sameJSON(got, tc.want) {
				t.Errorf("the simulator received %s, want %s", got, tc.want)
			}
		})
	}
}

func sameJSON(a, b string) bool {
	var x, y any
	if json.Unmarshal([]byte(a), &x) != nil || json.Unmarshal([]byte(b), &y) != nil {
		return a == b
	}
	xa, _ := json.Marshal(x)
	ya, _ := json.Marshal(y)
	return string(xa) == string(ya)
}
