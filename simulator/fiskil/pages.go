package fiskil

import (
	"bytes"
	"encoding/json"
	"html/template"
	"net/http"
	"net/url"
	"time"

	"github.com/conformhq/conform/simulator/core"
)

// Consent page outcomes, sent to cancel_uri as error_type (Fiskil's names).
const (
	errDenied     = "CONSENT_ENDUSER_DENIED"
	errOTPFailure = "CONSENT_OTP_FAILURE"
	errTimeout    = "CONSENT_TIMEOUT"
	errNotFound   = "AUTH_SESSION_NOT_FOUND"
	errTerminal   = "AUTH_SESSION_TERMINAL"
)

// maxFormBytes bounds the consent form; it holds a single short field.
const maxFormBytes = 16 << 10

// pages serves the consent page an auth session's auth_url leads to, at
// GET and POST /connect/{id}, and goa's 404 for any other undocumented path.
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
	p.mux.HandleFunc("GET /connect/{id}", p.visit)
	p.mux.HandleFunc("POST /connect/{id}", p.visit)
	p.mux.HandleFunc("/connect/{id}", p.methodNotAllowed)
	p.mux.HandleFunc("/", pageNotFound)
	return p, nil
}

// ServeHTTP routes a request no documented operation matched.
func (p *pages) ServeHTTP(w http.ResponseWriter, r *http.Request) { p.mux.ServeHTTP(w, r) }

// visit shows the consent page (GET) or records the end user's decision
// (POST). The session is single use: any decision makes it terminal. The
// sandbox is locked here, since the pipeline does not lock for pages.
func (p *pages) visit(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	var sb *core.Sandbox
	if reg := registryOf(r); reg != nil {
		sb = reg.Lookup(kindSession, id)
	}
	if sb == nil {
		p.showResult(w, http.StatusNotFound, resultView{Title: "Session not found", ErrorType: errNotFound,
			Message: "There is no auth session with this id."})
		return
	}
	sb.Lock()
	defer sb.Unlock()
	st := stateOf(sb)
	ss := st.sessions[id]
	if ss == nil {
		p.showResult(w, http.StatusNotFound, resultView{Title: "Session not found", ErrorType: errNotFound,
			Message: "There is no auth session with this id."})
		return
	}
	if ss.status == sessionTerminal {
		p.fail(w, r, ss, http.StatusGone, errTerminal, "the auth session was already used or has expired")
		return
	}
	if !sb.Clock.Now().Before(ss.expires) {
		ss.status = sessionTerminal
		p.fail(w, r, ss, http.StatusGone, errTimeout, "the auth session expired before the end user consented")
		return
	}
	if r.Method != http.MethodPost {
		// GET, or the HEAD the mux routes here with it.
		p.showConsent(w, r, st, ss)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	decision := ""
	if err := r.ParseForm(); err == nil {
		decision = r.PostForm.Get("decision")
	}
	switch decision {
	case "approve":
		ss.status = sessionTerminal
		p.approve(w, r, ss)
	case "deny":
		ss.status = sessionTerminal
		p.fail(w, r, ss, http.StatusOK, errDenied, "the end user denied consent")
	case "otp_failure":
		ss.status = sessionTerminal
		p.fail(w, r, ss, http.StatusOK, errOTPFailure, "the end user failed the one-time password check")
	default:
		p.showResult(w, http.StatusBadRequest, resultView{Title: "Unknown decision",
			Message: "The form must send decision=approve, deny or otp_failure; the session is still open."})
	}
}

func (p *pages) approve(w http.ResponseWriter, r *http.Request, ss *session) {
	if to, ok := withQuery(ss.redirectURI, "session_id", ss.sessionID); ok {
		http.Redirect(w, r, to, http.StatusFound)
		return
	}
	p.showResult(w, http.StatusOK, resultView{Title: "Consent granted", Outcome: "approved", SessionID: ss.sessionID,
		Message: "The end user approved sharing their data. No redirect_uri was given, so the flow ends here."})
}

// fail sends the end user to cancel_uri with Fiskil's error query, or shows
// the outcome when the session has no (usable) cancel_uri.
func (p *pages) fail(w http.ResponseWriter, r *http.Request, ss *session, pageStatus int, errorType, description string) {
	if to, ok := withQuery(ss.cancelURI, "error", "access_denied", "error_type", errorType, "error_description", description); ok {
		http.Redirect(w, r, to, http.StatusFound)
		return
	}
	p.showResult(w, pageStatus, resultView{Title: "Consent not granted", Outcome: "failed", ErrorType: errorType,
		SessionID: ss.sessionID, Message: "The flow ended: " + description + "."})
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
	EndUser      string
	Email        string
	Institution  string
	Institutions []string
	ExpiresAt    string
}

func (p *pages) showConsent(w http.ResponseWriter, r *http.Request, st *state, ss *session) {
	v := consentView{Action: core.BaseURL(r) + "/connect/" + url.PathEscape(ss.id), ExpiresAt: ss.expires.UTC().Format(time.RFC1123)}
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
	SessionID string
	Message   string
}

func (p *pages) showResult(w http.ResponseWriter, status int, v resultView) {
	render(w, status, p.result, v)
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

// pageNotFound is goa's answer to a path its router does not know.
func pageNotFound(w http.ResponseWriter, r *http.Request) {
	b, _ := json.Marshal(goaError{Name: "not_found", ID: errorID(nil),
		Message: "no operation at " + r.Method + " " + r.URL.Path})
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("goa-error", "not_found")
	w.WriteHeader(http.StatusNotFound)
	_, _ = w.Write(b)
}
