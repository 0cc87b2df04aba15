package core_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/conformhq/conform/simulator/core"
)

// TestObserve: a request carrying an Observation has it filled with the
// operation it matched, "" for a path the spec does not route, and one
// without is served as before.
func TestObserve(t *testing.T) {
	p, reg, _ := fakeProvider(t, func(c *core.Call) { c.Empty(204) })
	h := p.Serve(reg, nil)
	tests := []struct {
		name, method, path string
		observe            bool
		want               string
	}{
		{"matched", "POST", "/v1/token", true, "createToken"},
		{"not routed", "GET", "/nowhere", true, ""},
		{"not asked", "POST", "/v1/token", false, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			req := httptest.NewRequest(tc.method, tc.path, nil)
			req.Header.Set("X-Client", "ok")
			o := &core.Observation{}
			if tc.observe {
				req = req.WithContext(core.Observe(req.Context(), o))
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code == http.StatusInternalServerError {
				t.Fatalf("status %d", rec.Code)
			}
			if got := o.Operation(); got != tc.want {
				t.Errorf("Operation %q, want %q", got, tc.want)
			}
		})
	}
}
