package fiskil

import (
	"bytes"
	crand "crypto/rand"
	"encoding/json"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"time"

	"github.com/conformhq/conform/simulator/core"
)

// linkPath is the consent page, the simulator's authServer: the Link SDK
// opens <authServer>?sess_id=<session_id>, and auth_url is that URL.
const linkPath = "/link"

// maxFormBytes bounds the consent form; it holds a few short fields.
const maxFormBytes = 16 << 10

// pages serves the consent page an auth session's auth_url leads to, at
// GET and POST /link, and goa's 404 for any other undocumented path.
type pages struct {
	mux     *http.ServeMux
	consent *template.Template
	result  *template.Template
}

func newPages() (*pages, error) {
	consent, err := template.New("consent").Parse(consentHTML)
	if err != nil {
		return nil, err
	}
	result, err := template.New("result").Parse(resultHTML)
	if err != nil {
		return nil, err
	}
	p := &pages{mux: http.NewServeMux(), consent: consent, result: result}
	p.mux.HandleFunc("GET "+linkPath, p.visit)
	p.mux.HandleFunc("POST "+linkPath, p.visit)
	p.mux.HandleFunc(linkPath, p.methodNotAllowed)
	p.mux.HandleFunc("/", pageNotFound)
	return p, nil
}

// ServeHTTP routes a request no documented operation matched.
func (p *pages) ServeHTTP(w http.ResponseWriter, r *http.Request) { p.mux.ServeHTTP(w, r) }

// visit shows the consent page (GET) or records the end user's decision
// (POST). The session is single use: any decision makes it terminal. The
// sandbox is locked here, since the pipeline does not lock for pages.
func (p *pages) visit(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodPost {
		r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
		if err := r.ParseForm(); err != nil {
			p.showResult(w, http.StatusBadRequest, resultView{Title: "Unreadable form", Message: "The consent form could not be read."})
			return
		}
	}
	id := r.FormValue("sess_id")
	f := flowOf(r)
	var sb *core.Sandbox
	if reg := registryOf(r); reg != nil && id != "" {
		sb = reg.Lookup(kindSession, id)
	}
	if sb == nil {
		p.unknown(w, r, f, id)
		return
	}
	sb.Lock()
	defer sb.Unlock()
	st := stateOf(sb)
	ss := st.sessions[id]
	switch {
	case ss == nil:
		p.unknown(w, r, f, id)
		return
	case ss.status == sessionTerminal:
		p.finish(w, r, f, sb, ss, outcome{errorType: errInvalid, description: "The auth session was already used"})
		return
	case !sb.Clock.Now().Before(ss.expires):
		ss.status = sessionTerminal
		p.finish(w, r, f, sb, ss, outcome{errorType: errTimeout, description: "The auth session expired before the end user consented"})
		return
	case r.Method != http.MethodPost:
		// GET, or the HEAD the mux routes here with it.
		p.showConsent(w, r, st, ss)
		return
	}
	decision := r.PostForm.Get("decision")
	o, ok := decided(decision)
	switch {
	case decision == "approve" && r.PostForm.Get("otp") == otpCode:
		o = outcome{consentID: sb.IDs.UUID()}
		ss.consentID = o.consentID
	case decision == "approve":
		o = outcome{errorType: errOTPFailure, description: "The one-time password was wrong"}
	case !ok:
		p.showResult(w, http.StatusBadRequest, resultView{Title: "Unknown decision",
			Message: "The form must send decision=approve (with otp), deny, ineligible, upstream or cancel; the session is still open."})
		return
	}
	ss.status = sessionTerminal
	p.finish(w, r, f, sb, ss, o)
}

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

type consentView struct {
	Action       string
	SessID       string
	EndUser      string
	Email        string
	Institution  string
	Institutions []string
	ExpiresAt    string
	OTP          string
}

func (p *pages) showConsent(w http.ResponseWriter, r *http.Request, st *state, ss *session) {
	v := consentView{Action: core.BaseURL(r) + linkPath, SessID: ss.sessionID,
		ExpiresAt: ss.expires.UTC().Format(time.RFC1123), OTP: otpCode}
	if u := st.endUsers[ss.endUserID]; u != nil {
		v.EndUser, v.Email = u.name, u.email
	}
	if in := st.institutions[ss.institutionID]; in != nil {
		v.Institution = in.name
	} else {
		for _, id := range st.instOrder {
			v.Institutions = append(v.Institutions, st.institutions[id].name)
		}
	}
	render(w, http.StatusOK, p.consent, v)
}

type resultView struct {
	Title     string
	Outcome   string // approved or failed; empty for errors of the page itself
	ErrorType string
	ConsentID string
	Message   string
	// LinkMessage is the JSON posted to the parent window (Link SDK flow).
	LinkMessage template.JS
}

func (p *pages) showResult(w http.ResponseWriter, status int, v resultView) {
	render(w, status, p.result, v)
}

// showMessage answers the framed page's last step: a page whose script
// posts msg to its parent, the way Fiskil's hosted page talks to the Link
// SDK. The message is also in the page as JSON, for clients without
// script.
func (p *pages) showMessage(w http.ResponseWriter, msg map[string]any) {
	b, err := json.Marshal(msg)
	if err != nil {
		http.Error(w, "the message could not be encoded", http.StatusInternalServerError)
		return
	}
	v := resultView{Title: "Consent flow ended", Outcome: "approved", LinkMessage: template.JS(b),
		Message: "The result was sent to the application that opened this page."}
	if et, _ := msg["errorType"].(string); et != "" {
		v.Outcome, v.ErrorType = "failed", et
	}
	render(w, http.StatusOK, p.result, v)
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

func render(w http.ResponseWriter, status int, t *template.Template, v any) {
	var buf bytes.Buffer
	if err := t.Execute(&buf, v); err != nil {
		http.Error(w, "the page could not be rendered", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

func (p *pages) methodNotAllowed(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Allow", "GET, POST")
	p.showResult(w, http.StatusMethodNotAllowed, resultView{Title: "Method not allowed",
		Message: "The consent page is shown with GET and answered with a form POST."})
}

// pageNotFound is goa's answer to a path its router does not know: not a
// declared error, so without goa-error.
func pageNotFound(w http.ResponseWriter, r *http.Request) {
	b, _ := json.Marshal(goaError{Name: "not_found", ID: errorID(nil),
		Message: "no operation at " + r.Method + " " + r.URL.Path})
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusNotFound)
	_, _ = w.Write(b)
}
