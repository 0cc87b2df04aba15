package fiskil

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// The browser test drives the consent page in Debian's chromium, once as a
// page of its own (the redirect flow) and once in an iframe of a page that
// listens the way the Link SDK does (Fiskil/link src/index.ts and
// src/utils.ts): what a real integrator's browser would see.

const (
	browserStart   = 60 * time.Second // chromium's first start on a busy machine
	browserCaseMax = 30 * time.Second // one case: a page, a click, an outcome
)

// linkResult is what the parent page's SDK-like listener settled on.
type linkResult struct {
	State       string `json:"state"` // resolved or rejected
	Code        string `json:"code"`  // the LinkError code when rejected
	ConsentID   string `json:"consentID"`
	RedirectURL string `json:"redirectURL"`
	ErrorID     string `json:"errorID"`
}

// sdkParentHTML frames the consent page and keeps the first message it
// posts, parsed as the Link SDK's parseAuthMessage parses it, in
// window.__link. %s are the JSON strings of the iframe's URL and the
// origin the SDK allows (the auth server's).
const sdkParentHTML = `<!doctype html>
<html><head><meta charset="utf-8"><title>integrator</title></head><body>
<script>
window.__link = null;
window.__frameLoaded = false;
var allowedOrigin = %s;
var fiskilErrors = /CONSENT_UPSTREAM_PROCESSING_ERROR|CONSENT_ENDUSER_DENIED|CONSENT_OTP_FAILURE|CONSENT_ENDUSER_INELIGIBLE|CONSENT_TIMEOUT|AUTH_SESSION_CANCELLED/;
function parseAuthMessage(d) {
  if (typeof d !== 'object' || d === null) { return null; }
  if ('isCompleted' in d) {
    if (d.isCompleted === false && (d.error || d.errorID || d.errorType || d.errorDescription || d.errorURI)) {
      return {type: 'FAILED', error: d.error || 'internal error', error_id: d.errorID, error_type: d.errorType};
    }
    var m = typeof d.redirectURL === 'string' ? d.redirectURL.match(fiskilErrors) : null;
    if (m) {
      try {
        var q = new URL(d.redirectURL).searchParams;
        return {type: 'FAILED', error: q.get('error_type') || q.get('error') || 'Unknown error',
                error_id: q.get('error_id') || undefined, error_type: q.get('error_type') || undefined};
      } catch (e) { return {type: 'FAILED', error: m[0]}; }
    }
    if (d.isCompleted === true && d.consentID) {
      return {type: 'COMPLETED', redirectURL: d.redirectURL, consentID: d.consentID};
    }
  }
  if (typeof d.error === 'string') { return {type: 'FAILED', error: d.error}; }
  return null;
}
window.addEventListener('message', function (e) {
  var f = document.querySelector('iframe[data-fiskil-link-iframe="true"]');
  if (!f || e.source !== f.contentWindow || window.__link) { return; }
  var r = parseAuthMessage(e.data);
  if (!r) { return; }
  if (e.origin !== allowedOrigin) { window.__link = {state: 'rejected', code: 'LINK_ORIGIN_MISMATCH'}; return; }
  if (r.type === 'COMPLETED') {
    window.__link = {state: 'resolved', consentID: r.consentID, redirectURL: r.redirectURL || ''};
  } else {
    window.__link = {state: 'rejected', code: r.error_type || 'LINK_INTERNAL_ERROR', errorID: r.error_id || ''};
  }
});
</script>
<iframe data-fiskil-link-iframe="true" style="border:0;width:100%%;height:40rem" onload="window.__frameLoaded = true" src=""></iframe>
<script>document.querySelector('iframe').src = %s;</script>
</body></html>`

// integrator is the test's own site: the parent page of the Link SDK
// flow, and the redirect_uri and cancel_uri of the redirect flow.
func integrator(t *testing.T, authServerOrigin string) *httptest.Server {
	t.Helper()
	mux := http.NewServeMux()
	mux.HandleFunc("GET /parent", func(w http.ResponseWriter, r *http.Request) {
		origin, _ := json.Marshal(authServerOrigin)
		src, _ := json.Marshal(r.URL.Query().Get("src"))
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, sdkParentHTML, origin, src)
	})
	landed := func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write([]byte(`<!doctype html><title>landed</title><p>back at the integrator</p>`))
	}
	mux.HandleFunc("GET /success", landed)
	mux.HandleFunc("GET /cancel", landed)
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

