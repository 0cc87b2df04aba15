package weavr

import (
	"encoding/json"
	"flag"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tidwall/gjson"

	"github.com/conformhq/conform/simulator/core"
	"github.com/conformhq/conform/simulator/simtest"
)

const demoKey = "weavr-demo-api-key"

// seen records every (operation, status) and (operation, 409, errorCode) the
// tests provoked, so that TestMain can tell what the spec documents and no
// test reached.
var seen = struct {
	sync.Mutex
	m map[string]bool
}{m: map[string]bool{}}

func record(op string, status int, code string) {
	seen.Lock()
	defer seen.Unlock()
	seen.m[fmt.Sprintf("%s %d", op, status)] = true
	if code != "" {
		seen.m[fmt.Sprintf("%s %d %s", op, status, code)] = true
	}
}

func TestMain(m *testing.M) {
	code := m.Run()
	// Only a full run can claim coverage.
	if code == 0 && flag.Lookup("test.run").Value.String() == "" && flag.Lookup("test.skip").Value.String() == "" {
		if missing := uncovered(); len(missing) > 0 {
			fmt.Fprintf(os.Stderr, "documented but never provoked by a test:\n  %s\n", strings.Join(missing, "\n  "))
			code = 1
		}
	}
	os.Exit(code)
}

// uncovered walks the spec: every (operation, status), and every errorCode of
// every 409, that no test provoked.
func uncovered() []string {
	seen.Lock()
	defer seen.Unlock()
	return walk(seen.m)
}

func walk(seen map[string]bool) []string {
	p, err := New()
	if err != nil {
		return []string{err.Error()}
	}
	var out []string
	for _, op := range p.Spec.Operations() {
		for _, st := range op.Statuses {
			if k := fmt.Sprintf("%s %d", op.ID, st); !seen[k] {
				out = append(out, k)
			}
		}
		for _, code := range p.ErrorCodes(op.ID, http.StatusConflict) {
			if k := fmt.Sprintf("%s 409 %s", op.ID, code); !seen[k] {
				out = append(out, k)
			}
		}
	}
	sort.Strings(out)
	return out
}

// TestSpecWalk checks the walk itself: with nothing seen it lists statuses
// and error codes of every operation.
func TestSpecWalk(t *testing.T) {
	all := walk(map[string]bool{})
	for _, want := range []string{"loginWithPassword 423", "userIdentities 409", "userIdentities 409 IDENTITY_TYPE_NOT_SUPPORTED",
		"logout 200", "enrolDeviceUsingOtpStepTwo 409 VERIFICATION_CODE_EXPIRED", "stepupSCAChallengePush 405"} {
		if !slices.Contains(all, want) {
			t.Errorf("the walk misses %q", want)
		}
	}
	if got := walk(map[string]bool{"logout 200": true}); slices.Contains(got, "logout 200") || len(got) != len(all)-1 {
		t.Errorf("the walk ignores what was seen")
	}
}

var start = time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)

// env is one sandbox with the Weavr provider in front of it.
type env struct {
	t     *testing.T
	p     *core.Provider
	reg   *core.Registry
	sb    *core.Sandbox
	h     http.Handler
	creds Credentials
}

// newEnv builds a sandbox with a frozen clock from a fixtures section; ""
// means the default fixtures.
func newEnv(t *testing.T, fixtures string) *env {
	t.Helper()
	return newVersionEnv(t, "", fixtures)
}

// newVersionEnv is newEnv for a sandbox serving a version of the API ("" for
// the default); every answer is validated against that version's spec.
func newVersionEnv(t *testing.T, version, fixtures string) *env {
	t.Helper()
	p, err := New()
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Check(); err != nil {
		t.Fatal(err)
	}
	reg := core.NewRegistry(1, nil)
	sb, err := reg.Create("")
	if err != nil {
		t.Fatal(err)
	}
	if err := p.CheckVersion(version); err != nil {
		t.Fatal(err)
	}
	sb.SetVersion(Name, version)
	e := &env{t: t, p: p, reg: reg, sb: sb, h: simtest.Validating(t, p.SpecOf(sb), p.Serve(reg, nil))}
	sb.Lock()
	sb.Clock = core.NewFrozenClock(start)
	sb.Unlock()
	if fixtures == "" {
		fixtures = string(DefaultFixtures)
	}
	e.creds = e.fixtures(fixtures)
	return e
}

// fixtures applies a section, failing the test on error.
func (e *env) fixtures(raw string) Credentials {
	e.t.Helper()
	out, err := e.apply(raw)
	if err != nil {
		e.t.Fatalf("fixtures: %v", err)
	}
	return out
}

func (e *env) apply(raw string) (Credentials, error) {
	e.sb.Lock()
	defer e.sb.Unlock()
	out, err := e.p.Fixtures(e.sb, json.RawMessage(raw))
	if err != nil {
		return Credentials{}, err
	}
	return out.(Credentials), nil
}

