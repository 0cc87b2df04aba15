package fiskil

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/conformhq/conform/steps"
	"github.com/conformhq/conform/steps/browser"
	"github.com/conformhq/conform/steps/config"
)

// registerLinkChecks installs the checks of the Link SDK flow: the URL the
// SDK opens, and what the SDK's listener in the parent page makes of the
// framed page's message.
func registerLinkChecks(sc *steps.ScenarioContext) {
	sc.Step(`^the auth_url should be the consent page with the session_id as sess_id$`, func(ctx context.Context) error {
		w := worldOf(ctx)
		au, err := w.JSONAt("auth_url")
		if err != nil {
			return err
		}
		sid, err := w.JSONAt("session_id")
		if err != nil {
			return err
		}
		u, err := url.Parse(au.Str)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return fmt.Errorf("auth_url %s is not an absolute http(s) URL", w.Secrets.String(au.Raw))
		}
		if got := u.Query()["sess_id"]; len(got) != 1 || got[0] != sid.Str {
			return fmt.Errorf("auth_url %s must be <authServer>?sess_id=<session_id>, as the Link SDK opens it (Fiskil/link src/index.ts:154-156)",
				w.Secrets.String(au.Str))
		}
		return nil
	})
	sc.Step(`^the page posts to its parent a completed consent$`, func(ctx context.Context) error {
		w := worldOf(ctx)
		r, err := w.linkResult(ctx)
		if err != nil {
			return err
		}
		if r.State != "resolved" || r.ConsentID == "" {
			return fmt.Errorf("the Link SDK completes only on isCompleted: true with a consentID (Fiskil/link src/utils.ts:130-136); it %s", r.describe(w))
		}
		return nil
	})
	sc.Step(`^the page posts to its parent a failure with error_type "([^"]+)"$`, func(ctx context.Context, errorType string) error {
		w := worldOf(ctx)
		r, err := w.linkResult(ctx)
		if err != nil {
			return err
		}
		if r.State != "rejected" || r.Code != errorType {
			return fmt.Errorf("expected the Link SDK to fail with %s (Fiskil/link src/utils.ts:105-127); it %s", errorType, r.describe(w))
		}
		// The SDK fails on errorType alone; the other fields are its
		// LinkError's details, which it lets be absent.
		var missing []string
		for k, v := range map[string]string{"error": r.Message.Error, "errorID": r.Message.ErrorID, "errorDescription": r.Message.ErrorDescription, "errorURI": r.Message.ErrorURI} {
			if v == "" {
				missing = append(missing, k)
			}
		}
		if len(missing) > 0 {
			w.Warn("rule 1", "Fiskil/link src/utils.ts:105-117: the SDK passes on error, errorID, errorDescription and errorURI, and lets them be absent",
				"the failure message has no %s", strings.Join(slices.Sorted(slices.Values(missing)), ", "))
		}
		if id := r.Message.ErrorID; id != "" && !strings.HasPrefix(id, "err_") {
			w.Warn("rule 2", "reference §4: Fiskil's error ids are err_ and a UUID", "errorID %q does not start with err_", id)
		}
		return nil
	})
}

// linkParentURL is the integrator's page that frames the consent page in
// the Link SDK flow. The tab answers it itself: no server hosts it, and it
// is another origin than any consent page's.
const linkParentURL = "http://conform-integrator.test/fiskil-link"

// sdkParentHTML frames the consent page as the Link SDK does (Fiskil/link
// 0.1.10, src/index.ts:24-109, src/utils.ts:75-144) and keeps what its
// listener settles on in the attribute data-link of the root element, for
// the harness: it ignores a message whose source is not the iframe or
// that parseAuthMessage ignores, then refuses one from an origin other
// than the auth server's (LINK_ORIGIN_MISMATCH), then completes or fails.
// The first %s is the allowed origin as a JSON string, the second the
// iframe's URL, escaped for an attribute.
const sdkParentHTML = `<!doctype html>
<html><head><meta charset="utf-8"><title>integrator (conform)</title></head><body>
<script>
var allowedOrigin = %s;
var fiskilErrors = /CONSENT_UPSTREAM_PROCESSING_ERROR|CONSENT_ENDUSER_DENIED|CONSENT_OTP_FAILURE|CONSENT_ENDUSER_INELIGIBLE|CONSENT_TIMEOUT|AUTH_SESSION_CANCELLED/;
function parseAuthMessage(d) {
  if (typeof d !== 'object' || d === null) { return null; }
  if ('isCompleted' in d) {
    if (d.isCompleted === false && (d.error || d.errorID || d.errorType || d.errorDescription || d.errorURI)) {
      return {type: 'FAILED', error: d.error || 'internal error', error_type: d.errorType};
    }
    var m = typeof d.redirectURL === 'string' ? d.redirectURL.match(fiskilErrors) : null;
    if (m) {
      try {
        var q = new URL(d.redirectURL).searchParams;
        return {type: 'FAILED', error: q.get('error_type') || q.get('error') || 'Unknown error', error_type: q.get('error_type') || undefined};
      } catch (e) { return {type: 'FAILED', error: m[0]}; }
    }
    if (d.isCompleted === true && d.consentID) {
      return {type: 'COMPLETED', redirectURL: d.redirectURL, consentID: d.consentID};
    }
  }
  if (typeof d.error === 'string') { return {type: 'FAILED', error: d.error}; }
  return null;
}
function field(d, k) {
  var v = d[k];
  if (typeof v === 'boolean') { return v; }
  return typeof v === 'string' ? v.slice(0, 2048) : (v === undefined || v === null ? '' : String(v).slice(0, 2048));
}
window.addEventListener('message', function (e) {
  var root = document.documentElement;
  var f = document.querySelector('iframe[data-fiskil-link-iframe="true"]');
  if (root.hasAttribute('data-link') || !f || e.source !== f.contentWindow) { return; }
  var r = parseAuthMessage(e.data);
  if (!r) { return; }
  var d = e.data, out = {origin: e.origin, message: {}};
  ['isCompleted', 'consentID', 'redirectURL', 'error', 'errorID', 'errorType', 'errorDescription', 'errorURI'].forEach(function (k) {
    if (k in d) { out.message[k] = field(d, k); }
  });
  if (e.origin !== allowedOrigin) {
    out.state = 'rejected'; out.code = 'LINK_ORIGIN_MISMATCH';
  } else if (r.type === 'COMPLETED') {
    out.state = 'resolved'; out.consentID = String(r.consentID);
  } else {
    out.state = 'rejected'; out.code = r.error_type || 'LINK_INTERNAL_ERROR';
  }
  root.setAttribute('data-link', JSON.stringify(out));
});
</script>
<div id="fiskil-link-overlay" style="position:fixed;top:0;left:0;width:100%%;height:100%%;z-index:2147483647;background:rgba(23, 23, 23, 0.2)">
<iframe data-fiskil-link-iframe="true" style="border:0;width:100%%;height:100%%" src="%s"></iframe></div>
</body></html>`

