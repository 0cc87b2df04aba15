package runner

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/conformhq/conform/internal/provider"
	"github.com/conformhq/conform/internal/provider/all"
	"github.com/conformhq/conform/steps"
)

// TestVersionApplies: a scenario tagged @version:<v> runs only when v is
// the provider's version under test; untagged scenarios run for every
// version.
func TestVersionApplies(t *testing.T) {
	two := provider.Descriptor{Name: "weavr", Versions: []provider.Version{{Name: "3.32"}, {Name: "3.63"}}}
	list := provider.List{two, {Name: "fliqa", Versions: []provider.Version{{Name: "1"}}}}
	tests := []struct {
		name     string
		provider string
		version  string
		// runs lists, for scenarios with these tags, whether they apply.
		runs map[string]bool
	}{
		{"3.63 under test", "weavr", "3.63", map[string]bool{"": true, "@version:3.63": true, "@version:3.32": false}},
		{"3.32 under test", "weavr", "3.32", map[string]bool{"@smoke": true, "@smoke @version:3.32": true, "@smoke @version:3.63": false}},
		{"a provider of one version", "fliqa", "1", map[string]bool{"@a": true}},
		{"no version known", "weavr", "", map[string]bool{"@version:3.63": true, "@version:3.32": true}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			for tags, want := range tc.runs {
				if ok := versionApplies(list, tc.provider, tc.version, strings.Fields(tags)); ok != want {
					t.Errorf("scenario %q applies %v, want %v", tags, ok, want)
				}
			}
		})
	}
}

// TestMalformedTagRefused: a malformed tag of a family is refused by the
// one reading of the feature files that the run, --list-needs and coverage
// share, naming the scenario, rather than a scenario that covers nothing.
func TestMalformedTagRefused(t *testing.T) {
	dir := writeFeatures(t, map[string]string{
		"weavr/a.feature": "@weavr\nFeature: f\n\n  @op:loginWithPassword @status:4xx\n  Scenario: s\n    Given I use the Weavr API\n",
	})
	list := all.Providers()
	tests := []struct {
		name string
		read func() error
	}{
		{"coverage", func() error { _, err := Coverage(list, os.DirFS(dir)); return err }},
		{"list needs", func() error {
			_, err := ListNeeds(Plan{Providers: list, Features: os.DirFS(dir), Timeout: time.Second})
			return err
		}},
		{"run", func() error {
			_, err := Execute(context.Background(), Plan{Providers: list, Features: os.DirFS(dir), Timeout: time.Second, ReportDir: t.TempDir()})
			return err
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.read()
			var te *steps.TagError
			if !errors.As(err, &te) || te.Tag != "@status:4xx" || !strings.Contains(err.Error(), "features/weavr/a.feature:5") {
				t.Fatalf("error %v, want a TagError for @status:4xx at features/weavr/a.feature:5", err)
			}
		})
	}
}
