package fliqa

import (
	"fmt"
	"net/http"
	"sort"
	"testing"
)

// TestFliqa runs every group of cases against one coverage record, then
// checks that every documented (operation, status) and every errorSubCode
// of the spec was provoked by some case.
func TestFliqa(t *testing.T) {
	cov := newCoverage()
	groups := []struct {
		name string
		run  func(*testing.T, *coverage)
	}{
		{"token", testToken},
		{"login", testLogin},
		{"consent", testConsent},
		{"faults", testFaults},
		{"robustness", testRobustness},
	}
	for _, g := range groups {
		t.Run(g.name, func(t *testing.T) {
			g.run(t, cov)
			cov.mu.Lock()
			cov.groups[g.name] = true
			cov.mu.Unlock()
		})
	}
	t.Run("coverage", func(t *testing.T) {
		if len(cov.groups) != len(groups) {
			t.Skip("not every group ran")
		}
		p, err := New()
		if err != nil {
			t.Fatal(err)
		}
		for _, op := range p.Spec.Operations() {
			for _, st := range op.Statuses {
				if !cov.statuses[fmt.Sprintf("%s %d", op.ID, st)] {
					t.Errorf("no test case provoked %s %d", op.ID, st)
				}
			}
		}
		var missing []string
		for _, v := range p.Spec.Doc.Components.Schemas["Error"].Value.Properties["errorSubCode"].Value.Enum {
			if !cov.subs[v.(string)] {
				missing = append(missing, v.(string))
			}
		}
		sort.Strings(missing)
		if len(missing) > 0 {
			t.Errorf("no test case provoked errorSubCode %v", missing)
		}
	})
}

func TestNew(t *testing.T) {
	p, err := New()
	if err != nil {
		t.Fatal(err)
	}
	if p.Name != Name || p.RateKey != nil {
		t.Errorf("name %q, rate key set %v", p.Name, p.RateKey != nil)
	}
	if err := p.Check(); err != nil {
		t.Error(err)
	}
}

func TestNotFound(t *testing.T) {
	e := newEnv(t, nil, "default")
	for _, c := range []struct{ method, path string }{
		{"GET", "/nope"},
		{"GET", "/account/login"},
		{"DELETE", "/account/consent"},
		{"POST", "/account/auth/token/sandbox/api/inq-demo-1"},
		{"GET", "/account/auth/token/sandbox/api"},
	} {
		t.Run(c.method+c.path, func(t *testing.T) {
			r := e.do(c.method, c.path, "")
			wantError(t, r, http.StatusNotFound, "")
			if r.Header.Get("Content-Type") != "application/json" {
				t.Errorf("content type %q", r.Header.Get("Content-Type"))
			}
		})
	}
}