// newBrowser starts chromium once for the whole test, or skips the test
// when it is not installed.
func newBrowser(t *testing.T) context.Context {
	t.Helper()
	path, err := exec.LookPath("chromium")
	if err != nil {
		t.Skip("chromium is not installed (apt-get install -y chromium): the browser test of the consent page needs it")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.NoSandbox, // root in CI containers
		chromedp.Flag("headless", "new"),
		chromedp.Flag("disable-gpu", true),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(allocCtx)
	t.Cleanup(cancelAlloc)
	t.Cleanup(cancel)
	// The first run starts the browser, whose life is bound to the context
	// it runs with: a timeout context would end it with the first step, so
	// the start is bounded by a watchdog instead.
	watchdog := time.AfterFunc(browserStart, cancel)
	defer watchdog.Stop()
	if err := chromedp.Do(ctx, chromedp.Navigate("about:blank")); err != nil {
		t.Fatalf("chromium did not start within %s: %v", browserStart, err)
	}
	return ctx
}

// waitFor evaluates expr until it gives a non-zero value or ctx ends;
// errors while a page navigates are expected and retried.
func waitFor[T comparable](ctx context.Context, expr string) (T, error) {
	var zero, last T
	var lastErr error
	for {
		v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
		if err == nil && v != zero {
			return v, nil
		}
		last, lastErr = v, err
		select {
		case <-ctx.Done():
			return zero, fmt.Errorf("waited in vain for %s (last: %v, %v)", expr, last, lastErr)
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// browserCase is one consent flow in the browser.
type browserCase struct {
	name string
	// prepare runs once the session exists (the clock, an earlier use).
	prepare func(t *testing.T, e *env, authURL string)
	// action is what the end user does on the page: approve, deny, wrong
	// otp, or nothing (the page ends the flow by itself).
	action string
	// wantType is the error_type of a failure; "" for a consent.
	wantType string
}

func browserCases() []browserCase {
	expire := func(t *testing.T, e *env, _ string) { e.advance(sessionTTL) }
	use := func(t *testing.T, e *env, authURL string) {
		if r := e.visit(http.MethodPost, authURL, "approve"); r.status != http.StatusFound && r.status != http.StatusOK {
			t.Fatalf("first use: %d", r.status)
		}
	}
	return []browserCase{
		{name: "approve", action: "approve"},
		{name: "deny", action: "deny", wantType: errDenied},
		{name: "wrong one-time password", action: "wrong otp", wantType: errOTPFailure},
		{name: "expired session", prepare: expire, wantType: errTimeout},
		{name: "reused session", prepare: use, wantType: errInvalid},
	}
}

// act does the end user's part on the consent page, in the frame the
// options point to.
func act(ctx context.Context, action string, in ...chromedp.QueryOption) error {
	switch action {
	case "":
		return nil
	case "wrong otp":
		if err := chromedp.Do(ctx, chromedp.SetValue(chromedp.CSS("#otp"), "999999", in...)); err != nil {
			return err
		}
		action = "approve"
	}
	return chromedp.Do(ctx, chromedp.Click(chromedp.CSS("#"+action), in...))
}

func TestConsentInBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("starts chromium")
	}
	browser := newBrowser(t)
	t.Run("redirect flow", func(t *testing.T) {
		for _, tc := range browserCases() {
			t.Run(tc.name, func(t *testing.T) {
				e := newEnv(t, string(DefaultFixtures), nil)
				site := integrator(t, e.srv.URL)
				s := e.session(`,"redirect_uri":"` + site.URL + `/success","cancel_uri":"` + site.URL + `/cancel"`)
				authURL := s["auth_url"].(string)
				if tc.prepare != nil {
					tc.prepare(t, e, authURL)
				}
				ctx, cancel := tab(browser)
				defer cancel()
				if err := chromedp.Do(ctx, chromedp.Navigate(authURL)); err != nil {
					t.Fatal(err)
				}
				if err := act(ctx, tc.action); err != nil {
					t.Fatalf("%s: %v", tc.action, err)
				}
				href, err := waitFor[string](ctx, `location.href.indexOf(`+jsString(site.URL)+`) === 0 ? location.href : ""`)
				if err != nil {
					t.Fatal(err)
				}
				u, err := url.Parse(href)
				if err != nil {
					t.Fatal(err)
				}
				q := u.Query()
				if tc.wantType == "" {
					if u.Path != "/success" || q.Get("consent_id") == "" || q.Has("error") {
						t.Errorf("landed at %s, want /success with a consent_id", href)
					}
					return
				}
				if u.Path != "/cancel" || q.Get("error_type") != tc.wantType || q.Get("error") == "" ||
					!errID.MatchString(q.Get("error_id")) || q.Get("error_description") == "" || q.Get("error_uri") != errorURIPrefix+tc.wantType {
					t.Errorf("landed at %s, want /cancel with error_type %s and the whole error query", href, tc.wantType)
				}
			})
		}
	})
	t.Run("Link SDK flow", func(t *testing.T) {
		for _, tc := range browserCases() {
			t.Run(tc.name, func(t *testing.T) {
				e := newEnv(t, string(DefaultFixtures), nil)
				site := integrator(t, e.srv.URL)
				// The SDK flow needs neither redirect_uri nor cancel_uri.
				s := e.session("")
				authURL := s["auth_url"].(string)
				if tc.prepare != nil {
					tc.prepare(t, e, authURL)
				}
				ctx, cancel := tab(browser)
				defer cancel()
				if err := chromedp.Do(ctx, chromedp.Navigate(site.URL+"/parent?src="+url.QueryEscape(authURL))); err != nil {
					t.Fatal(err)
				}
				if _, err := waitFor[bool](ctx, `window.__frameLoaded`); err != nil {
					t.Fatal(err)
				}
				if tc.action != "" {
					frames, err := chromedp.Run(ctx, chromedp.Nodes(chromedp.CSS("iframe")))
					if err != nil || len(frames) != 1 {
						t.Fatalf("the parent's iframe: %d nodes, %v", len(frames), err)
					}
					if err := act(ctx, tc.action, chromedp.FromNode(frames[0])); err != nil {
						t.Fatalf("%s in the iframe: %v", tc.action, err)
					}
				}
				raw, err := waitFor[string](ctx, `window.__link ? JSON.stringify(window.__link) : ""`)
				if err != nil {
					t.Fatal(err)
				}
				var got linkResult
				if err := json.Unmarshal([]byte(raw), &got); err != nil {
					t.Fatalf("window.__link = %s: %v", raw, err)
				}
				if tc.wantType == "" {
					if got.State != "resolved" || got.ConsentID == "" {
						t.Errorf("the SDK settled on %+v, want resolved with a consentID", got)
					}
					return
				}
				if got.State != "rejected" || got.Code != tc.wantType || !errID.MatchString(got.ErrorID) {
					t.Errorf("the SDK settled on %+v, want rejected with %s and an err_ id", got, tc.wantType)
				}
			})
		}
	})
}

// tab opens a new tab of the browser for one case, bounded in time.
func tab(browser context.Context) (context.Context, context.CancelFunc) {
	ctx, cancelTab := chromedp.NewContext(browser)
	ctx, cancelTime := context.WithTimeout(ctx, browserCaseMax)
	return ctx, func() { cancelTime(); cancelTab() }
}

// jsString is s as a JavaScript string literal.
func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// TestSDKParentHTMLIsWellFormed: the parent page's two placeholders take
// the origin and the URL (a stray %% verb would garble the script).
func TestSDKParentHTMLIsWellFormed(t *testing.T) {
	out := fmt.Sprintf(sdkParentHTML, jsString("http://a"), jsString("http://b/link?sess_id=x"))
	for _, want := range []string{`var allowedOrigin = "http://a";`, `.src = "http://b/link?sess_id=x";`, `width:100%;`} {
		if !strings.Contains(out, want) {
			t.Errorf("parent page lacks %q", want)
		}
	}
	if strings.Contains(out, "%!") {
		t.Errorf("a formatting verb went wrong:\n%s", out)
	}
}
