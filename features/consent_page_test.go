package features_test

import (
	"bytes"
	"context"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/conformhq/conform/internal/provider/all"
	"github.com/conformhq/conform/internal/runner"
	"github.com/conformhq/conform/reports"
	"github.com/conformhq/conform/simulator"
	"github.com/conformhq/conform/steps"
	"github.com/conformhq/conform/steps/config"
)

// A vendor's consent page is nobody's form (contract rule 8): the tests
// below put another page before the simulator's session logic, one a
// vendor could have written from Fiskil's references alone. It lives at
// another origin (declared in the config), asks for its own sandbox code
// on a first step by GET, and for the decision on a second by POST, with
// its own field names and words. Described in the config, it must pass;
// broken in one documented outcome, the scenarios made for it must fail.

// vendorSandboxOTP is the vendor page's sandbox code: not conform's.
const vendorSandboxOTP = "246810"

// vendorPage describes the vendor's page, as its README would.
func vendorPage(origin string) *config.ConsentPage {
	return &config.ConsentPage{
		Origins:    []string{origin},
		OTP:        &config.Control{Label: "Verification code"},
		SandboxOTP: vendorSandboxOTP,
		SubmitOTP:  &config.Control{Label: "Continue"},
		Approve:    &config.Control{Label: "Allow access"},
		Deny:       &config.Control{Label: "Decline"},
		Cancel:     &config.Control{Selector: "a.back"},
		Timeout:    10 * time.Second,
	}
}

// vendor is the vendor's page: its own HTML and form, driving the
// simulator's sessions through the simulator's page (sim), the way a
// hosted page calls its back end. breaks names the outcome it breaks.
type vendor struct {
	sim    string
	breaks string
	client *http.Client
}

// The ways a vendor page is broken.
const (
	breaksNothing       = ""
	breaksRedirect      = "approval sent elsewhere"
	breaksDenial        = "a denial approves"
	breaksSingleUse     = "a used session is usable again"
	breaksFramedMessage = "the framed page posts nothing"
	breaksOrigin        = "the framed page posts from another origin"
)

