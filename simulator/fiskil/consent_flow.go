package fiskil

import (
	crand "crypto/rand"
	"fmt"
	"net/http"
	"net/url"

	"github.com/conformhq/conform/simulator/core"
)

// flow is how the page was opened: as a page of its own (the redirect
// flow) or in an iframe (the Link SDK flow).
type flow int

const (
	flowRedirect flow = iota
	flowEmbedded
)

// flowOf tells the flows apart by the browser's Sec-Fetch-Dest (iframe
// for a framed navigation or form post), or by the form's flow field,
// which the page's script sets when it finds itself framed: a client
// without fetch metadata can still say so.
func flowOf(r *http.Request) flow {
	if r.Header.Get("Sec-Fetch-Dest") == "iframe" || r.FormValue("flow") == "embedded" {
		return flowEmbedded
	}
	return flowRedirect
}

// unknown answers a sess_id no session has (or none): AUTH_SESSION_INVALID,
// posted to the parent when framed; there is no cancel_uri to go to.
func (p *pages) unknown(w http.ResponseWriter, r *http.Request, f flow, id string) {
	o := outcome{errorType: errInvalid, description: "There is no auth session with this sess_id"}
	status := http.StatusNotFound
	if id == "" {
		o.description, status = "The page needs a sess_id", http.StatusBadRequest
	}
	if f == flowEmbedded {
		p.showMessage(w, linkMessage(o, newErrorID(nil), ""))
		return
	}
	p.showResult(w, status, resultView{Title: "Session invalid", Outcome: "failed", ErrorType: o.errorType, Message: o.description + "."})
}

// finish ends the flow: in an iframe, a message to the parent as the Link
// SDK expects it; as a page, a redirect to redirect_uri (with consent_id
// [decided]) or to cancel_uri with the error query, or the outcome shown
// when the session has no such URI.
func (p *pages) finish(w http.ResponseWriter, r *http.Request, f flow, sb *core.Sandbox, ss *session, o outcome) {
	errID := ""
	to, ok := "", false
	if o.failed() {
		errID = newErrorID(sb)
		to, ok = withQuery(ss.cancelURI, "error", o.oauthError(), "error_id", errID, "error_type", o.errorType,
			"error_description", o.description, "error_uri", errorURIPrefix+o.errorType)
	} else {
		to, ok = withQuery(ss.redirectURI, "consent_id", o.consentID)
	}
	if f == flowEmbedded {
		p.showMessage(w, linkMessage(o, errID, to))
		return
	}
	if ok {
		http.Redirect(w, r, to, http.StatusFound)
		return
	}
	v := resultView{Title: "Consent granted", Outcome: "approved", ConsentID: o.consentID,
		Message: "The end user approved sharing their data. No redirect_uri was given, so the flow ends here."}
	status := http.StatusOK
	if o.failed() {
		v = resultView{Title: "Consent not granted", Outcome: "failed", ErrorType: o.errorType, Message: o.description + "."}
	}
	if o.errorType == errTimeout || o.errorType == errInvalid {
		// The session is over, not just this visit.
		status = http.StatusGone
	}
	p.showResult(w, status, v)
}

// newErrorID is Fiskil's error id, err_ and a UUID: from the sandbox's
// seeded generator when there is one, else at random.
func newErrorID(sb *core.Sandbox) string {
	if sb != nil {
		return "err_" + sb.IDs.UUID()
	}
	b := make([]byte, 16)
	_, _ = crand.Read(b)
	b[6], b[8] = b[6]&0x0f|0x40, b[8]&0x3f|0x80
	return fmt.Sprintf("err_%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
}

// withQuery adds query parameters to an absolute http(s) URI, keeping its
// own. Other schemes are refused: a redirect must not run script.
func withQuery(raw string, kv ...string) (string, bool) {
	if raw == "" {
		return "", false
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", false
	}
	q := u.Query()
	for i := 0; i+1 < len(kv); i += 2 {
		q.Set(kv[i], kv[i+1])
	}
	u.RawQuery = q.Encode()
	return u.String(), true
}

// linkMessage is the payload the Link SDK's parseAuthMessage accepts
// (Fiskil/link src/utils.ts:75-144): isCompleted true with a consentID on
// success; isCompleted false with the error fields on failure.
func linkMessage(o outcome, errorID, redirectURL string) map[string]any {
	if !o.failed() {
		return map[string]any{"isCompleted": true, "consentID": o.consentID, "redirectURL": redirectURL}
	}
	return map[string]any{
		"isCompleted":      false,
		"redirectURL":      redirectURL,
		"error":            o.oauthError(),
		"errorID":          errorID,
		"errorType":        o.errorType,
		"errorDescription": o.description,
		"errorURI":         errorURIPrefix + o.errorType,
	}
}
