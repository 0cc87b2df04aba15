package reports

import (
	"net/http"
	"strings"
	"testing"

	"github.com/conformhq/conform/steps"
)

// runOf is a run of scenarios with the given outcomes, in one feature.
func runOf(outcomes ...Outcome) *Run {
	run := &Run{Target: "https://t.example"}
	f := Feature{Name: "f", URI: "features/weavr/f.feature"}
	for i, o := range outcomes {
		f.Scenarios = append(f.Scenarios, Scenario{Name: "s", Line: 3 + i, Outcome: o, Reason: "why"})
	}
	run.Features = []Feature{f}
	return run
}

func TestJudge(t *testing.T) {
	tests := []struct {
		name       string
		run        *Run
		verdict    Verdict
		words, why string
		ok         bool
	}{
		{"all passed", runOf(Passed, Passed), VerdictPassed, "PASSED", "all 2 scenarios passed", true},
		{"passed beside not applicable", runOf(Passed, NotApplicable), VerdictPassed, "PASSED", "the 1 scenario that ran passed", true},
		{"a failure", runOf(Passed, Failed), VerdictFailed, "FAILED", "1 of 2 scenarios failed", false},
		{"an unknown outcome counts as failed", runOf(Passed, Outcome("")), VerdictFailed, "FAILED", "1 of 2 scenarios failed", false},
		{"a failure outranks an error", runOf(Errored, Failed), VerdictFailed, "FAILED", "1 of 2 scenarios failed", false},
		{"an error, no failure", runOf(Passed, Errored), VerdictError, "ERROR", "1 of 2 scenarios could not be judged", false},
		{"nothing ran", runOf(), VerdictError, "ERROR", "no scenario was judged", false},
		{"all not applicable", runOf(NotApplicable, NotApplicable), VerdictError, "ERROR", "all 2 scenarios were not applicable", false},
		{"interrupted outranks a pass", func() *Run { r := runOf(Passed); r.Interrupted = "interrupted (Ctrl-C)"; return r }(), VerdictInterrupted, "INTERRUPTED", "Ctrl-C", false},
		{"interrupted outranks a failure", func() *Run { r := runOf(Failed); r.Interrupted = "deadline"; return r }(), VerdictInterrupted, "INTERRUPTED", "incomplete", false},
		{"passed, not certified", func() *Run {
			r := runOf(Passed)
			r.RequireCoverage = 0.9
			r.Documented = []Code{{Provider: "weavr", Operation: "x", Status: 200}}
			return r
		}(), VerdictPassed, "PASSED · NOT CERTIFIED", "", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			v := Judge(tc.run)
			if v.Verdict != tc.verdict || v.Words() != tc.words || !strings.Contains(v.Why, tc.why) || v.OK() != tc.ok {
				t.Errorf("Judge = %s (%q, %q, ok %v), want %s (%q, %q, ok %v)", v.Verdict, v.Words(), v.Why, v.OK(), tc.verdict, tc.words, tc.why, tc.ok)
			}
		})
	}
}

func TestCurlCommand(t *testing.T) {
	tests := []struct {
		name     string
		exchange steps.Exchange
		provider string
		want     string
		vars     []string
	}{
		{
			name:     "secrets become variables named after what they are",
			exchange: steps.Exchange{Method: "POST", URL: "https://t.example/v1/verify?otp=[REDACTED]&channel=SMS", RequestHeaders: http.Header{"Authorization": {"Bearer [REDACTED]"}, "Api-Key": {"[REDACTED]"}, "Content-Length": {"30"}}, RequestBody: `{"verificationCode":"[REDACTED]","password":{"value":"[REDACTED]"}}`},
			provider: "weavr",
			want: `curl -sS -X POST 'https://t.example/v1/verify?otp='"$OTP"'&channel=SMS' \
  -H 'Api-Key: '"$WEAVR_API_KEY" \
  -H 'Authorization: Bearer '"$TOKEN" \
  --data-raw '{"verificationCode":"'"$VERIFICATION_CODE"'","password":{"value":"'"$PASSWORD"'"}}'`,
			vars: []string{"OTP", "WEAVR_API_KEY", "TOKEN", "PASSWORD", "VERIFICATION_CODE"},
		},
		{
			name:     "the built-in simulator replays against $CONFORM_TARGET",
			exchange: steps.Exchange{Method: "GET", URL: "http://simulator.conform.invalid/fliqa/v1/sessions/1"},
			want:     `curl -sS -X GET "$CONFORM_TARGET"'/fliqa/v1/sessions/1'`,
			vars:     []string{"CONFORM_TARGET"},
		},
		{
			name:     "single quotes in a body survive the shell",
			exchange: steps.Exchange{Method: "POST", URL: "https://t.example/x", RequestBody: `{"name":"O'Brien"}`},
			want: `curl -sS -X POST 'https://t.example/x' \
  --data-raw '{"name":"O'\''Brien"}'`,
		},
		{
			name:     "a remembered secret nowhere named is $SECRET",
			exchange: steps.Exchange{Method: "GET", URL: "https://t.example/users/[REDACTED]"},
			want:     `curl -sS -X GET 'https://t.example/users/'"$SECRET"`,
			vars:     []string{"SECRET"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, vars := curlCommand(&tc.exchange, tc.provider)
			if got != tc.want {
				t.Errorf("curl:\n%s\nwant:\n%s", got, tc.want)
			}
			if strings.Join(vars, ",") != strings.Join(tc.vars, ",") {
				t.Errorf("vars = %v, want %v", vars, tc.vars)
			}
			if strings.Contains(got, "REDACTED") {
				t.Error("a mask is left in the command")
			}
		})
	}
}

