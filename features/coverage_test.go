package features_test

import (
	"testing"

	"github.com/conformhq/conform/internal/provider/all"
	"github.com/conformhq/conform/internal/runner"
)

// TestEveryDocumentedCodeHasAScenario is `conform coverage` as a test: every
// (operation, status) of the specs and every error code has a tagged scenario.
func TestEveryDocumentedCodeHasAScenario(t *testing.T) {
	gaps, err := runner.Coverage(all.Providers(), nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range gaps {
		t.Errorf("no scenario for %s", g)
	}
}
