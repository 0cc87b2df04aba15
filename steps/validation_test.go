package steps

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/cucumber/godog"
	"github.com/jarcoal/httpmock"
	"github.com/tidwall/gjson"

	"github.com/conformhq/conform/specs/oas"
	"github.com/conformhq/conform/specs/redact"
	"github.com/conformhq/conform/steps/config"
)

const mockRoot = "http://target.test"

var (
	specsOnce sync.Once
	specsMap  map[string]*oas.Spec
	specsErr  error
)

// mockWorld is a World whose target is an httpmock transport: every
// response the steps see is one the test wrote.
func mockWorld(t *testing.T, provider string) (*World, *httpmock.MockTransport, *http.Client) {
	t.Helper()
	specsOnce.Do(func() {
		specsMap = map[string]*oas.Spec{}
		for _, p := range []string{"fliqa", "fiskil"} {
			if specsMap[p], specsErr = oas.Load(p); specsErr != nil {
				return
			}
		}
		// These tests judge the engine with the strict Weavr spec of before
		// Weavr's two published versions, kept as a validator fixture.
		var src []byte
		if src, specsErr = os.ReadFile("../specs/oas/testdata/weavr-legacy.yaml"); specsErr != nil {
			return
		}
		specsMap["weavr"], specsErr = oas.Parse("weavr", src)
	})
	if specsErr != nil {
		t.Fatal(specsErr)
	}
	mt := httpmock.NewMockTransport()
	client := &http.Client{Transport: mt}
	env := &Env{
		Target:       &Target{Name: "mock", Client: client, Config: &config.Config{Target: mockRoot}},
		Specs:        specsMap,
		Vocabularies: testVocabularies,
		Secrets:      &redact.Secrets{},
	}
	w := newWorld(env)
	w.Provider = provider
	return w, mt, client
}

// testVocabularies name the providers for the generic steps; their own
// steps are tested in their packages.
var testVocabularies = []Vocabulary{{Name: "fliqa", Title: "Fliqa"}, {Name: "weavr", Title: "Weavr"}, {Name: "fiskil", Title: "Fiskil"}}

// respond answers with a status, headers (name/value pairs) and a body,
// exactly as written: no Content-Type is added.
func respond(status int, body string, header ...string) httpmock.Responder {
	return func(req *http.Request) (*http.Response, error) {
		r := httpmock.NewStringResponse(status, body)
		for i := 0; i+1 < len(header); i += 2 {
			r.Header.Add(header[i], header[i+1])
		}
		r.Request = req
		return r, nil
	}
}

const (
	loginOK   = `{"token":"tok-abcdef","tokenType":"AUTH","identity":{"type":"CONSUMER","id":"110000000000000001"},"credentials":{"type":"ROOT","id":"120000000000000001"}}`
	loginBody = `{"email":"ada@example.com","password":{"value":"Secret-Passw0rd"}}`
	fliqaTok  = `{"accessToken":"abcdefgh","expires":"2024-05-01T12:06:00Z","expiresIn":360,"scope":["account_owner"]}`
)