func newVendor(sim, breaks string) *vendor {
	return &vendor{sim: sim, breaks: breaks, client: &http.Client{Timeout: 10 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

func (v *vendor) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s := r.FormValue("s")
	switch r.URL.Path {
	case "/consent":
		s = r.URL.Query().Get("sess_id")
		if v.breaks != breaksSingleUse {
			// Ask the back end whether the session may still be used.
			resp, body, err := v.call(r, http.MethodGet, url.Values{"sess_id": {s}})
			if err != nil {
				http.Error(w, "back end unreachable", http.StatusBadGateway)
				return
			}
			if resp.StatusCode != http.StatusOK || bytes.Contains(body, []byte("fiskil-link-message")) {
				v.relay(w, resp, body)
				return
			}
		}
		page(w, http.StatusOK, `<h1>Verify it's you</h1>
<form method="get" action="/consent/verify"><input type="hidden" name="s" value="`+html.EscapeString(s)+`">
<label>Verification code <input name="verification_code" inputmode="numeric" autocomplete="one-time-code"></label>
<button type="submit">Continue</button></form>
<a class="back" href="/consent/back?s=`+url.QueryEscape(s)+`">Go back</a>`)
	case "/consent/verify":
		if r.FormValue("verification_code") != vendorSandboxOTP {
			v.decide(w, r, s, "approve", "000000")
			return
		}
		page(w, http.StatusOK, `<h1>Share your accounts with ACME?</h1>
<form method="post" action="/consent/decide"><input type="hidden" name="s" value="`+html.EscapeString(s)+`">
<button name="choice" value="allow">Allow access</button> <button name="choice" value="decline">Decline</button></form>
<a class="back" href="/consent/back?s=`+url.QueryEscape(s)+`">Go back</a>`)
	case "/consent/back":
		v.decide(w, r, s, "cancel", "")
	case "/consent/decide":
		choice := map[string]string{"allow": "approve", "decline": "deny"}[r.PostFormValue("choice")]
		if v.breaks == breaksDenial && choice == "deny" {
			choice = "approve"
		}
		if v.breaks == breaksOrigin && r.Header.Get("Sec-Fetch-Dest") == "iframe" {
			// The framed page hands over to the back end's own page (a
			// declared origin, but not auth_url's), which posts the outcome.
			page(w, http.StatusOK, `<form method="post" action="`+html.EscapeString(v.sim)+`">
<input type="hidden" name="sess_id" value="`+html.EscapeString(s)+`"><input type="hidden" name="decision" value="`+choice+`">
<input type="hidden" name="otp" value="123456"><input type="hidden" name="flow" value="embedded"></form>
<script>document.forms[0].submit();</script>`)
			return
		}
		v.decide(w, r, s, choice, "123456")
	default:
		http.NotFound(w, r)
	}
}

// decide sends the end user's decision to the back end and answers what
// it says, in the vendor's way.
func (v *vendor) decide(w http.ResponseWriter, r *http.Request, s, decision, otp string) {
	resp, body, err := v.call(r, http.MethodPost, url.Values{"sess_id": {s}, "decision": {decision}, "otp": {otp}})
	if err != nil {
		http.Error(w, "back end unreachable", http.StatusBadGateway)
		return
	}
	loc := resp.Header.Get("Location")
	switch {
	case v.breaks == breaksRedirect && strings.Contains(loc, "consent_id="):
		resp.Header.Set("Location", strings.Replace(loc, "/success", "/elsewhere", 1))
	case v.breaks == breaksSingleUse && strings.Contains(loc, "AUTH_SESSION_INVALID"):
		resp.Header.Set("Location", "https://acme.example/success?consent_id=again")
	case v.breaks == breaksFramedMessage && bytes.Contains(body, []byte("fiskil-link-message")):
		body = []byte(`<!doctype html><p>Done. You may close this window.</p>`)
	}
	v.relay(w, resp, body)
}

// call asks the simulator's page, as the browser asked the vendor's (a
// framed page stays framed).
func (v *vendor) call(r *http.Request, method string, form url.Values) (*http.Response, []byte, error) {
	u, body := v.sim, ""
	if method == http.MethodGet {
		u += "?" + form.Encode()
	} else {
		body = form.Encode()
	}
	req, err := http.NewRequestWithContext(r.Context(), method, u, strings.NewReader(body))
	if err != nil {
		return nil, nil, err
	}
	if method == http.MethodPost {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	req.Header.Set("Sec-Fetch-Dest", r.Header.Get("Sec-Fetch-Dest"))
	resp, err := v.client.Do(req)
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	return resp, b, err
}

// relay answers as the back end did: its redirect, its framed message
// page, or the vendor's own page for a session it refuses.
func (v *vendor) relay(w http.ResponseWriter, resp *http.Response, body []byte) {
	switch {
	case resp.StatusCode >= 300 && resp.StatusCode < 400:
		http.Redirect(w, &http.Request{Method: http.MethodGet}, resp.Header.Get("Location"), http.StatusSeeOther)
	case bytes.Contains(body, []byte("fiskil-link-message")) || v.breaks == breaksFramedMessage && resp.StatusCode == http.StatusOK:
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(resp.StatusCode)
		_, _ = w.Write(body)
	default:
		page(w, resp.StatusCode, `<h1>This link is no longer valid</h1><p>Ask the application for a new one.</p>`)
	}
}

func page(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	fmt.Fprintf(w, `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Vendor consent</title></head><body><main>%s</main></body></html>`, body)
}

// consentTarget serves the simulator with the auth sessions' auth_url
// moved to pageOrigin's /consent (another origin's page), and returns the
// simulator's own URL.
func consentTarget(t *testing.T, pageOrigin func() string) (apiURL string) {
	t.Helper()
	sim, err := simulator.New(simulator.Options{Providers: all.Providers().Simulators()})
	if err != nil {
		t.Fatal(err)
	}
	var self string
	srv := httptest.NewServer(mutant(sim, func(r *http.Request, status int, hdr http.Header, body []byte) (int, []byte) {
		if status == http.StatusOK && strings.HasSuffix(r.URL.Path, "/v1/auth/session") {
			body = bytes.ReplaceAll(body, []byte(self+"/fiskil/link?"), []byte(pageOrigin()+"/consent?"))
		}
		return status, body
	}))
	t.Cleanup(srv.Close)
	self = srv.URL
	return srv.URL
}

// runConsent runs Fiskil's consent scenarios against the API at apiURL,
// with the Fiskil section given (nil for none).
func runConsent(t *testing.T, apiURL string, fiskil *config.Provider, edit func(*steps.Env)) *reports.Run {
	t.Helper()
	cfg := &config.Config{Target: apiURL, Control: "auto"}
	if fiskil != nil {
		cfg.Providers = map[string]*config.Provider{"fiskil": fiskil}
	}
	target, err := runner.Remote(context.Background(), cfg, 10*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	env, err := runner.NewEnv(target, all.Providers(), runner.EnvChoice{})
	if err != nil {
		t.Fatal(err)
	}
	if edit != nil {
		edit(env)
	}
	run, err := runner.Run(context.Background(), env, runner.Plan{Providers: all.Providers(), Only: []string{"fiskil"}, Tags: "@consent", Concurrency: 4})
	if err != nil {
		t.Fatal(err)
	}
	return run
}

// scenarios are a run's scenarios by outcome.
func scenarios(run *reports.Run) map[reports.Outcome][]reports.Scenario {
	out := map[reports.Outcome][]reports.Scenario{}
	for _, f := range run.Features {
		for _, s := range f.Scenarios {
			out[s.Outcome] = append(out[s.Outcome], s)
		}
	}
	return out
}

// needBrowser skips a test that drives pages where no browser is
// installed.
func needBrowser(t *testing.T) {
	t.Helper()
	if testing.Short() {
		t.Skip("drives consent pages in chromium")
	}
	env, err := steps.NewEnv(&steps.Target{Config: &config.Config{}}, steps.EnvOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if env.Browser == nil {
		t.Skip("chromium is not installed (apt-get install -y chromium)")
	}
}

// TestFaithfulVendorConsentPage: another page, described in the config,
// passes every consent scenario it can run; those needing controls it has
// not (conform's simulated ineligibility and bank failure) are not
// applicable, naming the control.
func TestFaithfulVendorConsentPage(t *testing.T) {
	needBrowser(t)
	var vendorURL string
	api := consentTarget(t, func() string { return vendorURL })
	vsrv := httptest.NewServer(newVendor(api+"/fiskil/link", breaksNothing))
	t.Cleanup(vsrv.Close)
	vendorURL = vsrv.URL
	run := runConsent(t, api, &config.Provider{ConsentPage: vendorPage(vsrv.URL)}, nil)
	got := scenarios(run)
	for _, o := range []reports.Outcome{reports.Failed, reports.Errored} {
		for _, s := range got[o] {
			t.Errorf("%s %q: %s", o, s.Name, run.Secrets.String(s.Reason))
		}
	}
	na := got[reports.NotApplicable]
	if len(na) != 2 {
		t.Errorf("%d scenarios not applicable, want the 2 of ineligibility and bank failure: %+v", len(na), na)
	}
	for _, s := range na {
		if !strings.Contains(s.Reason, "consent-page:fiskil/ineligible") && !strings.Contains(s.Reason, "consent-page:fiskil/upstreamFailure") {
			t.Errorf("%q not applicable for %q, want the missing control named", s.Name, s.Reason)
		}
	}
	if n := len(got[reports.Passed]) + len(got[reports.Warned]); n < 18 {
		t.Errorf("%d scenarios passed, want 18", n)
	}
}

// TestMutantVendorConsentPages: a vendor page that breaks one documented
// outcome fails the scenarios made for it.
func TestMutantVendorConsentPages(t *testing.T) {
	needBrowser(t)
	tests := []struct {
		breaks     string
		wantFailed []string
		wantReason string // in each failure, when set
	}{
		{breaksRedirect, []string{"an end user who approves is sent to redirect_uri"}, "/elsewhere"},
		{breaksDenial, []string{"an end user who denies is sent to cancel_uri", "a denial in the iframe posts a failure"}, ""},
		{breaksSingleUse, []string{"a used session cannot be approved a second time", "after the end user denies consent, the consent page refuses it"}, ""},
		{breaksFramedMessage, []string{"an approval in the iframe posts a completed consent"}, "posted nothing the SDK accepts"},
		{breaksOrigin, []string{"an approval in the iframe posts a completed consent", "a denial in the iframe posts a failure"}, "refused the message: it came from " + "http://127.0.0.1"},
	}
	for _, tt := range tests {
		t.Run(tt.breaks, func(t *testing.T) {
			var vendorURL string
			api := consentTarget(t, func() string { return vendorURL })
			vsrv := httptest.NewServer(newVendor(api+"/fiskil/link", tt.breaks))
			t.Cleanup(vsrv.Close)
			vendorURL = vsrv.URL
			run := runConsent(t, api, &config.Provider{ConsentPage: vendorPage(vsrv.URL)}, nil)
			failed := scenarios(run)[reports.Failed]
			for _, want := range tt.wantFailed {
				found := false
				for _, s := range failed {
					if strings.Contains(s.Name, want) {
						found = true
						if !strings.Contains(s.Reason, tt.wantReason) {
							t.Errorf("%q failed for %q, want %q", s.Name, s.Reason, tt.wantReason)
						}
					}
				}
				if !found {
					t.Errorf("no failed scenario named like %q; %d failed", want, len(failed))
				}
			}
		})
	}
}

// TestConsentPageAtAnUndeclaredOrigin: an auth_url at an origin the
// config does not declare is not followed: its scenarios are not
// applicable, naming the origin, and that origin hears nothing.
func TestConsentPageAtAnUndeclaredOrigin(t *testing.T) {
	needBrowser(t)
	var hits atomic.Int64
	foreign := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		page(w, http.StatusOK, `<button>Approve</button> FOREIGN-PAGE-BODY`)
	}))
	t.Cleanup(foreign.Close)
	api := consentTarget(t, func() string { return foreign.URL })
	run := runConsent(t, api, nil, nil)
	got := scenarios(run)
	if n := len(got[reports.NotApplicable]); n != 20 {
		t.Errorf("%d scenarios not applicable, want all 20", n)
	}
	for _, s := range got[reports.NotApplicable] {
		if !strings.Contains(s.Reason, foreign.URL) || !strings.Contains(s.Reason, "consentPage.origins") {
			t.Errorf("%q: %q, want the origin %s and the key that declares one", s.Name, s.Reason, foreign.URL)
			break
		}
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("the undeclared origin got %d requests", n)
	}
	for _, f := range run.Features {
		for _, s := range f.Scenarios {
			for _, x := range s.Exchanges {
				if strings.Contains(x.ResponseBody, "FOREIGN-PAGE-BODY") {
					t.Errorf("%q: the foreign page's body is in the report", s.Name)
				}
			}
		}
	}
}

// TestConsentScenariosWithoutABrowser: no browser on the machine makes the
// consent page's scenarios not applicable, naming it; never failed.
func TestConsentScenariosWithoutABrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the consent scenarios")
	}
	sim, err := simulator.New(simulator.Options{Providers: all.Providers().Simulators()})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(sim)
	t.Cleanup(srv.Close)
	run := runConsent(t, srv.URL, nil, func(e *steps.Env) { e.Browser = nil })
	got := scenarios(run)
	if n := len(got[reports.NotApplicable]); n != 20 {
		t.Errorf("%d scenarios not applicable, want all 20; failed: %d", n, len(got[reports.Failed]))
	}
	for _, s := range got[reports.NotApplicable] {
		if !strings.Contains(s.Reason, "browser (a Chromium on PATH") {
			t.Errorf("%q: %q, want the browser named", s.Name, s.Reason)
			break
		}
	}
}
