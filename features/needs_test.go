package features_test

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"maps"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	gherkin "github.com/cucumber/gherkin/go/v26"
	messages "github.com/cucumber/messages/go/v21"

	"github.com/conformhq/conform/features"
	"github.com/conformhq/conform/internal/provider"
	"github.com/conformhq/conform/internal/provider/all"
	"github.com/conformhq/conform/internal/runner"
	"github.com/conformhq/conform/reports"
	"github.com/conformhq/conform/simulator"
	"github.com/conformhq/conform/steps"
	"github.com/conformhq/conform/steps/config"
)

// withoutControl serves the simulator as a deployment would: /_control
// answers 404, and no config gives credentials or fixtures.
func withoutControl(t *testing.T) *steps.Target {
	t.Helper()
	sim, err := simulator.New(simulator.Options{Providers: all.Providers().Simulators()})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/_control") {
			http.NotFound(w, r)
			return
		}
		sim.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	target, err := runner.Remote(context.Background(), &config.Config{Target: srv.URL, Control: "auto"}, 10*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if target.Control != "" {
		t.Fatal("the hidden control API was found")
	}
	return target
}

// decidedLate lists the not-applicable scenarios of run that were not
// found so before their first step: a step found what they need, which
// the rules did not infer (or one ran, or sent a request, before).
func decidedLate(run *reports.Run) []string {
	var out []string
	for _, f := range run.Features {
		for _, s := range f.Scenarios {
			if s.Outcome != reports.NotApplicable {
				continue
			}
			ran := slices.ContainsFunc(s.Steps, func(st reports.Step) bool { return st.Status != reports.StepSkipped })
			if len(s.Missing) == 0 || ran || len(s.Exchanges) > 0 {
				out = append(out, fmt.Sprintf("%s:%d %q: %s", f.URI, s.Line, s.Name, s.Reason))
			}
		}
	}
	return out
}

// TestNeedsInferredBeforeTheRun runs every scenario, of every version,
// against the simulator with its control API hidden and no config: every
// scenario found not applicable must have been found so by the Before hook
// (its needs inferred from its steps), before any step ran or any request
// was sent. A step left to find out at run time (steps/control.go, Fliqa's
// settings and OTPs, Fiskil's client) means a rule is missing.
func TestNeedsInferredBeforeTheRun(t *testing.T) {
	target := withoutControl(t)
	choices := []map[string]string{nil}
	for _, d := range all.Providers() {
		for _, v := range d.Versions[1:] {
			choices = append(choices, map[string]string{d.Name: v.Name})
		}
	}
	for _, versions := range choices {
		t.Run(fmt.Sprint(versions), func(t *testing.T) {
			list := all.Providers()
			if versions != nil {
				var err error
				if list, err = list.Select(slices.Collect(maps.Keys(versions))); err != nil {
					t.Fatal(err)
				}
			}
			run := runIn(t, target, list, list, versions)
			totals := reports.CountScenarios(run)
			if totals.NotApplicable == 0 {
				t.Fatalf("no scenario was not applicable without the control API: %+v", totals)
			}
			for _, late := range decidedLate(run) {
				t.Errorf("found not applicable only while running: %s", late)
			}
			t.Logf("%+v", totals)
		})
	}
}

// TestIncompleteNeedRulesAreCaught shows that the check of
// TestNeedsInferredBeforeTheRun can fail: with Fiskil's rules for its
// client credentials taken out, the token steps find the scenario not
// applicable only while running, and decidedLate names them.
func TestIncompleteNeedRulesAreCaught(t *testing.T) {
	list, err := all.Providers().Select([]string{"fiskil"})
	if err != nil {
		t.Fatal(err)
	}
	d := list[0]
	full := d.Vocabulary
	d.Vocabulary = func() steps.Vocabulary {
		v := full()
		v.Needs = slices.DeleteFunc(slices.Clone(v.Needs), func(r steps.NeedRule) bool {
			return slices.ContainsFunc(r.Needs(steps.NeedMatch{Groups: []string{""}}), func(c steps.Capability) bool {
				return c.Kind() == steps.KindCredential
			})
		})
		return v
	}
	run := runIn(t, withoutControl(t), provider.List{d}, provider.List{d}, nil)
	late := decidedLate(run)
	if len(late) == 0 {
		t.Fatal("a rule table without the credential rules passed the completeness check")
	}
	if !strings.Contains(late[0], "client credentials") {
		t.Errorf("expected the late finding to be Fiskil's missing client, got %s", late[0])
	}
	t.Logf("%d scenarios found not applicable late, e.g. %s", len(late), late[0])
}

