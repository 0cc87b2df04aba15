package runner

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/conformhq/conform/internal/provider/all"
	"github.com/conformhq/conform/reports"
	"github.com/conformhq/conform/simulator"
	"github.com/conformhq/conform/steps/config"
)

// consentScenarios are Fliqa's consents created (201) with an OTP sent
// by SMS and by e-mail.
func consentScenarios(t *testing.T) map[string][]int {
	return scenarioLines(t, "features/fliqa/create_consent.feature",
		"the one-time password sent by SMS creates an initiated consent for the phone number",
		"the one-time password sent by e-mail creates an initiated consent for the e-mail address")
}

// TestFliqaConsentWithAnOTPInbox certifies Fliqa's consent 201 against a
// deployment without the control API: the OTP comes from an inbox (a mail
// and SMS catcher, here the served simulator's outbox behind its own
// server). An inbox that shows a wrong code makes the scenarios fail: the
// OTP read is the one sent.
func TestFliqaConsentWithAnOTPInbox(t *testing.T) {
	sim, err := simulator.New(simulator.Options{Providers: all.Providers().Simulators(), Fixtures: stagingFixtures("4s")})
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
	t.Cleanup(deployment.Close)
	catcher := func(wrong bool) *httptest.Server {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			rec := httptest.NewRecorder()
			sim.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/_control/sandboxes/default/outbox?"+r.URL.RawQuery, nil))
			body := rec.Body.String()
			if wrong {
				// Every digit one more: a code the provider never sent.
				body = strings.Map(func(c rune) rune {
					if c >= '0' && c <= '9' {
						return '0' + (c-'0'+1)%10
					}
					return c
				}, body)
			}
			io.WriteString(w, body)
		}))
		t.Cleanup(srv.Close)
		return srv
	}
	run := func(t *testing.T, inbox string) map[string]reports.Scenario {
		cfg := stagingConfig(deployment.URL, 0)
		cfg.Providers["fliqa"].OTP = &config.OTP{Inbox: &config.Inbox{URL: inbox + "?recipient={recipient}", Path: "messages|@reverse|0.otp", Timeout: 5 * time.Second, Interval: 20 * time.Millisecond}}
		target, err := Remote(context.Background(), cfg, 10*time.Second)
		if err != nil {
			t.Fatal(err)
		}
		env, err := NewEnv(target, all.Providers(), EnvChoice{})
		if err != nil {
			t.Fatal(err)
		}
		lines := consentScenarios(t)
		r, err := Run(context.Background(), env, Plan{Providers: all.Providers(), Only: []string{"fliqa"}, Features: builtInFiles(t, lines), Lines: lines, Concurrency: 2})
		if err != nil {
			t.Fatal(err)
		}
		got := byID(r)
		if len(got) != 2 {
			t.Fatalf("%d scenarios ran, want 2", len(got))
		}
		for id, s := range got {
			for _, x := range s.Exchanges {
				if strings.Contains(x.RequestBody, `"otp": "`) && !strings.Contains(x.RequestBody, "***") && !strings.Contains(x.RequestBody, "REDACTED") {
					t.Errorf("%s: the OTP shows in the report: %s", id, x.RequestBody)
				}
			}
		}
		return got
	}
	t.Run("faithful", func(t *testing.T) {
		for id, s := range run(t, catcher(false).URL) {
			if s.Outcome != reports.Passed {
				t.Errorf("%s: %s: %s", id, s.Outcome, s.Reason)
			}
		}
	})
	t.Run("an inbox showing a code never sent", func(t *testing.T) {
		for id, s := range run(t, catcher(true).URL) {
			if s.Outcome != reports.Failed || !strings.Contains(s.Reason, "201") {
				t.Errorf("%s: %s: %s, want failed at the 201", id, s.Outcome, s.Reason)
			}
		}
	})
}
