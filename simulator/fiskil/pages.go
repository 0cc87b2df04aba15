package fiskil

import (
	"bytes"
	"encoding/json"
	"html/template"
	"net/http"
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
