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

func TestCheckTags(t *testing.T) {
	tests := []struct {
		name string
		expr string
		want string // "" for accepted
	}{
		{"empty", "", ""},
		{"one tag", "@weavr", ""},
		{"and, not, or", "@weavr && ~@needs-control, @smoke", ""},
		{"colon tags", "@op:loginWithPassword && @status:403", ""},
		{"trailing and", "@weavr &&", "an empty term"},
		{"leading or", ", @weavr", "an empty term"},
		{"bare tilde", "@weavr && ~", "an empty term"},
		{"bare at", "@", "an empty term"},
		{"cucumber's not", "not @wip", `"not @wip" is not a tag`},
		{"parentheses", "(@a, @b)", "is not a tag"},
		{"missing at", "weavr", "lacks its @ (write @weavr)"},
		{"negated missing at", "~weavr", "lacks its @"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := CheckTags(tc.expr)
			switch {
			case tc.want == "" && err != nil:
				t.Fatalf("refused: %v", err)
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
				t.Fatalf("error %v, want %q", err, tc.want)
			}
		})
	}
}

// TestVersionTags: a scenario tagged @version:<v> runs only when v is the
// provider's version under test; untagged scenarios run for every version.
func TestVersionTags(t *testing.T) {
	two := provider.Descriptor{Name: "weavr", Versions: []provider.Version{{Name: "3.32"}, {Name: "3.63"}}}
	list := provider.List{two, {Name: "fliqa", Versions: []provider.Version{{Name: "1"}}}}
	tests := []struct {
		name     string
		tags     string
		provider string
		version  string
		want     string
		// runs lists, for scenarios with these tags, whether they are selected.
		runs map[string]bool
	}{
		{"3.63 under test", "", "weavr", "3.63", "~@version:3.32",
			map[string]bool{"": true, "@version:3.63": true, "@version:3.32": false}},
		{"3.32 under test, with the user's tags", "@smoke", "weavr", "3.32", "@smoke && ~@version:3.63",
			map[string]bool{"@smoke": true, "@smoke @version:3.32": true, "@smoke @version:3.63": false, "@version:3.32": false}},
		{"a provider of one version", "@a,@b", "fliqa", "1", "@a,@b", map[string]bool{"@a": true, "@c": false}},
		{"no version known", "", "weavr", "", "", map[string]bool{"@version:3.63": true}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := versionTags(tc.tags, list, tc.provider, tc.version)
			if got != tc.want {
				t.Fatalf("versionTags = %q, want %q", got, tc.want)
			}
			if err := CheckTags(got); err != nil {
				t.Fatalf("the expression is not godog's: %v", err)
			}
			for tags, want := range tc.runs {
				if ok := matchTags(got, strings.Fields(tags)); ok != want {
					t.Errorf("scenario %q selected %v, want %v", tags, ok, want)
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
