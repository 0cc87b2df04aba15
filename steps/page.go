package steps

import (
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"

	"github.com/conformhq/conform/steps/browser"
	"github.com/conformhq/conform/steps/config"
)

// beyondControl are the kinds that conform's control API cannot offer on
// its own: a browser is this machine's, and a declared consent page
// replaces the simulator's own.
func beyondControl(kind string) bool { return kind == KindBrowser || kind == KindConsentPage }

// offerBrowser: a Chromium on PATH.
func offerBrowser(e *Env, _ Need) Offer {
	if e.Browser != nil {
		return Offer{Offered: true, By: "the browser " + e.Browser.Path()}
	}
	return Offer{Provide: "a Chromium on PATH (apt-get install chromium): none is installed"}
}

// offerConsentPage: the config's page description, providers.<p>.consentPage
// (with the control named, if any), or else the simulator's own page behind
// conform's control API.
func offerConsentPage(e *Env, n Need) Offer {
	p, control := n.Capability.Provider(), n.Capability.Arg()
	key := fmt.Sprintf("config providers.%s.consentPage", p)
	if cp := e.Target.Config.Provider(p).ConsentPage; cp != nil {
		if control == "" || cp.Has(control) {
			return Offer{Offered: true, By: key}
		}
		return Offer{Provide: key + "." + control + ": the page's control (selector or label)"}
	}
	if e.Target.Control != "" {
		return Offer{Offered: true, By: "conform's control API (the simulator's own page)"}
	}
	what := "a description of the page's controls"
	if control != "" {
		what += ", " + control + " among them"
	}
	return Offer{Provide: key + ": " + what}
}

// CloseBrowser stops the run's browser, if it started; a later scenario
// starts it again.
func (e *Env) CloseBrowser() {
	if e.Browser != nil {
		e.Browser.Close()
	}
}

// ConsentPage is the provider's page description from the config; nil
// when it declares none.
func (w *World) ConsentPage(provider string) *config.ConsentPage {
	return w.env.Target.Config.Provider(provider).ConsentPage
}

// Origins are the origins the harness follows a provider's pages to: its
// base URL's, and those its consent page declares.
func (w *World) Origins(provider string) []string { return w.env.Target.origins(provider) }

// origins are the origins the config declares for a provider: its base
// URL's, and those its consent page declares.
func (t *Target) origins(provider string) []string {
	var out []string
	if u, err := url.Parse(t.BaseURL(provider)); err == nil && config.Origin(u) != "" {
		out = append(out, config.Origin(u))
	}
	if cp := t.Config.Provider(provider).ConsentPage; cp != nil {
		for _, o := range cp.Origins {
			o = strings.ToLower(strings.TrimSuffix(o, "/"))
			if !slices.Contains(out, o) {
				out = append(out, o)
			}
		}
	}
	return out
}

// Followable says whether the harness may follow a URL the provider gave
// (an auth_url): only to the provider's origins. Otherwise the scenario
// is not applicable, naming the origin and the key that would declare it.
func (w *World) Followable(provider, rawURL string) error {
	u, err := url.Parse(rawURL)
	if err != nil || config.Origin(u) == "" {
		return fmt.Errorf("%q is not an absolute URL", w.Secrets.String(rawURL))
	}
	o := config.Origin(u)
	if slices.Contains(w.Origins(provider), o) {
		return nil
	}
	return w.NotApplicablef("the page is at %s, an origin not declared for %s (its base URL's %s; config providers.%s.consentPage.origins declares more): conform does not follow it",
		w.Secrets.String(o), provider, strings.Join(w.Origins(provider), ", "), provider)
}

// Tab is the scenario's browser tab, opened on first use, allowed the
// provider's origins; not applicable where no browser is installed or it
// cannot start. It closes when the scenario ends. With through, the tab
// loads the provider's pages with the target's own client (the built-in
// simulator lives in conform's process, where no browser reaches it).
func (w *World) Tab(provider string, through bool) (*browser.Tab, error) {
	if w.tab != nil {
		return w.tab, nil
	}
	if w.env.Browser == nil {
		return nil, w.NotApplicableLacking(Browser)
	}
	t, err := w.env.Browser.Tab(w.Origins(provider)...)
	if err != nil {
		var se *browser.StartError
		if errors.As(err, &se) {
			return nil, w.NotApplicablef("%s", se.Error())
		}
		return nil, err
	}
	if through {
		t.Through(w.env.Target.Client)
	}
	w.tab = t
	return t, nil
}

// RecordTab records the tab's document requests since the last call as
// exchanges of the provider: method, URL (redacted) and status, or the
// origin it was stopped at. No page body is kept.
func (w *World) RecordTab(provider string) {
	if w.tab == nil {
		return
	}
	for _, ev := range w.tab.Events() {
		x := Exchange{Provider: provider, Method: ev.Method, URL: w.redactURL(ev.URL), Status: ev.Status}
		if ev.MIME != "" {
			x.ResponseHeaders = map[string][]string{"Content-Type": {ev.MIME}}
		}
		if ev.Stopped {
			x.Error = "not followed in the browser: not an origin declared for " + provider
		}
		w.record(x)
	}
}

// closeTab closes the scenario's tab, if it has one.
func (w *World) closeTab() {
	if w.tab != nil {
		w.tab.Close()
		w.tab = nil
	}
}

// RedactURL is a URL as reports may show it: secrets and secret query
// parameters (a session id) masked.
func (w *World) RedactURL(u string) string { return w.redactURL(u) }
