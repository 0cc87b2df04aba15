package runner

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/conformhq/conform/internal/provider"
)

// outlineFeature has a plain scenario and an outline of two Examples
// blocks; the comments are the lines.
const outlineFeature = `@weavr
Feature: f

  @smoke
  Scenario: plain
    Given I use the Weavr API

  Scenario Outline: outline <n>
    Given I use the Weavr API

    Examples: first
      | n |
      | 1 |
      | 2 |

    @later
    Examples: second
      | n |
      | 3 |
`

// TestPicks: any line of a scenario picks it; an Examples row picks its
// row, an Examples block's other lines its rows, the outline's own lines
// all of them; a line outside every scenario or a file no provider has is
// refused, naming what there is.
func TestPicks(t *testing.T) {
	f, err := parseFeature("features/weavr/f.feature", []byte(outlineFeature))
	if err != nil {
		t.Fatal(err)
	}
	f.Provider = "weavr"
	other, err := parseFeature("features/weavr/logout.feature", []byte("Feature: g\n  Scenario: s\n    Given I use the Weavr API\n"))
	if err != nil {
		t.Fatal(err)
	}
	files := []*featureFile{f, other}
	tests := []struct {
		name  string
		lines map[string][]int
		want  []string // scenario names, " #row" for an outline's row
		err   string
	}{
		{"the whole file", map[string][]int{"weavr/f.feature": {0}}, []string{"plain", "outline 1", "outline 2", "outline 3"}, ""},
		{"the scenario line", map[string][]int{"weavr/f.feature": {5}}, []string{"plain"}, ""},
		{"its tag line", map[string][]int{"weavr/f.feature": {4}}, []string{"plain"}, ""},
		{"its step", map[string][]int{"weavr/f.feature": {6}}, []string{"plain"}, ""},
		{"the blank line after it", map[string][]int{"weavr/f.feature": {7}}, []string{"plain"}, ""},
		{"the outline's line", map[string][]int{"weavr/f.feature": {8}}, []string{"outline 1", "outline 2", "outline 3"}, ""},
		{"an Examples row", map[string][]int{"weavr/f.feature": {13}}, []string{"outline 1"}, ""},
		{"another row", map[string][]int{"weavr/f.feature": {14}}, []string{"outline 2"}, ""},
		{"an Examples header", map[string][]int{"weavr/f.feature": {11}}, []string{"outline 1", "outline 2"}, ""},
		{"a tagged Examples block's tag", map[string][]int{"weavr/f.feature": {16}}, []string{"outline 3"}, ""},
		{"two lines", map[string][]int{"weavr/f.feature": {5, 19}}, []string{"plain", "outline 3"}, ""},
		{"the features/ prefix", map[string][]int{"features/weavr/f.feature": {5}}, []string{"plain"}, ""},
		{"a path on disk", map[string][]int{"/home/me/conform/features/weavr/f.feature": {5}}, []string{"plain"}, ""},
		{"a Windows path", map[string][]int{`C:\conform\features\weavr\f.feature`: {5}}, []string{"plain"}, ""},
		{"the feature line", map[string][]int{"weavr/f.feature": {2}}, nil, "features/weavr/f.feature:2: no scenario there (its scenarios start at lines 5, 13, 14, 19)"},
		{"past the end", map[string][]int{"weavr/logout.feature": {30}}, []string{"s"}, ""},
		{"no such file", map[string][]int{"weavr/logut.feature": {3}}, nil, "no such feature file among the providers run (a file is named as in the features folder: weavr/logout.feature); did you mean weavr/logout.feature?"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			sel, err := newSelection(Plan{Lines: tc.lines}, provider.List{}, nil, files)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("error %v, want %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, ff := range files {
				for _, p := range ff.Pickles {
					if sel.has(ff, p) {
						got = append(got, p.Name)
					}
				}
			}
			if !slices.Equal(got, tc.want) {
				t.Fatalf("picked %q, want %q", got, tc.want)
			}
		})
	}
}

// TestNothingSelected: tags that select nothing are refused naming the
// tags no scenario carries, with the nearest one that some scenario does.
func TestNothingSelected(t *testing.T) {
	f, err := parseFeature("features/weavr/f.feature", []byte(outlineFeature))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, tags, want string
	}{
		{"a typo", "@smok", "no scenario is tagged @smok (did you mean @smoke?)"},
		{"nothing near", "@nosuchtag", "no scenario is tagged @nosuchtag"},
		{"known tags that exclude each other", "@smoke and @later", `no scenario matched (tags "@smoke and @later", providers weavr)`},
	}
	t.Run("tags that select none of the scenarios picked", func(t *testing.T) {
		sel, err := newSelection(Plan{Tags: "@later", Lines: map[string][]int{"weavr/f.feature": {5, 13}}}, provider.List{}, nil, []*featureFile{f})
		if err != nil {
			t.Fatal(err)
		}
		want := `no scenario matched: the tags "@later" select none of the 2 scenarios picked by file and line`
		if err := sel.nothing([]*featureFile{f}, []string{"weavr"}); sel.count(f) != 0 || err == nil || err.Error() != want {
			t.Fatalf("error %v, want %q", err, want)
		}
	})
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			sel, err := newSelection(Plan{Tags: tc.tags}, provider.List{}, nil, []*featureFile{f})
			if err != nil {
				t.Fatal(err)
			}
			if n := sel.count(f); n != 0 {
				t.Fatalf("selects %d scenarios", n)
			}
			err = sel.nothing([]*featureFile{f}, []string{"weavr"})
			if !errors.Is(err, ErrNoScenario) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want ErrNoScenario with %q", err, tc.want)
			}
		})
	}
}
