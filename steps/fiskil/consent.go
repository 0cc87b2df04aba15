package fiskil

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/conformhq/conform/steps"
)

// registerConsentPage installs the steps of the end user on the consent
// page: opening it, and the end user's decision, posted as the page's form
// posts it (sess_id, decision, otp; flow=embedded when framed).
func registerConsentPage(sc *steps.ScenarioContext) {
	sc.Step(`^the end user opens the consent page$`, func(ctx context.Context) error {
		w := worldOf(ctx)
		u, err := w.authURL()
		if err != nil {
			return err
		}
		return w.Visit(ctx, name, http.MethodGet, u, nil)
	})
	sc.Step(`^the end user opens the consent page of an auth session that does not exist$`, func(ctx context.Context) error {
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
		return w.Visit(ctx, name, http.MethodGet, pu.String(), nil)
	})
	sc.Step(`^the end user (approves consent|denies consent|fails the one-time password check|is not eligible|cancels the auth session|meets a failure at the institution)( in the Link SDK's iframe)?$`, func(ctx context.Context, action, framed string) error {
		w := worldOf(ctx)
		page, sessID, err := w.consentForm()
		if err != nil {
			return err
		}
		form := url.Values{"sess_id": {sessID}, "otp": {pageOTP}, "decision": {"approve"}}
		switch action {
		case "denies consent":
			form.Set("decision", "deny")
		case "fails the one-time password check":
			form.Set("otp", "000000")
		case "is not eligible":
			form.Set("decision", "ineligible")
		case "cancels the auth session":
			form.Set("decision", "cancel")
		case "meets a failure at the institution":
			form.Set("decision", "upstream")
		}
		if framed != "" {
			form.Set("flow", "embedded")
		}
		return w.Visit(ctx, name, http.MethodPost, page, form)
	})
}

// pageOTP is the one-time password conform's consent page expects; any
// other fails the check.
const pageOTP = "123456"

// consentForm is where the consent page posts its form (auth_url without
// its query) and the session id it sends (auth_url's sess_id).
func (w world) consentForm() (page, sessID string, err error) {
	raw, err := w.authURL()
	if err != nil {
		return "", "", err
	}
	u, err := url.Parse(raw)
	if err != nil {
		return "", "", fmt.Errorf("auth_url %q is not a URL: %w", w.Secrets.String(raw), err)
	}
	sessID = u.Query().Get("sess_id")
	if sessID == "" {
		return "", "", fmt.Errorf("auth_url %s has no sess_id: the consent page cannot be posted", w.Secrets.String(raw))
	}
	u.RawQuery, u.Fragment = "", ""
	return u.String(), sessID, nil
}

// registerConsentPageChecks installs the checks on the consent page the
// end user was shown.
func registerConsentPageChecks(sc *steps.ScenarioContext) {
	sc.Step(`^the consent page should be shown$`, func(ctx context.Context) error {
		w := worldOf(ctx)
		last, err := w.Last()
		if err != nil {
			return err
		}
		if last.Status != http.StatusOK {
			return fmt.Errorf("expected the consent page (status 200), got status %d%s; body: %s", last.Status, w.locationNote(), w.Secrets.String(snippet(last.Body)))
		}
		if ct := last.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
			return fmt.Errorf("expected an HTML consent page, got Content-Type %q", ct)
		}
		return nil
	})
	sc.Step(`^the consent page should answer (\d{3}) with error_type "([^"]+)"$`, func(ctx context.Context, status int, errorType string) error {
		w := worldOf(ctx)
		last, err := w.Last()
		if err != nil {
			return err
		}
		if last.Status != status {
			return fmt.Errorf("expected the consent page to answer %d, got %d%s; body: %s", status, last.Status, w.locationNote(), w.Secrets.String(snippet(last.Body)))
		}
		if !strings.Contains(string(last.Body), errorType) {
			return fmt.Errorf("expected the page to report error_type %s; body: %s", errorType, w.Secrets.String(snippet(last.Body)))
		}
		return nil
	})
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

// locationNote describes a redirect, for failure messages.
func (w world) locationNote() string {
	if last, err := w.Last(); err == nil && last.Redirect() {
		return " (a redirect to " + w.Secrets.String(last.Header.Get("Location")) + ")"
	}
	return ""
}

// snippet shortens a page body for a failure message.
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

// location is the target of the last response, which must redirect.
func (w world) location() (*url.URL, error) {
	last, err := w.Last()
	if err != nil {
		return nil, err
	}
	if !last.Redirect() {
		return nil, fmt.Errorf("expected a redirect, got status %d; body: %s", last.Status, w.Secrets.String(snippet(last.Body)))
	}
	raw := last.Header.Get("Location")
	if raw == "" {
		return nil, fmt.Errorf("the %d redirect has no Location header", last.Status)
	}
	loc, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("the redirect's Location %q is not a URL: %w", w.Secrets.String(raw), err)
	}
	return loc, nil
}

// redirect checks that the last response sends the end user to want:
// same scheme, host and path, and every query parameter want has.
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
