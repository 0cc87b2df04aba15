package features_test

import (
	"testing"

	"github.com/conformhq/conform/features"
	"github.com/conformhq/conform/internal/runner"
	"github.com/conformhq/conform/specs"
	"github.com/conformhq/conform/specs/oas"
)

// TestEveryDocumentedCodeHasAScenario is `conform coverage` as a test: every
// (operation, status) of the specs and every error code has a tagged scenario.
func TestEveryDocumentedCodeHasAScenario(t *testing.T) {
	all := map[string]*oas.Spec{}
	for _, p := range specs.Providers {
		s, err := oas.Load(p)
		if err != nil {
			t.Fatal(err)
		}
		all[p] = s
	}
	gaps, err := runner.Coverage(all, features.FS)
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range gaps {
		t.Errorf("no scenario for %s", g)
	}
}
