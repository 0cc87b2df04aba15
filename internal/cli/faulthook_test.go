package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/conformhq/conform/internal/provider/all"
	"github.com/conformhq/conform/reports"
	"github.com/conformhq/conform/simulator"
)

// faultFeature arms a 500 through the target's fault hook: Weavr answers a
// login's 500 without a body, and only that once.
var faultFeature = `@weavr
Feature: faults
  @op:loginWithPassword @status:500
  Scenario: a login while the service fails answers 500 without a body
` + refusedLogin + `    Then the response status should be 403
    And the next call to weavr "loginWithPassword" fails with status 500
` + strings.Replace(refusedLogin, "Given I use the Weavr API", "And I use the Weavr API", 1) + `    Then the response status should be 500
    And the response should have no body
` + strings.Replace(refusedLogin, "Given I use the Weavr API", "And I use the Weavr API", 1) + `    Then the response status should be 403
`

// TestFaultHook: a deployment without the control API offers faults
// through a hook of its own (config faults). A faithful deployment passes;
// one whose 500 breaks the spec (a body where Weavr sends none) FAILS; a
// hook that does not arm the fault (500, no answer) leaves the scenario
// unjudged, an ERROR (exit 2, as for a control API that fails), never a
// FAIL. The hook's token is never reported.
func TestFaultHook(t *testing.T) {
	const token = "chaos-s3cret-token"
	tests := []struct {
		name    string
		broken  bool // the deployment's 500 carries a body
		hook    func(arm http.Handler) http.Handler
		closed  bool // the hook does not answer at all
		want    int
		outcome string // of weavr loginWithPassword 500 in summary.json
		stdout  []string
	}{
		{name: "a faithful deployment passes", want: ExitOK, outcome: "passed", stdout: []string{"1 scenarios: 1 passed, 0 failed"}},
		{name: "a 500 with a body fails", broken: true, want: ExitFailed, outcome: "failed", stdout: []string{"0 passed, 1 failed", "a body is present where the spec declares none"}},
		{
			name: "a hook that answers 500 errs",
			hook: func(http.Handler) http.Handler {
				return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					http.Error(w, "chaos is down", http.StatusInternalServerError)
				})
			},
			want: ExitUsage, outcome: "error", stdout: []string{"fault hook (config faults.url) answered 500, not 2xx", "0 failed, 1 could not be judged"},
		},
		{
			// A hook that knows other names than the provider's operationIds.
			name: "a hook that refuses the operation errs naming the hook",
			hook: func(http.Handler) http.Handler {
				return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					http.Error(w, "unknown operation", http.StatusBadRequest)
				})
			},
			want: ExitUsage, outcome: "error", stdout: []string{
				`the fault hook (config faults.url) answered 400, not 2xx: it did not arm the fault {"operation":"loginWithPassword","provider":"weavr","status":500,"times":1}`,
				"a hook receives the provider's own operationId", "it said: unknown operation", "0 failed, 1 could not be judged",
			},
		},
		{name: "a hook that does not answer errs", closed: true, want: ExitUsage, outcome: "error", stdout: []string{"fault hook: the connection was refused", "0 failed, 1 could not be judged"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			sim, err := simulator.New(simulator.Options{Providers: all.Providers().Simulators()})
			if err != nil {
				t.Fatal(err)
			}
			backend := httptest.NewServer(sim)
			defer backend.Close()
			deployment := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if strings.HasPrefix(r.URL.Path, "/_control") {
					http.NotFound(w, r)
					return
				}
				if !tc.broken {
					sim.ServeHTTP(w, r)
					return
				}
				rec := httptest.NewRecorder()
				sim.ServeHTTP(rec, r)
				for k, v := range rec.Header() {
					w.Header()[k] = v
				}
				body := rec.Body.Bytes()
				if rec.Code >= 500 && len(body) == 0 {
					w.Header().Set("Content-Type", "application/json")
					body = []byte(`{"message":"internal error"}`)
				}
				w.WriteHeader(rec.Code)
				w.Write(body)
			}))
			defer deployment.Close()
			var arm http.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.Header.Get("X-Chaos-Token") != token || r.Header.Get("Content-Type") != "application/json" {
					http.Error(w, "forbidden", http.StatusForbidden)
					return
				}
				var f map[string]any
				b, _ := io.ReadAll(r.Body)
				// docs/certify.md's payload, exactly: no other member.
				if err := json.Unmarshal(b, &f); err != nil || len(f) != 4 || f["provider"] != "weavr" || f["operation"] != "loginWithPassword" || f["status"] != 500.0 || f["times"] != 1.0 {
					http.Error(w, "unexpected fault "+string(b), http.StatusBadRequest)
					return
				}
				resp, err := http.Post(backend.URL+"/_control/sandboxes/"+simulator.DefaultSandbox+"/faults", "application/json", bytes.NewReader(b))
				if err != nil {
					http.Error(w, err.Error(), http.StatusBadGateway)
					return
				}
				resp.Body.Close()
				w.WriteHeader(resp.StatusCode)
			})
			if tc.hook != nil {
				arm = tc.hook(arm)
			}
			hook := httptest.NewServer(arm)
			defer hook.Close()
			if tc.closed {
				hook.Close()
			}
			t.Setenv("CONFORM_TEST_WEAVR_KEY", "weavr-demo-api-key")
			t.Setenv("CONFORM_TEST_CHAOS_TOKEN", token)
			features := writeFiles(t, map[string]string{"weavr/faults.feature": faultFeature})
			cfg := writeFiles(t, map[string]string{"conform.yaml": "target: " + deployment.URL + "\ncontrol: \"no\"\n" +
				"faults:\n  url: " + hook.URL + "/arm\n  headers: {X-Chaos-Token: \"${CONFORM_TEST_CHAOS_TOKEN}\"}\n" +
				"providers:\n  weavr:\n    credentials:\n      apiKey: ${CONFORM_TEST_WEAVR_KEY}\n"})
			reportDir := t.TempDir()
			code, stdout, stderr := mainWith(t, context.Background(), "run", "--config", filepath.Join(cfg, "conform.yaml"), "--features", features, "--report-dir", reportDir)
			if code != tc.want {
				t.Errorf("exit %d, want %d\nstdout: %s\nstderr: %s", code, tc.want, stdout, stderr)
			}
			for _, s := range tc.stdout {
				if !strings.Contains(stdout, s) {
					t.Errorf("stdout does not say %q:\n%s", s, stdout)
				}
			}
			if got := readSummary(t, reportDir).outcome("weavr", "loginWithPassword", 500); got != tc.outcome {
				t.Errorf("weavr loginWithPassword 500 is %q, want %q\n%s", got, tc.outcome, stdout)
			}
			for _, f := range []string{reports.JUnitFile, reports.SummaryFile, reports.CucumberFile, reports.HTMLFile} {
				if strings.Contains(readFile(t, filepath.Join(reportDir, f)), token) {
					t.Errorf("%s holds the fault hook's token", f)
				}
			}
			if strings.Contains(stdout+stderr, token) {
				t.Errorf("the console holds the fault hook's token")
			}
		})
	}
}
