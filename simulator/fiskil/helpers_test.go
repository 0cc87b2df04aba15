package fiskil

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

// t0 is where test sandboxes' clocks stand, so expiries are exact.
var t0 = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

var paths = map[string]string{
	"createToken":    "/v1/token",
	"createEndUser":  "/v1/end-users",
	"addAuthSession": "/v1/auth/session",
}

// coverage records which (operation, status, goa name) responses tests saw.
type coverage struct {
	mu   sync.Mutex
	seen map[string]bool
}

func newCoverage() *coverage { return &coverage{seen: map[string]bool{}} }

func coverKey(op string, status int, name string) string {
	return op + " " + strconv.Itoa(status) + " " + name
}

func (c *coverage) add(k string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.seen[k] = true
}

// env is one provider with one sandbox, served as the simulator mounts it.
type env struct {
	t     *testing.T
	p     *core.Provider
	reg   *core.Registry
	sb    *core.Sandbox
	srv   *httptest.Server
	creds Credentials
	http  *http.Client
}

func newEnv(t *testing.T, fixtures string, cov *coverage) *env {
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
	sb.Lock()
	sb.Clock = core.NewFrozenClock(t0)
	creds, err := p.Fixtures(sb, json.RawMessage(fixtures))
	sb.Unlock()
	if err != nil {
		t.Fatalf("fixtures: %v", err)
	}
	h := simtest.Validating(t, p.Spec, p.Serve(reg, nil))
	rec := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rw := httptest.NewRecorder()
		h.ServeHTTP(rw, r)
		if op, _, err := p.Spec.Match(r.Method, r.URL.Path); err == nil && cov != nil {
			var body struct{ Name string }
			if rw.Code >= 400 {
				_ = json.Unmarshal(rw.Body.Bytes(), &body)
			}
			cov.add(coverKey(op.ID, rw.Code, body.Name))
		}
		for k, v := range rw.Header() {
			w.Header()[k] = v
		}
		w.WriteHeader(rw.Code)
		_, _ = w.Write(rw.Body.Bytes())
	})
	srv := httptest.NewServer(core.Mount("/fiskil", rec))
	t.Cleanup(srv.Close)
	return &env{t: t, p: p, reg: reg, sb: sb, srv: srv, creds: creds.(Credentials),
		http: &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

type response struct {
	status int
	header http.Header
	body   []byte
}

func (r response) json(t *testing.T) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(r.body, &m); err != nil {
		t.Fatalf("body is not a JSON object: %v: %s", err, r.body)
	}
	return m
}

// do sends a request; path is below the provider root.
func (e *env) do(method, path string, header map[string]string, body string) response {
	e.t.Helper()
	req, err := http.NewRequest(method, e.srv.URL+"/fiskil"+path, strings.NewReader(body))
	if err != nil {
		e.t.Fatal(err)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := e.http.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		e.t.Fatal(err)
	}
	if resp.StatusCode >= 500 && !strings.Contains(string(b), `"fault":true`) && !strings.Contains(string(b), `"temporary":true`) {
		e.t.Errorf("%s %s: unforced %d: %s", method, path, resp.StatusCode, b)
	}
	return response{status: resp.StatusCode, header: resp.Header, body: b}
}

func (e *env) postJSON(path, token, body string) response {
	e.t.Helper()
	h := map[string]string{"Content-Type": "application/json"}
	if token != "" {
		h["Authorization"] = "Bearer " + token
	}
	return e.do(http.MethodPost, path, h, body)
}

// token gets a bearer token for a client.
func (e *env) token(id, secret string) string {
	e.t.Helper()
	r := e.postJSON("/v1/token", "", `{"client_id":"`+id+`","client_secret":"`+secret+`"}`)
	if r.status != http.StatusOK {
		e.t.Fatalf("token for %s: %d %s", id, r.status, r.body)
	}
	return r.json(e.t)["token"].(string)
}

func (e *env) advance(d time.Duration) {
	e.sb.Lock()
	defer e.sb.Unlock()
	e.sb.Clock.Advance(d)
}

func (e *env) fault(op string, status int, code string) {
	e.sb.Lock()
	defer e.sb.Unlock()
	e.sb.Faults.Add(core.Fault{Provider: Name, Operation: op, Status: status, Times: 1, Code: code})
}

// session creates an auth session for eu_demo with the given body extras
// and returns its response body.
func (e *env) session(extra string) map[string]any {
	e.t.Helper()
	tok := e.token("fiskil-demo-client", "fiskil-demo-secret")
	r := e.postJSON("/v1/auth/session", tok, `{"end_user_id":"eu_demo"`+extra+`}`)
	if r.status != http.StatusOK {
		e.t.Fatalf("session: %d %s", r.status, r.body)
	}
	return r.json(e.t)
}