// pickles are the scenarios of the real feature files, with their files.
func pickles(t *testing.T) map[*messages.Pickle]string {
	t.Helper()
	out := map[*messages.Pickle]string{}
	err := fs.WalkDir(features.FS, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(features.FS, path)
		if err != nil {
			return err
		}
		newID := (&messages.Incrementing{}).NewId
		doc, err := gherkin.ParseGherkinDocumentForLanguage(bytes.NewReader(b), gherkin.DefaultDialect, newID)
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		for _, p := range gherkin.Pickles(*doc, path, newID) {
			out[p] = path
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// envWithoutControl is an Env of every provider, for inference only.
func envWithoutControl(t *testing.T) *steps.Env {
	t.Helper()
	env, err := runner.NewEnv(&steps.Target{Config: &config.Config{}}, all.Providers(), runner.EnvChoice{})
	if err != nil {
		t.Fatal(err)
	}
	return env
}

// TestNeedsOfRealScenarios checks the inference on scenarios of the real
// feature files, one per kind of rule.
func TestNeedsOfRealScenarios(t *testing.T) {
	env := envWithoutControl(t)
	byName := map[string]*messages.Pickle{}
	for p, path := range pickles(t) {
		byName[path+": "+p.Name] = p
	}
	tests := []struct {
		name, scenario string
		want           []steps.Capability
	}{
		{"a clock step and a user", "weavr/start_stepup_push.feature: a push challenge unanswered for 4 minutes 59 seconds is still in flight",
			[]steps.Capability{steps.Clock, "fixture:weavr/authyUser"}},
		{"the simulate API and the challenge's state", "weavr/start_stepup_push.feature: a push challenge approved by the user steps the session up",
			[]steps.Capability{"fixture:weavr/authyUser", "simulate:weavr", "state:weavr"}},
		{"faults", "weavr/start_stepup_push.feature: a push challenge provoked by fault control carries CHALLENGE_LIMIT_EXCEEDED",
			[]steps.Capability{steps.Faults, "fixture:weavr/authyUser"}},
		{"a rate limit", "weavr/start_stepup_push.feature: push challenges beyond the api key's rate limit are refused with the limit's headers",
			[]steps.Capability{steps.Clock, "fixture:weavr/authyUser", steps.RateLimitOf("weavr")}},
		{"the sandbox OTP in a request body", "weavr/verify_stepup_otp.feature: the sandbox code verifies the challenge and steps the session up",
			[]steps.Capability{"fixture:weavr/smsUser", "sandbox-code:weavr/123456"}},
		{"a Fliqa OTP, an inquiry, a consent owner and a provider", "fliqa/create_consent.feature: the one-time password sent by SMS creates an initiated consent for the phone number",
			[]steps.Capability{"fixture:fliqa/consentOwner", "fixture:fliqa/consentProvider", "fixture:fliqa/inquiry", "otp:fliqa"}},
		{"a lockout: a user used up and the clock", "weavr/login_with_password.feature: the lockout still holds just before 30 minutes have passed",
			[]steps.Capability{steps.Clock, "fixture:weavr/lockoutUser"}},
		{"Fiskil's client, from a Background", "fiskil/create_token.feature: valid client credentials get a bearer token valid for 900 seconds",
			[]steps.Capability{"credential:fiskil/clientId", "credential:fiskil/clientSecret"}},
		{"a user of no fixture beyond the plain one", "weavr/start_stepup_push.feature: a request without a token is unauthorized",
			[]steps.Capability{"fixture:weavr/authyUser"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := byName[tt.scenario]
			if p == nil {
				t.Fatalf("no scenario %q in the feature files (renamed? update the case)", tt.scenario)
			}
			needs, err := env.NeedsOf(p)
			if err != nil {
				t.Fatal(err)
			}
			var got []steps.Capability
			for _, n := range needs {
				got = append(got, n.Capability)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("needs %v, want %v", got, tt.want)
			}
		})
	}
}
