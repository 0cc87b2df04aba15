package cli

import (
	"context"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/conformhq/conform/internal/provider/all"
	"github.com/conformhq/conform/simulator"
)

// rateLimitFeature is Weavr's login 429 scenario as features/weavr has it:
// the limit the text asks (2 per minute) is the control API's; a
// deployment without it provokes its own declared one.
const rateLimitFeature = `@weavr
Feature: rate limit
  @op:loginWithPassword @status:429
  Scenario: logins beyond the api key's rate limit are refused with the limit's headers
    Given I use the Weavr API
    And a Weavr user
    And the sandbox allows 2 requests per "1m" for each api key
    When the Weavr user logs in with the right password
    Then the response status should be 200
    When the last request is sent again until the api key's rate limit is used up
    When the Weavr user logs in with the right password
    Then the response status should be 429
    And the response should announce the rate limit in force, resetting within its window
`

// TestDeclaredRateLimit: a deployment without the control API declares its
// own rate limit (providers.weavr.rateLimit), and the harness provokes the
// 429 by sending limit+1 requests within the window. A deployment that
// keeps the limit it declares passes, whatever that limit; one that does
// not rate-limit, or refuses before its declared limit, FAILS; without the
// declaration the scenario is not applicable, naming the key.
func TestDeclaredRateLimit(t *testing.T) {
	tests := []struct {
		name     string
		served   string // the deployment's real rate limit (simulator fixtures), "" for none
		declared string // providers.weavr.rateLimit, "" for none
		want     int
		outcome  string
		stdout   []string
	}{
		{name: "a deployment keeping its declared limit passes", served: "{limit: 3, window: 2s}", declared: "{limit: 3, window: 2s}",
			want: ExitOK, outcome: "passed", stdout: []string{"1 passed, 0 failed"}},
		{name: "another declared limit passes as well", served: "{limit: 5, window: 3s}", declared: "{limit: 5, window: 3s}",
			want: ExitOK, outcome: "passed", stdout: []string{"1 passed, 0 failed"}},
		{name: "a deployment that does not rate-limit fails", declared: "{limit: 3, window: 2s}",
			want: ExitFailed, outcome: "failed", stdout: []string{"0 passed, 1 failed", "expected status 429"}},
		{name: "a deployment refusing before its declared limit fails", served: "{limit: 2, window: 2s}", declared: "{limit: 3, window: 2s}",
			want: ExitFailed, outcome: "failed", stdout: []string{"request 3 of the window was refused with 429, but the rate limit in force allows 3 requests per 2s"}},
		{name: "without a declaration it is not applicable, naming the key", served: "{limit: 3, window: 2s}",
			// Nothing ran: exit 2 (hostile's rule) unless --allow-empty.
			want: ExitUsage, outcome: "not_applicable", stdout: []string{"rate-limit:weavr (config providers.weavr.rateLimit: {limit, window}"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fixtures := `weavr: {apiKey: weavr-demo-api-key, users: [{email: rl@example.com, password: "Rate-Passw0rd", identity: {type: CONSUMER, id: "110000000000000009"}}]}` + "\n"
			if tc.served != "" {
				fixtures += "rateLimit: " + tc.served + "\n"
			}
			sim, err := simulator.New(simulator.Options{Providers: all.Providers().Simulators(), Fixtures: []byte(fixtures)})
			if err != nil {
				t.Fatal(err)
			}
			deployment := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if strings.HasPrefix(r.URL.Path, "/_control") {
					http.NotFound(w, r)
					return
				}
				sim.ServeHTTP(w, r)
			}))
			defer deployment.Close()
			cfg := "target: " + deployment.URL + "\ncontrol: \"no\"\nmaxWait: 10s\nproviders:\n  weavr:\n    credentials: {apiKey: weavr-demo-api-key}\n" +
				"    fixtures:\n      user: {email: rl@example.com, password: \"Rate-Passw0rd\", identity: {type: CONSUMER, id: \"110000000000000009\"}}\n"
			if tc.declared != "" {
				cfg += "    rateLimit: " + tc.declared + "\n"
			}
			features := writeFiles(t, map[string]string{"weavr/ratelimit.feature": rateLimitFeature})
			dir := writeFiles(t, map[string]string{"conform.yaml": cfg})
			reportDir := t.TempDir()
			code, stdout, stderr := mainWith(t, context.Background(), "run", "--config", filepath.Join(dir, "conform.yaml"), "--features", features, "--report-dir", reportDir)
			if code != tc.want {
				t.Errorf("exit %d, want %d\nstdout: %s\nstderr: %s", code, tc.want, stdout, stderr)
			}
			for _, s := range tc.stdout {
				if !strings.Contains(stdout, s) {
					t.Errorf("stdout does not say %q:\n%s", s, stdout)
				}
			}
			if got := readSummary(t, reportDir).outcome("weavr", "loginWithPassword", 429); got != tc.outcome {
				t.Errorf("weavr loginWithPassword 429 is %q, want %q\n%s", got, tc.outcome, stdout)
			}
		})
	}
}
