// Package simtest helps tests of the simulator: it wraps a provider's handler
// so that every response it gives is validated against the provider's spec,
// and any drift between simulator and spec fails the test.
package simtest

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/conformhq/conform/simulator/core"
	"github.com/conformhq/conform/specs/oas"
)

// Validating returns a handler that serves through h and validates every
// response against spec (documented status, content type, headers, body
// schema, no body where none is declared). Violations fail t. Paths are
// relative to the provider's root, as h sees them; requests for which the
// spec documents no operation (a consent page) are passed through unchecked.
func Validating(t testing.TB, spec *oas.Spec, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		if _, _, err := spec.Match(r.Method, r.URL.Path); err == nil {
			_, vs := spec.ValidateResponse(oas.Response{
				Method: r.Method, Path: r.URL.Path, Status: rec.Code,
				Header: rec.Header(), Body: rec.Body.Bytes(),
			})
			for _, v := range vs {
				t.Errorf("spec violation: %v\n  body: %s", v, rec.Body.String())
			}
		}
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.WriteHeader(rec.Code)
		_, _ = w.Write(rec.Body.Bytes())
	})
}

// CheckDefaultFixtures fails t unless the provider carries its default
// fixtures and its Fixtures hook applies them to a new sandbox: the
// simulator builds its default sandbox from Provider.DefaultFixtures alone.
func CheckDefaultFixtures(t testing.TB, p *core.Provider) {
	t.Helper()
	if !json.Valid(p.DefaultFixtures) {
		t.Fatalf("%s: DefaultFixtures is not a JSON document: %q", p.Name, p.DefaultFixtures)
	}
	sb, err := core.NewRegistry(1, nil).Create("")
	if err != nil {
		t.Fatal(err)
	}
	sb.Lock()
	defer sb.Unlock()
	if _, err := p.Fixtures(sb, p.DefaultFixtures); err != nil {
		t.Fatalf("%s: the default fixtures do not apply: %v", p.Name, err)
	}
}
