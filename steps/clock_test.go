package steps

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/conformhq/conform/specs/redact"
	"github.com/conformhq/conform/steps/config"
	"github.com/conformhq/conform/steps/timing"
)

// toyWorld is a scenario of provider "toy", whose timings are session
// (1h) and token (10m, not fixed by its contract), at a target without the
// control API whose config declares declared.
func toyWorld(declared map[string]time.Duration) *World {
	env := &Env{
		Target: &Target{Config: &config.Config{Providers: map[string]*config.Provider{"toy": {Timings: declared}}}},
		Vocabularies: []Vocabulary{{Name: "toy", Title: "Toy", Timings: []timing.Timing{
			{Name: "session", Default: time.Hour},
			{Name: "token", Default: 10 * time.Minute, Unfixed: "only an example shows it"},
		}}},
		Secrets: &redact.Secrets{},
	}
	w := newWorld(env)
	w.scenarioProvider = "toy"
	return w
}

func TestWorldTimings(t *testing.T) {
	tests := []struct {
		name     string
		declared map[string]time.Duration
		set      timing.Durations
		expr     string
		want     time.Duration
		na       string // the not-applicable reason must contain it
		err      string
	}{
		{name: "the default", expr: "session - 1s", want: time.Hour - time.Second},
		{name: "declared wins", declared: map[string]time.Duration{"session": 10 * time.Second}, expr: "session - 1s", want: 9 * time.Second},
		{name: "set by a step wins", declared: map[string]time.Duration{"session": 10 * time.Second}, set: timing.Durations{"session": 20 * time.Second}, expr: "session + 1s", want: 21 * time.Second},
		{name: "declared too short for the margin", declared: map[string]time.Duration{"session": 30 * time.Second}, expr: "session - 1m", na: "session = 30s: the timings are too short"},
		{name: "unfixed and undeclared", expr: "token + 1s", na: "the config declares no providers.toy.timings.token"},
		{name: "unfixed but declared", declared: map[string]time.Duration{"token": 5 * time.Second}, expr: "token + 1s", want: 6 * time.Second},
		{name: "unfixed but learnt", set: timing.Durations{"token": 7 * time.Second}, expr: "token + 1s", want: 8 * time.Second},
		{name: "unknown", expr: "tokn + 1s", err: `names the timing "tokn", which is not known (known: session, token)`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w := toyWorld(tc.declared)
			for n, d := range tc.set {
				w.SetTiming(n, d)
			}
			_, got, err := w.EvalTiming(tc.expr)
			switch {
			case tc.na != "":
				if !errors.Is(err, ErrNotApplicable) || !strings.Contains(w.NotApplicable, tc.na) {
					t.Fatalf("err %v, reason %q; want not applicable with %q", err, w.NotApplicable, tc.na)
				}
			case tc.err != "":
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("err %v, want %q", err, tc.err)
				}
			case err != nil:
				t.Fatal(err)
			case got != tc.want:
				t.Errorf("got %s, want %s", got, tc.want)
			}
		})
	}
}

// TestJSONIsSeconds: a lifetime stated in seconds (Fiskil's expires_in) is
// judged against the scenario's timing: the contract's under the defaults,
// the deployment's where the config declares one. A deployment following
// either passes; a value that follows neither, or is no number, fails.
func TestJSONIsSeconds(t *testing.T) {
	tests := []struct {
		name     string
		declared map[string]time.Duration
		body     string
		err      string // "" passes
	}{
		{name: "the contract's lifetime under the defaults", body: `{"expires_in": 3600}`},
		{name: "the declared lifetime", declared: map[string]time.Duration{"session": 4 * time.Second}, body: `{"expires_in": 4}`},
		{name: "a short lifetime nobody declared", body: `{"expires_in": 4}`, err: "expected 3600"},
		{name: "the contract's when another is declared", declared: map[string]time.Duration{"session": 4 * time.Second}, body: `{"expires_in": 3600}`, err: "expected 4"},
		{name: "a string", body: `{"expires_in": "3600"}`, err: "expected 3600"},
		{name: "missing", body: `{}`, err: "expected 3600"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w := toyWorld(tc.declared)
			w.last = &Response{Status: 200, Body: []byte(tc.body)}
			err := w.jsonIsSeconds("expires_in", "session")
			if tc.err == "" {
				if err != nil {
					t.Fatalf("a faithful answer failed: %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Fatalf("err = %v, want it to contain %q", err, tc.err)
			}
		})
	}
}