func TestSendValidatesResponses(t *testing.T) {
	type want struct {
		parts      []string // substrings of Send's error; none: Send must succeed
		violations int      // at least this many recorded on the exchange
	}
	tests := []struct {
		name      string
		provider  string
		method    string
		url       string // registered with the mock
		path      string // sent by the step
		body      string
		responder httpmock.Responder
		want      want
	}{
		{
			name: "conforming weavr response", provider: "weavr", method: "POST",
			url: mockRoot + "/weavr/login_with_password", path: "/login_with_password", body: loginBody,
			responder: respond(200, loginOK, "Content-Type", "application/json", "request-ref", "r1"),
		},
		{
			name: "conforming fliqa response", provider: "fliqa", method: "GET",
			url: mockRoot + "/fliqa/account/auth/token/sandbox/api/inq-1", path: "/account/auth/token/sandbox/api/inq-1",
			responder: respond(200, fliqaTok, "Content-Type", "application/json"),
		},
		{
			name: "conforming fiskil error as vnd.goa.error", provider: "fiskil", method: "POST",
			url: mockRoot + "/fiskil/v1/token", path: "/v1/token", body: `{}`,
			responder: respond(400, `{"name":"missing_field","id":"i","message":"m","temporary":false,"timeout":false,"fault":false}`,
				"Content-Type", "application/vnd.goa.error", "goa-error", "missing_field"),
		},
		{
			name: "wrong status", provider: "weavr", method: "POST",
			url: mockRoot + "/weavr/login_with_password", path: "/login_with_password", body: loginBody,
			responder: respond(418, "", "request-ref", "r1"),
			want:      want{parts: []string{"weavr", "loginWithPassword", "418", "status 418 is not documented"}, violations: 1},
		},
		{
			name: "missing required field", provider: "weavr", method: "POST",
			url: mockRoot + "/weavr/login_with_password", path: "/login_with_password", body: loginBody,
			responder: respond(200, `{"tokenType":"AUTH","identity":{"type":"CONSUMER","id":"1"},"credentials":{"type":"ROOT","id":"2"}}`,
				"Content-Type", "application/json", "request-ref", "r1"),
			want: want{parts: []string{"loginWithPassword", "200", "at /token", `property "token" is missing`}, violations: 1},
		},
		{
			name: "wrong type", provider: "fliqa", method: "GET",
			url: mockRoot + "/fliqa/account/auth/token/sandbox/api/inq-1", path: "/account/auth/token/sandbox/api/inq-1",
			responder: respond(200, strings.Replace(fliqaTok, "360", `"360"`, 1), "Content-Type", "application/json"),
			want:      want{parts: []string{"getAccessToken", "200", "at /expiresIn", "must be an integer"}, violations: 1},
		},
		{
			name: "wrong enum", provider: "weavr", method: "POST",
			url: mockRoot + "/weavr/login_with_password", path: "/login_with_password", body: loginBody,
			responder: respond(200, strings.Replace(loginOK, `"CONSUMER"`, `"PERSON"`, 1), "Content-Type", "application/json", "request-ref", "r1"),
			want:      want{parts: []string{"loginWithPassword", "200", "at /identity/type", "allowed values"}, violations: 1},
		},
		{
			name: "wrong content type", provider: "weavr", method: "POST",
			url: mockRoot + "/weavr/login_with_password", path: "/login_with_password", body: loginBody,
			responder: respond(200, loginOK, "Content-Type", "text/html", "request-ref", "r1"),
			want:      want{parts: []string{"loginWithPassword", "200", "at content-type", `"text/html" is not declared`}, violations: 1},
		},
		{
			name: "no content type", provider: "fiskil", method: "POST",
			url: mockRoot + "/fiskil/v1/token", path: "/v1/token", body: `{}`,
			responder: respond(200, `{"token":"t","expires_in":900}`),
			want:      want{parts: []string{"createToken", "200", "at content-type", `content type "" is not declared`}, violations: 1},
		},
		{
			name: "body where none is declared", provider: "weavr", method: "GET",
			url: mockRoot + "/weavr/identities", path: "/identities",
			responder: respond(401, `{"error":"unauthorized"}`, "Content-Type", "application/json", "request-ref", "r1"),
			want:      want{parts: []string{"userIdentities", "401", "a body is present where the spec declares none"}, violations: 1},
		},
		{
			name: "missing header", provider: "weavr", method: "POST",
			url: mockRoot + "/weavr/login_with_password", path: "/login_with_password", body: loginBody,
			responder: respond(200, loginOK, "Content-Type", "application/json"),
			want:      want{parts: []string{"loginWithPassword", "200", "at header request-ref", "required header is missing"}, violations: 1},
		},
		{
			// goa-error is optional since contract v2 (goa sets it only on
			// declared errors); the error body's name is what is required.
			name: "fiskil error without its name", provider: "fiskil", method: "POST",
			url: mockRoot + "/fiskil/v1/token", path: "/v1/token", body: `{}`,
			responder: respond(401, `{"id":"i","message":"m"}`, "Content-Type", "application/json"),
			want:      want{parts: []string{"createToken", "401", "at /name", "missing"}, violations: 1},
		},
		{
			name: "undocumented path", provider: "weavr", method: "GET",
			url: mockRoot + "/weavr/users", path: "/users",
			responder: respond(200, `{}`, "Content-Type", "application/json", "request-ref", "r1"),
			want:      want{parts: []string{"GET /users", "200", "no documented operation"}, violations: 1},
		},
		{
			name: "several problems at once", provider: "weavr", method: "POST",
			url: mockRoot + "/weavr/login_with_password", path: "/login_with_password", body: loginBody,
			responder: respond(200, `{"token":"t","tokenType":"X","identity":{"type":"CONSUMER","id":"1"},"credentials":{"type":"ROOT","id":"2"}}`, "Content-Type", "application/json"),
			want:      want{parts: []string{"at header request-ref", "at /tokenType"}, violations: 2},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w, mt, _ := mockWorld(t, tc.provider)
			mt.RegisterResponder(tc.method, tc.url, tc.responder)
			err := w.Send(context.Background(), Request{Method: tc.method, Path: tc.path, Body: tc.body})
			if mt.GetTotalCallCount() != 1 {
				t.Fatalf("the target was called %d times, want 1 (%v)", mt.GetTotalCallCount(), mt.GetCallCountInfo())
			}
			xs := w.Exchanges()
			if len(xs) != 1 {
				t.Fatalf("recorded %d exchanges, want 1", len(xs))
			}
			x := xs[0]
			if x.Method != tc.method || x.URL != tc.url {
				t.Errorf("exchange is %s %s, want %s %s", x.Method, x.URL, tc.method, tc.url)
			}
			if x.Error != "" {
				t.Errorf("exchange has a transport error: %s", x.Error)
			}
			if len(tc.want.parts) == 0 {
				if err != nil {
					t.Fatalf("Send of a conforming response failed: %v", err)
				}
				if len(x.Violations) != 0 {
					t.Errorf("conforming exchange carries violations: %v", x.Violations)
				}
				if w.last == nil || w.last.Status != x.Status {
					t.Errorf("the last response was not kept for the assertions")
				}
				return
			}
			if err == nil {
				t.Fatal("Send accepted a non-conforming response")
			}
			if !strings.Contains(err.Error(), "breaks the "+tc.provider+" spec") {
				t.Errorf("error %q does not say which spec is broken", err)
			}
			for _, p := range tc.want.parts {
				if !strings.Contains(err.Error(), p) {
					t.Errorf("error does not name %q:\n%v", p, err)
				}
			}
			if len(x.Violations) < tc.want.violations {
				t.Fatalf("exchange carries %d violations, want at least %d: %v", len(x.Violations), tc.want.violations, x.Violations)
			}
			all := strings.Join(x.Violations, "\n")
			for _, p := range tc.want.parts {
				if !strings.Contains(all, p) {
					t.Errorf("recorded violations do not name %q:\n%s", p, all)
				}
			}
			// The response is still kept: the scenario's own assertions
			// and the report can show it.
			if w.last == nil {
				t.Error("the non-conforming response was not kept")
			}
		})
	}
}

