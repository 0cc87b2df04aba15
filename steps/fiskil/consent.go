package fiskil

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/conformhq/conform/steps"
	"github.com/conformhq/conform/steps/browser"
	"github.com/conformhq/conform/steps/config"
)

// The patterns of the consent page's steps, shared by their registration
// and their needs.
const (
	openPageStep        = `^the end user opens the consent page$`
	openUnknownPageStep = `^the end user opens the consent page of an auth session that does not exist$`
	decisionStep        = `^the end user (approves consent|denies consent|fails the one-time password check|is not eligible|cancels the auth session|meets a failure at the institution)( in the Link SDK's iframe)?$`
)

// decisionGoals are the end user's goals by the words of decisionStep.
func decisionGoals() map[string]string {
	return map[string]string{
		"approves consent":                   config.ControlApprove,
		"denies consent":                     config.ControlDeny,
		"fails the one-time password check":  goalWrongOTP,
		"is not eligible":                    config.ControlIneligible,
		"cancels the auth session":           config.ControlCancel,
		"meets a failure at the institution": config.ControlUpstreamFailure,
	}
}

// goalNeeds is the control a goal needs of the page description: the
// decision's, and the OTP field for a wrong code.
func goalNeeds(goal string) string {
	if goal == goalWrongOTP {
		return config.ControlOTP
	}
	return goal
}

// registerConsentPage installs the steps of the end user on the consent
// page, driven in a browser by the page's description (see drive).
func registerConsentPage(sc *steps.ScenarioContext) {
	sc.Step(openPageStep, func(ctx context.Context) error {
		w := worldOf(ctx)
		u, err := w.authURL()
		if err != nil {
			return err
		}
		return w.drive(ctx, u, flowPage, goalOpen)
	})
	sc.Step(openUnknownPageStep, func(ctx context.Context) error {
		w := worldOf(ctx)
		u, err := w.authURL()
		if err != nil {
			return err
		}
		pu, err := url.Parse(u)
		if err != nil {
			return fmt.Errorf("auth_url %q is not a URL: %w", w.Secrets.String(u), err)
		}
		// The same page, for a sess_id no session has.
		q := pu.Query()
		q.Set("sess_id", "conform-unknown-"+strings.ReplaceAll(w.unique(), "_", "-"))
		pu.RawQuery = q.Encode()
		return w.drive(ctx, pu.String(), flowPage, goalOpen)
	})
	sc.Step(decisionStep, func(ctx context.Context, action, framed string) error {
		w := worldOf(ctx)
		u, err := w.authURL()
		if err != nil {
			return err
		}
		flow := flowPage
		if framed != "" {
			flow = flowLink
		}
		return w.drive(ctx, u, flow, decisionGoals()[action])
	})
}