// TestHTMLReadsRight checks report.html's words: no stutter, the right
// number, the built-in simulator named, the failing exchange marked, and
// passed steps not painted as failures.
func TestHTMLReadsRight(t *testing.T) {
	builtIn := identicalFailures(1)
	builtIn.Target = "built-in simulator"
	builtIn.Control = "control API: built in"
	builtIn.Provenance.BaseURLs = map[string]string{"weavr": "http://simulator.conform.invalid/weavr"}
	for i := range builtIn.Features[0].Scenarios {
		s := &builtIn.Features[0].Scenarios[i]
		for j := range s.Exchanges {
			s.Exchanges[j].URL = strings.Replace(s.Exchanges[j].URL, "https://sandbox.example.com/v1", "http://simulator.conform.invalid/weavr", 1)
		}
	}
	page := renderHTML(t, builtIn)
	for _, bad := range []string{"control API: control API", "Control API</td><td>control API", "simulator.conform.invalid", "1 causes", "1 scenarios", `class="failed">0 failed`, `step-passed" style`} {
		if strings.Contains(page, bad) {
			t.Errorf("report.html contains %q", bad)
		}
	}
	for _, want := range []string{`<td>Control API</td><td>built in</td>`, "built-in simulator /weavr", `<span class="broke-label">broke the rule</span>`, `&#34;$CONFORM_TARGET&#34;`, `<span class="broke-label">got no answer</span>`, "1 scenario from 1 cause", `<li class="step-passed">Given the user is logged in with`} {
		if !strings.Contains(page, want) {
			t.Errorf("report.html lacks %q", want)
		}
	}
	// One in the failed scenario, one in the scenario that got no answer.
	if n := strings.Count(page, `class="exchange broke"`); n != 2 {
		t.Errorf("%d exchanges marked, want 2", n)
	}
}

func TestBrokeRule(t *testing.T) {
	answered := steps.Exchange{Operation: "login", Status: 200}
	wrong := steps.Exchange{Operation: "verify", Status: 401}
	invalid := steps.Exchange{Operation: "verify", Status: 401, Violations: []string{"/code: missing"}}
	lost := steps.Exchange{Operation: "verify", Error: "timeout"}
	tests := []struct {
		name string
		s    Scenario
		want int
	}{
		{"passed: none", Scenario{Outcome: Passed, Exchanges: []steps.Exchange{answered}}, -1},
		{"the answer that broke the spec", Scenario{Outcome: Failed, Exchanges: []steps.Exchange{answered, invalid, answered}}, 1},
		{"the answer of the cause", Scenario{Outcome: Failed, Cause: &Cause{Operation: "verify", Status: 401}, Exchanges: []steps.Exchange{answered, wrong, answered}}, 1},
		{"else the last answer", Scenario{Outcome: Failed, Exchanges: []steps.Exchange{answered, wrong}}, 1},
		{"unjudged: the request without an answer", Scenario{Outcome: Errored, Exchanges: []steps.Exchange{answered, lost}}, 1},
		{"unjudged, every request answered: none", Scenario{Outcome: Errored, Exchanges: []steps.Exchange{answered, wrong}}, -1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := brokeRule(&tc.s); got != tc.want {
				t.Errorf("brokeRule = %d, want %d", got, tc.want)
			}
		})
	}
}