// errBody is a response body that fails after some bytes.
type errBody struct{ sent bool }

func (b *errBody) Read(p []byte) (int, error) {
	if !b.sent {
		b.sent = true
		return copy(p, `{"tok`), nil
	}
	return 0, &net.OpError{Op: "read", Net: "tcp", Err: os.NewSyscallError("read", syscall.ECONNRESET)}
}
func (b *errBody) Close() error { return nil }

// endless is a body that never ends.
type endless struct{}

func (endless) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = ' '
	}
	return len(p), nil
}
func (endless) Close() error { return nil }

func TestSendTransportFailures(t *testing.T) {
	tests := []struct {
		name       string
		timeout    time.Duration
		responder  httpmock.Responder
		wantErr    []string
		wantStatus int
	}{
		{
			name: "connection reset",
			responder: httpmock.NewErrorResponder(&net.OpError{Op: "read", Net: "tcp",
				Err: os.NewSyscallError("read", syscall.ECONNRESET)}),
			wantErr: []string{"POST /weavr/login_with_password", "no response from the target", "closed the connection", "connection reset"},
		},
		{
			name:      "unexpected EOF",
			responder: httpmock.NewErrorResponder(io.ErrUnexpectedEOF),
			wantErr:   []string{"no response from the target", "closed the connection"},
		},
		{
			name:      "connection refused",
			responder: httpmock.NewErrorResponder(&net.OpError{Op: "dial", Net: "tcp", Err: os.NewSyscallError("connect", syscall.ECONNREFUSED)}),
			wantErr:   []string{"no response from the target", "refused", "is the target running"},
		},
		{
			name:    "timeout",
			timeout: 50 * time.Millisecond,
			responder: func(req *http.Request) (*http.Response, error) {
				<-req.Context().Done()
				return nil, req.Context().Err()
			},
			wantErr: []string{"no response from the target", "timed out"},
		},
		{
			name: "body read fails",
			responder: func(req *http.Request) (*http.Response, error) {
				return &http.Response{StatusCode: 200, Header: http.Header{"Content-Type": {"application/json"}}, Body: &errBody{}, Request: req}, nil
			},
			wantErr:    []string{"POST /weavr/login_with_password", "could not be read", "connection reset"},
			wantStatus: 200,
		},
		{
			name: "oversize body",
			responder: func(req *http.Request) (*http.Response, error) {
				return &http.Response{StatusCode: 200, Header: http.Header{"Content-Type": {"application/json"}}, Body: endless{}, Request: req}, nil
			},
			wantErr:    []string{"POST /weavr/login_with_password", fmt.Sprintf("exceeds %d bytes", MaxResponseBytes)},
			wantStatus: 200,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w, mt, client := mockWorld(t, "weavr")
			client.Timeout = tc.timeout
			mt.RegisterResponder("POST", mockRoot+"/weavr/login_with_password", tc.responder)
			err := w.Send(context.Background(), Request{Method: "POST", Path: "/login_with_password", Body: loginBody})
			if err == nil {
				t.Fatal("Send succeeded without a usable response")
			}
			for _, p := range tc.wantErr {
				if !strings.Contains(err.Error(), p) {
					t.Errorf("error does not mention %q: %v", p, err)
				}
			}
			xs := w.Exchanges()
			if len(xs) != 1 {
				t.Fatalf("recorded %d exchanges, want 1", len(xs))
			}
			x := xs[0]
			if x.Error == "" {
				t.Error("the exchange records no error")
			}
			if !strings.Contains(err.Error(), x.Error) {
				t.Errorf("the step's error %q does not carry the exchange's %q", err, x.Error)
			}
			if x.Status != tc.wantStatus {
				t.Errorf("exchange status = %d, want %d", x.Status, tc.wantStatus)
			}
			if len(x.ResponseBody) > 0 {
				t.Errorf("an unusable response body was recorded (%d bytes)", len(x.ResponseBody))
			}
			if len(x.Violations) != 0 {
				t.Errorf("an unusable response was validated: %v", x.Violations)
			}
			if w.last != nil {
				t.Error("an unusable response was kept for the assertions")
			}
			if _, err := w.JSONAt("token"); !errors.Is(err, errNoResponse) {
				t.Errorf("an assertion after a failed request got %v, want errNoResponse", err)
			}
		})
	}
}