// registerConsentPageChecks installs the checks on the consent page the
// end user was shown.
func registerConsentPageChecks(sc *steps.ScenarioContext) {
	sc.Step(`^the consent page should be shown$`, func(ctx context.Context) error {
		w := worldOf(ctx)
		tab, err := w.openedTab()
		if err != nil {
			return err
		}
		if left := tab.Left(); left != nil {
			return fmt.Errorf("expected the consent page, but it sent the end user to %s", w.Secrets.String(left.String()))
		}
		d, ok := tab.Page()
		if !ok {
			return errors.New("expected the consent page, but no page loaded in time")
		}
		if d.Status != http.StatusOK {
			return fmt.Errorf("expected the consent page (status 200), got status %d at %s", d.Status, w.RedactURL(d.URL))
		}
		if !strings.HasPrefix(d.MIME, "text/html") {
			return fmt.Errorf("expected an HTML consent page, got %q", d.MIME)
		}
		cp, err := w.page()
		if err != nil {
			return err
		}
		p, err := tab.Probe(ctx, browser.InPage, cp.Controls(), false, cp.TimeoutOrDefault())
		if err != nil {
			return fmt.Errorf("the consent page could not be read: %w", err)
		}
		if !anyShown(p.Visible) {
			return fmt.Errorf("the page at %s shows none of the controls its description declares (%s)", w.RedactURL(d.URL), declaredControls(cp))
		}
		return nil
	})
	sc.Step(`^the consent page should answer (\d{3}) with error_type "([^"]+)"$`, func(ctx context.Context, status int, errorType string) error {
		w := worldOf(ctx)
		tab, err := w.openedTab()
		if err != nil {
			return err
		}
		if left := tab.Left(); left != nil {
			if got := left.Query().Get("error_type"); got != errorType {
				return fmt.Errorf("expected the page to refuse the session with %s, but it sent the end user to %s", errorType, w.Secrets.String(left.String()))
			}
			return nil
		}
		cp, err := w.page()
		if err != nil {
			return err
		}
		d, _ := tab.Page()
		p, err := tab.Probe(ctx, browser.InPage, cp.Controls(), true, cp.TimeoutOrDefault())
		if err != nil {
			return fmt.Errorf("the page could not be read: %w", err)
		}
		// Documented: an invalid session cannot be consented to. The
		// status and the words of the page are conform's choice.
		if p.Visible[config.ControlApprove] {
			return fmt.Errorf("the page offers its approve control for a session that does not exist (status %d)", d.Status)
		}
		if d.Status != status {
			w.Warn("rule 7", "contract, Fiskil consent flow: the status of the page of an unknown session is undocumented [decided]",
				"the page of an unknown session answered %d (conform's page: %d)", d.Status, status)
		}
		if !strings.Contains(p.Text, errorType) {
			w.Warn("rule 7", "contract, Fiskil consent flow: the page's words are undocumented [decided]",
				"the page of an unknown session does not name %s", errorType)
		}
		return nil
	})
}

// declaredControls lists the controls a description declares, for messages.
func declaredControls(cp *config.ConsentPage) string {
	var names []string
	for _, n := range []string{config.ControlOTP, config.ControlApprove, config.ControlDeny, config.ControlCancel} {
		if cp.Has(n) {
			names = append(names, n)
		}
	}
	return strings.Join(names, ", ")
}

// authURL is {{auth_url}}, made absolute against the provider's base
// URL if it is not.
func (w world) authURL() (string, error) {
	raw, ok := w.Get("auth_url")
	if !ok {
		return "", errors.New(`no auth session: "Given a Fiskil auth session for the end user ..." must come first`)
	}
	u, err := url.Parse(raw)
	if err != nil {
		return "", fmt.Errorf("auth_url %q is not a URL: %w", raw, err)
	}
	if !u.IsAbs() {
		base, err := url.Parse(w.BaseURL(name) + "/")
		if err != nil {
			return "", err
		}
		u = base.ResolveReference(u)
	}
	return u.String(), nil
}

// snippet shortens a body for a failure message.
func snippet(b []byte) string {
	const max = 500
	if len(b) > max {
		return string(b[:max]) + "…"
	}
	return string(b)
}

// registerRedirects installs the checks on where the consent page sends
// the end user.
func registerRedirects(sc *steps.ScenarioContext) {
	sc.Step(`^the end user is sent to "([^"]*)"$`, func(ctx context.Context, want string) error {
		w := worldOf(ctx)
		loc, err := w.redirect(want)
		if err != nil {
			return err
		}
		if e := loc.Query().Get("error"); e != "" {
			return fmt.Errorf("expected a redirect without error, got error=%s error_type=%s", e, loc.Query().Get("error_type"))
		}
		if !loc.Query().Has("consent_id") {
			w.Warn("rule 2", "contract, Fiskil consent flow: redirect_uri's parameters are undocumented; conform adds consent_id [decided]",
				"the redirect to redirect_uri carries no consent_id")
		}
		return nil
	})
	sc.Step(`^the end user is sent to "([^"]*)" with error_type "([^"]+)"$`, func(ctx context.Context, want, errorType string) error {
		w := worldOf(ctx)
		loc, err := w.redirect(want)
		if err != nil {
			return err
		}
		if probs := errorQueryProblems(loc.Query(), errorType); len(probs) > 0 {
			return fmt.Errorf("the redirect to %s has %s", w.Secrets.String(loc.String()), strings.Join(probs, ", "))
		}
		return nil
	})
	sc.Step(`^the redirect's query parameter "([^"]+)" should be "([^"]*)"$`, func(ctx context.Context, name, want string) error {
		w := worldOf(ctx)
		loc, err := w.location()
		if err != nil {
			return err
		}
		want, err = w.Expand(want)
		if err != nil {
			return err
		}
		q := loc.Query()
		if !q.Has(name) {
			return fmt.Errorf("the redirect to %s has no query parameter %s", w.Secrets.String(loc.String()), name)
		}
		if got := q.Get(name); got != want {
			return fmt.Errorf("expected the redirect's %s to be %q, got %q", name, w.Secrets.String(want), w.Secrets.String(got))
		}
		return nil
	})
}

