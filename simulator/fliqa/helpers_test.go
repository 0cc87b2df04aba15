package fliqa

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/conformhq/conform/simulator/core"
	"github.com/conformhq/conform/simulator/simtest"
)

// t0 is the frozen start of every test sandbox's clock.
var t0 = time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)

// coverage records what the tests provoked: (operation, status) pairs and
// errorSubCodes, so that one test can assert nothing documented was missed.
type coverage struct {
	mu       sync.Mutex
	statuses map[string]bool // "operationId status"
	subs     map[string]bool
	groups   map[string]bool
}

func newCoverage() *coverage {
	return &coverage{statuses: map[string]bool{}, subs: map[string]bool{}, groups: map[string]bool{}}
}

// env is one test sandbox behind the validating handler.
type env struct {
	t   *testing.T
	p   *core.Provider
	reg *core.Registry
	sb  *core.Sandbox
	h   http.Handler
	cov *coverage
}

// newEnv builds a provider and a sandbox with the given fixtures applied
// (DefaultFixtures when fx is "default", none when "").
func newEnv(t *testing.T, cov *coverage, fx string) *env {
	t.Helper()
	p, err := New()
	if err != nil {
		t.Fatal(err)
	}
	reg := core.NewRegistry(1, nil)
	sb, err := reg.Create("")
	if err != nil {
		t.Fatal(err)
	}
	sb.Clock = core.NewFrozenClock(t0)
	e := &env{t: t, p: p, reg: reg, sb: sb, cov: cov}
	e.h = simtest.Validating(t, p.Spec, p.Serve(reg, nil))
	switch fx {
	case "":
	case "default":
		e.fixtures(string(DefaultFixtures))
	default:
		e.fixtures(fx)
	}
	return e
}

func (e *env) fixtures(raw string) Credentials {
	e.t.Helper()
	e.sb.Lock()
	defer e.sb.Unlock()
	v, err := e.p.Fixtures(e.sb, json.RawMessage(raw))
	if err != nil {
		e.t.Fatalf("fixtures: %v", err)
	}
	return v.(Credentials)
}

// resp is a response with its error fields decoded when it has them.
type resp struct {
	Status int
	Header http.Header
	Body   []byte
	JSON   map[string]any
}

func (r resp) str(key string) string {
	s, _ := r.JSON[key].(string)
	return s
}

// do sends a request; headers are "Name: value" strings.
func (e *env) do(method, path, body string, headers ...string) resp {
	e.t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req := httptest.NewRequest(method, path, rd)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for _, h := range headers {
		k, v, _ := strings.Cut(h, ":")
		req.Header.Set(strings.TrimSpace(k), strings.TrimSpace(v))
	}
	rec := httptest.NewRecorder()
	e.h.ServeHTTP(rec, req)
	r := resp{Status: rec.Code, Header: rec.Header(), Body: rec.Body.Bytes()}
	_ = json.Unmarshal(r.Body, &r.JSON)
	if r.Status >= 500 {
		e.t.Errorf("%s %s: status %d: %s", method, path, r.Status, r.Body)
	}
	if e.cov != nil {
		if op, _, err := e.p.Spec.Match(method, strings.SplitN(path, "?", 2)[0]); err == nil {
			e.cov.mu.Lock()
			e.cov.statuses[op.ID+" "+strconv.Itoa(r.Status)] = true
			if s := r.str("errorSubCode"); s != "" {
				e.cov.subs[s] = true
			}
			e.cov.mu.Unlock()
		}
	}
	return r
}

const (
	demoKey    = "Api-Key: fliqa-demo-key"
	demoSecret = "Api-Secret: fliqa-demo-secret"
)

// token gets an access token for an inquiry with the demo credentials.
func (e *env) token(inquiry string) string {
	e.t.Helper()
	r := e.do("GET", "/account/auth/token/sandbox/api/"+inquiry, "", demoKey, demoSecret)
	if r.Status != http.StatusOK {
		e.t.Fatalf("token: %d %s", r.Status, r.Body)
	}
	return r.str("accessToken")
}

// login logs the owner in and returns the OTP from the outbox.
func (e *env) login(tok, body string) string {
	e.t.Helper()
	r := e.do("POST", "/account/login", body, "Authorization: Bearer "+tok)
	if r.Status != http.StatusOK {
		e.t.Fatalf("login: %d %s", r.Status, r.Body)
	}
	msgs := e.sb.Outbox.List(Name, "", "")
	return msgs[len(msgs)-1].OTP
}

func (e *env) advance(d time.Duration) {
	e.sb.Lock()
	defer e.sb.Unlock()
	e.sb.Clock.Advance(d)
}

func (e *env) fault(f core.Fault) {
	e.sb.Lock()
	defer e.sb.Unlock()
	f.Provider = Name
	e.sb.Faults.Add(f)
}

// wantError checks an error answer: status, errorCode from the status,
// subcode, documentation URL and request id.
func wantError(t *testing.T, r resp, status int, sub string) {
	t.Helper()
	if r.Status != status {
		t.Fatalf("status %d, want %d: %s", r.Status, status, r.Body)
	}
	code := errorCode(status)
	if got := r.str("errorCode"); got != code {
		t.Errorf("errorCode %q, want %q", got, code)
	}
	if got := r.str("errorSubCode"); got != sub {
		t.Errorf("errorSubCode %q, want %q (%s)", got, sub, r.Body)
	}
	if got := r.str("documentationUrl"); got != "https://documentation.fliqa.io/api/errors/"+code {
		t.Errorf("documentationUrl %q", got)
	}
	if len(r.str("requestId")) != 32 {
		t.Errorf("requestId %q", r.str("requestId"))
	}
}