func (e *env) advance(d time.Duration) {
	e.sb.Lock()
	defer e.sb.Unlock()
	e.sb.Clock.Advance(d)
}

// req is one request: a path relative to /weavr, the api key ("" for none),
// the bearer token ("" for none) and a body ("" for none).
type req struct {
	method, path, key, token, body string
	header                         map[string]string
}

type resp struct {
	status int
	header http.Header
	body   []byte
}

func (r resp) get(path string) gjson.Result { return gjson.GetBytes(r.body, path) }

func (e *env) do(q req) resp {
	e.t.Helper()
	if q.method == "" {
		q.method = http.MethodPost
	}
	var r *http.Request
	if q.body != "" {
		r = httptest.NewRequest(q.method, q.path, strings.NewReader(q.body))
		r.Header.Set("Content-Type", "application/json")
	} else {
		r = httptest.NewRequest(q.method, q.path, nil)
	}
	if q.key != "" {
		r.Header.Set("api-key", q.key)
	}
	if q.token != "" {
		r.Header.Set("Authorization", "Bearer "+q.token)
	}
	for k, v := range q.header {
		r.Header.Set(k, v)
	}
	w := httptest.NewRecorder()
	e.h.ServeHTTP(w, r)
	out := resp{status: w.Code, header: w.Header(), body: w.Body.Bytes()}
	spec := e.p.SpecOf(e.sb)
	if op, _, err := spec.Match(q.method, strings.SplitN(q.path, "?", 2)[0]); err == nil {
		if spec == e.p.Spec {
			record(op.ID, out.status, out.get("errorCode").String())
		}
		// request-ref exactly where the answer documents it.
		documented := op.Response(out.status) != nil && op.Response(out.status).Headers["request-ref"] != nil
		if got := out.header.Get("request-ref") != ""; op.Documents(out.status) && got != documented {
			e.t.Errorf("%s %s: %d has request-ref %v, want %v", q.method, q.path, out.status, got, documented)
		}
	}
	return out
}

// login logs in through the demo key and returns the AUTH token.
func (e *env) login(email, password string) string {
	e.t.Helper()
	r := e.do(req{path: "/login_with_password", key: demoKey, body: loginBody(email, password)})
	if r.status != http.StatusOK {
		e.t.Fatalf("login %s: %d %s", email, r.status, r.body)
	}
	return r.get("token").String()
}

// access logs in and exchanges the AUTH token for an ACCESS token for the
// user's first identity.
func (e *env) access(email, password string) string {
	e.t.Helper()
	auth := e.login(email, password)
	ids := e.do(req{method: http.MethodGet, path: "/identities", key: demoKey, token: auth})
	if ids.status != http.StatusOK {
		e.t.Fatalf("identities: %d", ids.status)
	}
	id := ids.get("0.id").Raw
	if !ids.get("@this").IsArray() {
		id = ids.get("identities.0.id").Raw // 3.63's page
	}
	r := e.do(req{path: "/access_token", key: demoKey, token: auth, body: `{"identity":` + id + `}`})
	if r.status != http.StatusOK {
		e.t.Fatalf("access_token: %d %s", r.status, r.body)
	}
	return r.get("token").String()
}

func loginBody(email, password string) string {
	b, _ := json.Marshal(map[string]any{"email": email, "password": map[string]string{"value": password}})
	return string(b)
}

// control calls the provider's control hook as the simulator would.
func (e *env) control(method, rest string) resp {
	e.t.Helper()
	e.sb.Lock()
	defer e.sb.Unlock()
	w := httptest.NewRecorder()
	e.p.Control(e.sb, w, httptest.NewRequest(method, "/_control/sandboxes/"+e.sb.ID+"/weavr/"+rest, nil), rest)
	return resp{status: w.Code, header: w.Header(), body: w.Body.Bytes()}
}

// fields summarises a 400 body's invalidFields as "fieldName:error" items.
func fields(r resp) []string {
	var out []string
	for _, f := range r.get("syntaxErrors.invalidFields").Array() {
		out = append(out, f.Get("fieldName").String()+":"+f.Get("error").String())
	}
	sort.Strings(out)
	return out
}

// expect checks the status and, when code is given, the 409's errorCode.
func expect(t *testing.T, r resp, status int, code string) {
	t.Helper()
	if r.status != status {
		t.Fatalf("status %d, want %d; body %s", r.status, status, r.body)
	}
	if code != "" && r.get("errorCode").String() != code {
		t.Fatalf("errorCode %q, want %q", r.get("errorCode").String(), code)
	}
}

// expectFields checks a 400's invalidFields, as "fieldName:error" items.
func expectFields(t *testing.T, r resp, want []string) {
	t.Helper()
	got := fields(r)
	sort.Strings(want)
	if !slices.Equal(got, want) {
		t.Fatalf("invalidFields %v, want %v; body %s", got, want, r.body)
	}
}