// location is where the consent page sent the end user: the first
// navigation out of the provider's origins since it was opened.
func (w world) location() (*url.URL, error) {
	tab, err := w.openedTab()
	if err != nil {
		return nil, err
	}
	if loc := tab.Left(); loc != nil {
		return loc, nil
	}
	if d, ok := tab.Page(); ok {
		return nil, fmt.Errorf("expected the page to send the end user elsewhere, but it stayed at %s (status %d)%s",
			w.RedactURL(d.URL), d.Status, w.didNote())
	}
	return nil, fmt.Errorf("expected the page to send the end user elsewhere, but no page loaded%s", w.didNote())
}

// redirect checks that the consent page sent the end user to want: same
// scheme, host and path, and every query parameter want has.
func (w world) redirect(want string) (*url.URL, error) {
	want, err := w.Expand(want)
	if err != nil {
		return nil, err
	}
	wu, err := url.Parse(want)
	if err != nil {
		return nil, fmt.Errorf("%q is not a URL: %w", want, err)
	}
	loc, err := w.location()
	if err != nil {
		return nil, err
	}
	if !strings.EqualFold(loc.Scheme, wu.Scheme) || !strings.EqualFold(loc.Host, wu.Host) || loc.Path != wu.Path {
		return nil, fmt.Errorf("expected the end user to be sent to %s, got %s", want, w.Secrets.String(loc.String()))
	}
	got := loc.Query()
	for k, vs := range wu.Query() {
		if got.Get(k) != vs[0] {
			return nil, fmt.Errorf("expected the redirect to keep %s=%s, got %s", k, vs[0], w.Secrets.String(loc.String()))
		}
	}
	return loc, nil
}

// errorQueryProblems lists how a failure redirect's query breaks Fiskil's
// documented shape: error (access_denied for a denial, server_error for an
// upstream failure), error_id (err_…), error_type, error_description and
// error_uri, in any order.
func errorQueryProblems(q url.Values, errorType string) []string {
	var probs []string
	switch got := q.Get("error"); {
	case errorType == "CONSENT_ENDUSER_DENIED" && got != "access_denied":
		probs = append(probs, fmt.Sprintf("error=%q (want access_denied)", got))
	case errorType == "CONSENT_UPSTREAM_PROCESSING_ERROR" && got != "server_error":
		probs = append(probs, fmt.Sprintf("error=%q (want server_error)", got))
	case got == "":
		probs = append(probs, "no error")
	}
	if got := q.Get("error_type"); got != errorType {
		probs = append(probs, fmt.Sprintf("error_type=%q (want %s)", got, errorType))
	}
	if got := q.Get("error_id"); !strings.HasPrefix(got, "err_") || len(got) == len("err_") {
		probs = append(probs, fmt.Sprintf("error_id=%q (want err_ and an id)", got))
	}
	for _, k := range []string{"error_description", "error_uri"} {
		if q.Get(k) == "" {
			probs = append(probs, "no "+k)
		}
	}
	return probs
}