// The secrets of the redaction tests: each must reach the target and
// appear nowhere in what is recorded.
const (
	secretAPIKey   = "weavr-live-api-key-7f3a"
	secretBearer   = "bearer-tok-91c2e8d0"
	secretPassword = "Hunter2-Secret-Pw"
	secretIssued   = "issued-tok-5d5e6f70"
)

type redactionCase struct {
	name   string
	status int
	// body is what the target answers; some targets quote the request.
	body   func(req *http.Request, reqBody string) string
	header []string
}

func TestSendRedactsSecrets(t *testing.T) {
	tests := []redactionCase{
		{
			name:   "conforming response issuing a token",
			status: 200,
			body: func(*http.Request, string) string {
				return strings.Replace(loginOK, "tok-abcdef", secretIssued, 1)
			},
			header: []string{"Content-Type", "application/json", "request-ref", "r1"},
		},
		{
			name:   "non-conforming response",
			status: 200,
			body: func(*http.Request, string) string {
				return `{"token":"` + secretIssued + `","tokenType":"AUTH"}`
			},
			header: []string{"Content-Type", "application/json", "request-ref", "r1"},
		},
		{
			name:   "undocumented status",
			status: 500,
			body:   func(*http.Request, string) string { return "" },
			header: []string{"request-ref", "r1"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { checkRedaction(t, tc) })
	}
}

// TestRegression_EchoedSecretsLeak: the recorder masked secrets only by
// where they sit (credential headers, secret JSON fields), so a target that
// echoed the bearer token, api key or password in an error message, or in a
// custom header, put them verbatim into the exchange and the reports (which
// can no longer learn them: the request they came from is already masked).
func TestRegression_EchoedSecretsLeak(t *testing.T) {
	tests := []redactionCase{
		{
			name:   "response body quoting the request",
			status: 200,
			body: func(req *http.Request, reqBody string) string {
				b, _ := json.Marshal(map[string]any{
					"token": secretIssued, "tokenType": "AUTH",
					"debug": req.Header.Get("Authorization") + " " + req.Header.Get("api-key") + " " + reqBody,
					"note":  "your new token is " + secretIssued,
				})
				return string(b)
			},
			header: []string{"Content-Type", "application/json", "request-ref", "r1"},
		},
		{
			name:   "custom response header echoing the key",
			status: 200,
			body: func(*http.Request, string) string {
				return strings.Replace(loginOK, "tok-abcdef", secretIssued, 1)
			},
			header: []string{"Content-Type", "application/json", "request-ref", "r1", "x-echo-key", secretAPIKey, "x-echo-auth", "Bearer " + secretBearer},
		},
		{
			name:   "text error quoting the password",
			status: 500,
			body: func(_ *http.Request, reqBody string) string {
				return "internal error while handling " + reqBody
			},
			header: []string{"Content-Type", "text/plain", "request-ref", "r1"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { checkRedaction(t, tc) })
	}
}

func checkRedaction(t *testing.T, tc redactionCase) {
	t.Helper()
	w, mt, _ := mockWorld(t, "weavr")
	if err := w.SetCredentials("weavr", json.RawMessage(`{"apiKey":"`+secretAPIKey+`"}`)); err != nil {
		t.Fatal(err)
	}
	w.SetHeader("weavr", "api-key", secretAPIKey)
	var seen *http.Request
	mt.RegisterResponder("POST", mockRoot+"/weavr/login_with_password", func(req *http.Request) (*http.Response, error) {
		seen = req
		b, _ := io.ReadAll(req.Body)
		return respond(tc.status, tc.body(req, string(b)), tc.header...)(req)
	})
	body := `{"email":"ada@example.com","password":{"value":"` + secretPassword + `"}}`
	err := w.Send(context.Background(), Request{
		Method: "POST", Path: "/login_with_password", Body: body,
		Header: http.Header{"Authorization": {"Bearer " + secretBearer}},
	})
	// The secrets did reach the target: the redaction is in the record only.
	if seen == nil || seen.Header.Get("api-key") != secretAPIKey || seen.Header.Get("Authorization") != "Bearer "+secretBearer {
		t.Fatalf("the request did not carry the credentials: %v", seen)
	}
	xs := w.Exchanges()
	if len(xs) != 1 {
		t.Fatalf("recorded %d exchanges, want 1", len(xs))
	}
	x := xs[0]
	if got := x.RequestHeaders.Get("Authorization"); got != "Bearer "+redact.Mask {
		t.Errorf("recorded Authorization = %q, want %q", got, "Bearer "+redact.Mask)
	}
	if got := x.RequestHeaders.Get("api-key"); got != redact.Mask {
		t.Errorf("recorded api-key = %q, want %q", got, redact.Mask)
	}
	if v := gjson.Get(x.RequestBody, "password.value").String(); v != redact.Mask {
		t.Errorf("recorded password = %q, want %q", v, redact.Mask)
	}
	if v := gjson.Get(x.RequestBody, "email").String(); v != "ada@example.com" {
		t.Errorf("recorded email = %q: redaction masked more than secrets", v)
	}
	dump := dumpExchange(t, x)
	if err != nil {
		dump += "\n" + err.Error()
	}
	for _, secret := range []string{secretAPIKey, secretBearer, secretPassword, secretIssued} {
		if strings.Contains(dump, secret) {
			t.Errorf("the secret %q appears in the record:\n%s", secret, dump)
		}
	}
}

func dumpExchange(t *testing.T, x Exchange) string {
	t.Helper()
	b, err := json.Marshal(x)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestJSONAtAndDescribe(t *testing.T) {
	w, _, _ := mockWorld(t, "weavr")
	if _, err := w.JSONAt("token"); !errors.Is(err, errNoResponse) {
		t.Fatalf("jsonAt without a response = %v, want errNoResponse", err)
	}
	w.Secrets.Add("learned-secret-value")
	w.last = &Response{Status: 200, Body: []byte(`{"token":"tok-XYZ-123456","name":"Ada","nested":{"otp":"654321"},"n":3,"items":[1,2],"note":"contains learned-secret-value","nil":null}`)}

	tests := []struct {
		name     string
		path     string
		want     string // describe's output
		contains []string
		absent   []string
	}{
		{name: "plain string", path: "name", want: `"Ada"`},
		{name: "number", path: "n", want: "3"},
		{name: "array", path: "items", want: "[1,2]"},
		{name: "null", path: "nil", want: "null"},
		{name: "missing", path: "nope", want: "nothing"},
		{name: "token is masked", path: "token", contains: []string{redact.Mask, "14 characters"}, absent: []string{"tok-XYZ-123456"}},
		{name: "nested otp is masked", path: "nested.otp", contains: []string{redact.Mask}, absent: []string{"654321"}},
		{name: "learned secret is masked anywhere", path: "note", contains: []string{redact.Mask}, absent: []string{"learned-secret-value"}},
		{name: "whole body masks learned secrets", path: ".", contains: []string{`"name":"Ada"`}, absent: []string{"learned-secret-value"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, err := w.JSONAt(tc.path)
			if err != nil {
				t.Fatal(err)
			}
			got := w.Describe(tc.path, r)
			if tc.want != "" && got != tc.want {
				t.Errorf("describe(%q) = %q, want %q", tc.path, got, tc.want)
			}
			for _, s := range tc.contains {
				if !strings.Contains(got, s) {
					t.Errorf("describe(%q) = %q, want it to contain %q", tc.path, got, s)
				}
			}
			for _, s := range tc.absent {
				if strings.Contains(got, s) {
					t.Errorf("describe(%q) = %q leaks %q", tc.path, got, s)
				}
			}
		})
	}

	t.Run("body that is not JSON", func(t *testing.T) {
		w.last = &Response{Status: 200, Body: []byte(`oops learned-secret-value`)}
		_, err := w.JSONAt("token")
		if err == nil || !strings.Contains(err.Error(), "not JSON") {
			t.Fatalf("jsonAt on a non-JSON body = %v, want a 'not JSON' error", err)
		}
		if strings.Contains(err.Error(), "learned-secret-value") {
			t.Errorf("error leaks a secret: %v", err)
		}
	})
}

// stepRun runs Gherkin steps through the real step definitions against a
// prepared World, and returns each step's error (nil when it passed).
func stepRun(t *testing.T, w *World, stepsText string) []error {
	t.Helper()
	feature := "Feature: f\n  Scenario: s\n" + stepsText
	var mu sync.Mutex
	var errs []error
	suite := godog.TestSuite{
		Name: "steps",
		ScenarioInitializer: func(sc *godog.ScenarioContext) {
			sc.Before(func(ctx context.Context, _ *godog.Scenario) (context.Context, error) {
				return context.WithValue(ctx, worldKey{}, w), nil
			})
			sc.StepContext().After(func(ctx context.Context, _ *godog.Step, st godog.StepResultStatus, err error) (context.Context, error) {
				mu.Lock()
				defer mu.Unlock()
				if st == godog.StepUndefined {
					err = errors.New("undefined step")
				}
				if st == godog.StepSkipped {
					err = errors.New("skipped")
				}
				errs = append(errs, err)
				return ctx, nil
			})
			registerGeneric(&ScenarioContext{ScenarioContext: sc, patterns: w.env.patterns}, w.env)
		},
		Options: &godog.Options{
			Format: "progress", Output: io.Discard, NoColors: true, Strict: true,
			FeatureContents: []godog.Feature{{Name: "f.feature", Contents: []byte(feature)}},
		},
	}
	suite.Run()
	return errs
}

func TestGenericAssertionSteps(t *testing.T) {
	body := `{"token":"tok-SECRET-0042","tokenType":"AUTH","identity":{"type":"CONSUMER","id":"110000000000000001"},"credentials":{"type":"ROOT","id":"120000000000000001"}}`
	tests := []struct {
		name   string
		step   string
		fail   []string // substrings of the failure; none: the step passes
		absent []string
	}{
		{name: "status matches", step: "Then the response status should be 200"},
		{name: "status differs", step: "Then the response status should be 201", fail: []string{"expected status 201, got 200"}, absent: []string{"tok-SECRET-0042"}},
		{name: "string matches", step: `Then the JSON at "tokenType" should be "AUTH"`},
		{name: "string differs", step: `Then the JSON at "identity.type" should be "CORPORATE"`, fail: []string{`expected "CORPORATE" at "identity.type", got "CONSUMER"`}},
		{name: "token mismatch is masked", step: `Then the JSON at "token" should be "other"`, fail: []string{redact.Mask, "15 characters"}, absent: []string{"tok-SECRET-0042"}},
		{name: "token pattern mismatch is masked", step: `Then the JSON at "token" should match "^x"`, fail: []string{redact.Mask}, absent: []string{"tok-SECRET-0042"}},
		{name: "number on a string", step: `Then the JSON at "tokenType" should be 3`, fail: []string{`expected 3 at "tokenType"`}},
		{name: "exists", step: `Then the JSON at "identity.id" should exist`},
		{name: "missing", step: `Then the JSON at "nope" should exist`, fail: []string{`expected something at "nope"`}},
		{name: "not exist fails", step: `Then the JSON at "token" should not exist`, fail: []string{redact.Mask}, absent: []string{"tok-SECRET-0042"}},
		{name: "header present", step: `Then the response should have the header "request-ref"`},
		{name: "header absent", step: `Then the response should have the header "x-nope"`, fail: []string{"no x-nope header"}},
		{name: "header value", step: `Then the response header "request-ref" should be "ref-1"`},
		{name: "header value differs", step: `Then the response header "request-ref" should be "ref-2"`, fail: []string{`"ref-1"`}},
		{name: "no body fails", step: `Then the response should have no body`, fail: []string{"expected no body"}, absent: []string{"tok-SECRET-0042"}},
		{name: "items", step: `Then the JSON at "token" should have 2 items`, fail: []string{"expected an array of 2 items"}, absent: []string{"tok-SECRET-0042"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w, mt, _ := mockWorld(t, "weavr")
			mt.RegisterResponder("POST", mockRoot+"/weavr/login_with_password", respond(200, body, "Content-Type", "application/json", "request-ref", "ref-1"))
			errs := stepRun(t, w, `    Given I use the Weavr API
    When I send a POST request to "/login_with_password" with body:
      """
      `+loginBody+`
      """
    `+tc.step+"\n")
			if len(errs) != 3 {
				t.Fatalf("ran %d steps, want 3: %v", len(errs), errs)
			}
			if errs[0] != nil || errs[1] != nil {
				t.Fatalf("setup steps failed: %v", errs[:2])
			}
			err := errs[2]
			if len(tc.fail) == 0 {
				if err != nil {
					t.Fatalf("step failed: %v", err)
				}
				return
			}
			if err == nil {
				t.Fatal("the assertion passed on a response that does not satisfy it")
			}
			for _, s := range tc.fail {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("failure %q does not contain %q", err, s)
				}
			}
			for _, s := range tc.absent {
				if strings.Contains(err.Error(), s) {
					t.Errorf("failure %q leaks %q", err, s)
				}
			}
		})
	}
}

// TestSendStepFailsOnViolation: the request step itself fails on a
// non-conforming response, even when the scenario's assertions would pass.
func TestSendStepFailsOnViolation(t *testing.T) {
	w, mt, _ := mockWorld(t, "weavr")
	mt.RegisterResponder("POST", mockRoot+"/weavr/login_with_password", respond(200, loginOK, "Content-Type", "application/json"))
	errs := stepRun(t, w, `    Given I use the Weavr API
    When I send a POST request to "/login_with_password" with body:
      """
      `+loginBody+`
      """
    Then the response status should be 200
`)
	if len(errs) != 3 {
		t.Fatalf("ran %d steps, want 3: %v", len(errs), errs)
	}
	if errs[1] == nil || !strings.Contains(errs[1].Error(), "loginWithPassword 200 at header request-ref") {
		t.Errorf("request step error = %v, want the request-ref violation", errs[1])
	}
	if errs[2] == nil {
		t.Error("the step after a failing request ran")
	}
}

func TestSendWithoutProvider(t *testing.T) {
	w, mt, _ := mockWorld(t, "")
	err := w.Send(context.Background(), Request{Method: "GET", Path: "/identities"})
	if err == nil || !strings.Contains(err.Error(), "no provider chosen") {
		t.Fatalf("Send without a provider = %v", err)
	}
	if mt.GetTotalCallCount() != 0 || len(w.Exchanges()) != 0 {
		t.Error("a request was sent without a provider")
	}
}

func TestSendUnknownVariable(t *testing.T) {
	w, mt, _ := mockWorld(t, "weavr")
	w.Set("known", "v")
	err := w.Send(context.Background(), Request{Method: "GET", Path: "/identities?type={{typo}}"})
	if err == nil || !strings.Contains(err.Error(), "{{typo}}") || !strings.Contains(err.Error(), "known") {
		t.Fatalf("Send with an unknown variable = %v", err)
	}
	if mt.GetTotalCallCount() != 0 {
		t.Error("a request with an unexpanded placeholder was sent")
	}
}
