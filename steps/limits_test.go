package steps

import (
	"errors"
	"strings"
	"testing"

	"github.com/conformhq/conform/steps/config"
)

// TestCount: a count written with a limit is the declared value, else the
// sandbox's default against the control API, else (exact) not applicable
// naming the declaration or (a bound) the limit's Bound.
func TestCount(t *testing.T) {
	limit := Limit{Name: "lockoutThreshold", Default: 5, Bound: 10, Source: "no reference gives it"}
	tests := []struct {
		name     string
		declared map[string]int
		control  bool
		expr     string
		exact    bool
		want     int
		na       string // substring of the not-applicable reason
		err      string
	}{
		{name: "a number", expr: "4", exact: true, want: 4},
		{name: "declared", declared: map[string]int{"lockoutThreshold": 3}, expr: "lockoutThreshold", exact: true, want: 3},
		{name: "declared, minus one", declared: map[string]int{"lockoutThreshold": 3}, expr: "lockoutThreshold - 1", exact: true, want: 2},
		{name: "the sandbox's default", control: true, expr: "lockoutThreshold + 1", exact: true, want: 6},
		{name: "a bound where none is declared", expr: "lockoutThreshold", want: 10},
		{name: "exact, undeclared, no control", expr: "lockoutThreshold - 1", exact: true, na: "needs limit:weavr/lockoutThreshold (config providers.weavr.limits.lockoutThreshold"},
		{name: "nothing left to count", declared: map[string]int{"lockoutThreshold": 1}, expr: "lockoutThreshold - 1", exact: true, na: "comes to 0"},
		{name: "an unknown limit", expr: "attempts", exact: true, err: `weavr declares no limit "attempts"`},
		{name: "not a count", expr: "five times", exact: true, err: "is no count"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			target := &Target{Config: &config.Config{Providers: map[string]*config.Provider{"weavr": {Limits: tc.declared}}}}
			if tc.control {
				target.Control = "http://control.test"
			}
			w := newWorld(&Env{Target: target, Vocabularies: []Vocabulary{{Name: "weavr", Limits: []Limit{limit}}}})
			got, err := w.Count("weavr", tc.expr, tc.exact)
			switch {
			case tc.na != "":
				if !errors.Is(err, ErrNotApplicable) || !strings.Contains(w.NotApplicable, tc.na) {
					t.Fatalf("%d, %v (%q), want not applicable with %q", got, err, w.NotApplicable, tc.na)
				}
			case tc.err != "":
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("%d, %v, want an error with %q", got, err, tc.err)
				}
			case err != nil || got != tc.want:
				t.Fatalf("%d, %v, want %d", got, err, tc.want)
			}
		})
	}
}
