package features_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/conformhq/conform/internal/provider/all"
	"github.com/conformhq/conform/internal/runner"
	"github.com/conformhq/conform/reports"
	"github.com/conformhq/conform/simulator"
	"github.com/conformhq/conform/steps/config"
)

// TestWeavrFaithfulChoicesWarn: each of issue #15's classes of faithful
// answers (a variant of weavrVariants, alone) passes the suite of both
// Weavr versions, and the scenarios whose expectation it changes pass with
// a warning naming the rule (7 for a decided expectation, 6 for a shape
// only the newest version documents, 2 for an optional field left out).
func TestWeavrFaithfulChoicesWarn(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the Weavr suite once per variant and version")
	}
	tests := []struct {
		variant string
		// warned are substrings of scenario names that must pass with a
		// warning naming rule, per version ("" for both).
		warned  []string
		rule    string
		version string
	}{
		{variant: "403 with INSUFFICIENT_PERMISSIONS for a token of the wrong kind", rule: "rule 7",
			warned: []string{"an AUTH token is unauthorized where an ACCESS token is needed", "a temporary token is unauthorized"}},
		{variant: "/access_token without a token is 403", rule: "rule 7",
			warned: []string{"a request without a token is unauthorized"}},
		{variant: "a session already stepped up may start another challenge", rule: "rule 7",
			warned: []string{"a session already stepped up has nothing left to step up", "the sandbox code verifies the challenge and steps the session up"}},
		{variant: "syntax error IN", rule: "rule 7",
			warned: []string{"a channel that is not upper-case letters is refused"}},
		{variant: "CHANNEL_ALREADY_REGISTERED", rule: "rule 7", version: "3.63",
			warned: []string{"in 3.63 a code without a pending enrolment is in the wrong state"}},
		{variant: "a new password's rules are checked before the old password", rule: "rule 7",
			warned: []string{"the old password is checked before the new one"}},
		{variant: "400s without syntaxErrors", rule: "rule 7",
			warned: []string{"a login request with no password is refused naming the field"}},
		{variant: "a login answer without tokenType", rule: "rule 2",
			warned: []string{"the right e-mail and password give an AUTH token"}},
		{variant: "403s of the Forbidden component carry 3.63's body", rule: "rule 6", version: "3.32",
			warned: []string{"a temporary token is forbidden"}},
	}
	for _, tc := range tests {
		var v *variant
		for _, c := range weavrVariants() {
			if strings.Contains(c.name, tc.variant) {
				v = &c
			}
		}
		if v == nil {
			t.Fatalf("no Weavr variant %q", tc.variant)
		}
		for _, version := range []string{"3.32", "3.63"} {
			if tc.version != "" && tc.version != version {
				continue
			}
			t.Run(version+"/"+tc.variant, func(t *testing.T) {
				sim, err := simulator.New(simulator.Options{Providers: all.Providers().Simulators()})
				if err != nil {
					t.Fatal(err)
				}
				run := runVersion(t, served(t, faithful(sim, []variant{*v})), "weavr", version)
				warned := map[string]bool{}
				for _, f := range run.Features {
					for _, s := range f.Scenarios {
						if s.Outcome == reports.Failed {
							t.Errorf("false alarm: %s:%d %q: %s", f.URI, s.Line, s.Name, run.Secrets.String(s.Reason))
						}
						for _, w := range s.Warnings {
							if w.Rule == tc.rule {
								warned[s.Name] = true
							}
						}
					}
				}
				for _, want := range tc.warned {
					found := false
					for name := range warned {
						found = found || strings.Contains(name, want)
					}
					if !found {
						t.Errorf("no scenario %q passed with a warning naming %s (warned: %v)", want, tc.rule, warned)
					}
				}
			})
		}
	}
}

// TestWeavrDeclaredLimits: a deployment that declares other counts than
// the simulator's defaults (3 failed logins lock, 3 wrong codes end a
// challenge) and 3.63's documented 15-second gap between SMS challenges
// passes both versions' suites: the sandbox takes the declared values
// from the config, the scenarios count with them, and the scenarios that
// start challenges one after the other wait out the gap.
func TestWeavrDeclaredLimits(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the Weavr suite twice")
	}
	for _, version := range []string{"3.32", "3.63"} {
		t.Run(version, func(t *testing.T) {
			target, err := runner.BuiltIn(all.Providers(), 10*time.Second)
			if err != nil {
				t.Fatal(err)
			}
			target.Config.Providers = map[string]*config.Provider{"weavr": {
				Limits:  map[string]int{"lockoutThreshold": 3, "wrongCodeAttempts": 3},
				Timings: map[string]time.Duration{"challengeRetryGap": 15 * time.Second},
			}}
			run := runVersion(t, target, "weavr", version)
			total := reports.CountScenarios(run)
			if total.Scenarios == 0 || total.Passed != total.Scenarios {
				for _, f := range run.Features {
					for _, s := range f.Scenarios {
						if s.Outcome != reports.Passed {
							t.Errorf("%s:%d %q: %s: %s", f.URI, s.Line, s.Name, s.Outcome, run.Secrets.String(s.Reason))
						}
					}
				}
				t.Fatalf("%+v", total)
			}
		})
	}
}

// TestDeclaredLimitsReachTheSandbox: a suite that counts with the
// simulator's default while the deployment locks after 3 failures fails
// the lockout scenarios, so the sandbox really took the declared value.
func TestDeclaredLimitsReachTheSandbox(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the Weavr login scenarios")
	}
	sim, err := simulator.New(simulator.Options{Providers: all.Providers().Simulators(), NoDefaultSandbox: true})
	if err != nil {
		t.Fatal(err)
	}
	// The proxy declares 3 to the sandbox whatever the harness says.
	proxy := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost && r.URL.Path == "/_control/sandboxes" {
			r.Body = lockAfter3(t, r)
		}
		sim.ServeHTTP(w, r)
	})
	target := served(t, proxy)
	run := runVersion(t, target, "weavr", "3.63")
	failed := false
	for _, f := range run.Features {
		for _, s := range f.Scenarios {
			if strings.Contains(s.Name, "lock the credentials at the lockout threshold") {
				failed = failed || s.Outcome == reports.Failed
			}
		}
	}
	if !failed {
		t.Error("the lockout scenario passed although the sandbox locks after 3 failures and the harness counts 5")
	}
}

// lockAfter3 is a sandbox request whose Weavr section locks credentials
// after 3 failed logins.
func lockAfter3(t *testing.T, r *http.Request) io.ReadCloser {
	doc := map[string]any{}
	b, err := io.ReadAll(r.Body)
	if err != nil {
		t.Error(err)
	}
	if len(b) > 0 {
		if err := json.Unmarshal(b, &doc); err != nil {
			t.Error(err)
		}
	}
	doc["weavr"] = map[string]any{"lockoutThreshold": 3}
	out, _ := json.Marshal(doc)
	r.ContentLength = int64(len(out))
	return io.NopCloser(bytes.NewReader(out))
}