// linkParent is the parent page of the Link SDK flow for a consent page
// URL: where the tab serves it, and its HTML. The SDK allows messages from
// the auth server's origin (new URL(authUrl).origin).
func linkParent(authURL string) (parentURL, page string, err error) {
	u, err := url.Parse(authURL)
	if err != nil || config.Origin(u) == "" {
		return "", "", fmt.Errorf("auth_url is not an absolute URL")
	}
	origin, err := json.Marshal(u.Scheme + "://" + u.Host)
	if err != nil {
		return "", "", err
	}
	return linkParentURL, fmt.Sprintf(sdkParentHTML, origin, html.EscapeString(authURL)), nil
}

// linkResult is what the parent page's SDK listener settled on.
type linkResult struct {
	State     string `json:"state"` // resolved or rejected
	Code      string `json:"code"`  // the LinkError code when rejected
	ConsentID string `json:"consentID"`
	Origin    string `json:"origin"` // the message's
	Message   struct {
		IsCompleted      any    `json:"isCompleted"`
		ConsentID        string `json:"consentID"`
		RedirectURL      string `json:"redirectURL"`
		Error            string `json:"error"`
		ErrorID          string `json:"errorID"`
		ErrorType        string `json:"errorType"`
		ErrorDescription string `json:"errorDescription"`
		ErrorURI         string `json:"errorURI"`
	} `json:"message"`
}

// describe says what the SDK did, for failure messages.
func (r linkResult) describe(w world) string {
	m := r.Message
	if r.Code == "LINK_ORIGIN_MISMATCH" {
		return fmt.Sprintf("refused the message: it came from %s, not from the auth_url's origin", w.Secrets.String(r.Origin))
	}
	return w.Secrets.String(fmt.Sprintf("settled %s%s on {isCompleted: %v, consentID: %q, errorType: %q}",
		r.State, map[bool]string{true: " (" + r.Code + ")", false: ""}[r.Code != ""], m.IsCompleted, m.ConsentID, m.ErrorType))
}

// readLinkResult reads the parent's settled result; false while none.
func readLinkResult(ctx context.Context, tab *browser.Tab) (linkResult, bool, error) {
	var raw string
	err := tab.Eval(ctx, browser.InPage, `document.documentElement.getAttribute('data-link') || ''`, &raw, 5*time.Second)
	if err != nil || raw == "" {
		return linkResult{}, false, err
	}
	var r linkResult
	if err := json.Unmarshal([]byte(raw), &r); err != nil {
		return linkResult{}, false, fmt.Errorf("the parent's result is not JSON: %w", err)
	}
	return r, true, nil
}

// linkResult is what the Link SDK made of the framed page's message: an
// error when the flow was not opened in the iframe, or no message came.
func (w world) linkResult(ctx context.Context) (linkResult, error) {
	tab, err := w.openedTab()
	if err != nil {
		return linkResult{}, err
	}
	if f, _ := w.Get(pageFlowVar); f != flowLink {
		return linkResult{}, fmt.Errorf("the consent page was not opened in the Link SDK's iframe")
	}
	r, ok, err := readLinkResult(ctx, tab)
	switch {
	case err != nil:
		return linkResult{}, fmt.Errorf("the parent page could not be read: %w", err)
	case !ok && tab.Left() != nil:
		return linkResult{}, fmt.Errorf("the framed page posted nothing the SDK accepts, and went to %s%s", w.Secrets.String(tab.Left().String()), w.didNote())
	case !ok:
		return linkResult{}, fmt.Errorf("the framed page posted nothing the SDK accepts (a message from the iframe with isCompleted and a consentID, or the error fields)%s", w.didNote())
	}
	return r, nil
}
