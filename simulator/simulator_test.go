package simulator

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

// call sends a request to the simulator's handler and returns status and body.
func call(t *testing.T, h http.Handler, method, path, body string, header ...string) (int, http.Header, []byte) {
	t.Helper()
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req := httptest.NewRequest(method, path, r)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Code, rec.Header(), rec.Body.Bytes()
}

func newSim(t *testing.T, opts Options) *Simulator {
	t.Helper()
	if opts.Providers == nil {
		opts.Providers = providers()
	}
	s, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func createSandbox(t *testing.T, s *Simulator, fixtures string) Sandbox {
	t.Helper()
	code, _, body := call(t, s, "POST", "/_control/sandboxes", fixtures)
	if code != http.StatusCreated {
		t.Fatalf("create sandbox: %d %s", code, body)
	}
	var sb Sandbox
	if err := json.Unmarshal(body, &sb); err != nil {
		t.Fatal(err)
	}
	return sb
}

func cred(t *testing.T, sb Sandbox, provider, field string) string {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(sb.Credentials[provider], &m); err != nil {
		t.Fatal(err)
	}
	v, _ := m[field].(string)
	if v == "" {
		t.Fatalf("sandbox %s has no %s credential %q: %s", sb.ID, provider, field, sb.Credentials[provider])
	}
	return v
}

func TestDefaultSandboxServesTheWalkThroughCredentials(t *testing.T) {
	s := newSim(t, Options{Seed: 1})
	code, _, body := call(t, s, "POST", "/weavr/login_with_password", `{"email":"ada@example.com","password":{"value":"Secret-Passw0rd"}}`, "api-key", "weavr-demo-api-key")
	if code != http.StatusOK {
		t.Fatalf("weavr login with the default fixtures: %d %s", code, body)
	}
	code, _, body = call(t, s, "GET", "/fliqa/account/auth/token/sandbox/api/inq-demo-1", "", "Api-Key", "fliqa-demo-key", "Api-Secret", "fliqa-demo-secret")
	if code != http.StatusOK {
		t.Fatalf("fliqa token with the default fixtures: %d %s", code, body)
	}
	code, _, body = call(t, s, "POST", "/fiskil/v1/token", `{"client_id":"fiskil-demo-client","client_secret":"fiskil-demo-secret"}`)
	if code != http.StatusOK {
		t.Fatalf("fiskil token with the default fixtures: %d %s", code, body)
	}
}

func TestHealthzAndUnknownPaths(t *testing.T) {
	s := newSim(t, Options{})
	tests := []struct {
		name, method, path string
		want               int
	}{
		{"healthz", "GET", "/healthz", 200},
		{"root", "GET", "/", 404},
		{"unknown control op", "GET", "/_control/nothing", 404},
		{"unknown sandbox outbox", "GET", "/_control/sandboxes/nope/outbox", 404},
		{"delete unknown sandbox", "DELETE", "/_control/sandboxes/nope", 404},
		{"list sandboxes", "GET", "/_control/sandboxes", 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, h, body := call(t, s, tt.method, tt.path, "")
			if code != tt.want {
				t.Fatalf("got %d %s", code, body)
			}
			if !strings.HasPrefix(h.Get("Content-Type"), "application/json") || !json.Valid(body) {
				t.Fatalf("control answers are JSON; got %q %s", h.Get("Content-Type"), body)
			}
		})
	}
}

func TestBadFixturesAreRefused(t *testing.T) {
	tests := []struct{ name, doc, want string }{
		{"unknown section", `{"stripe": {}}`, "unknown section"},
		{"not a mapping", `[1, 2]`, "mapping"},
		{"not yaml", "a: [", "not YAML"},
		{"bad rate window", `{"rateLimit": {"limit": 1, "window": "soon"}}`, "window"},
		{"unknown clock field", `{"clock": {"stop": true}}`, "clock"},
		{"bad weavr user", `{"weavr": {"users": [{"identity": {"type": "ALIEN"}}]}}`, "weavr"},
		{"versions not a mapping", `{"versions": ["3.63"]}`, "versions"},
		{"version of an unknown provider", `{"versions": {"stripe": "1"}}`, "(known: fliqa, weavr, fiskil)"},
		{"unknown version", `{"versions": {"weavr": "9.9"}}`, "(known: 3.63, 3.32)"},
		{"unknown weavr timing", `{"weavr": {"timings": {"lockout": "1m"}}}`, "(known: challengeExpiry, challengeRetryGap, lockoutPeriod, tokenIdleLifetime)"},
		{"negative fiskil timing", `{"fiskil": {"timings": {"tokenLifetime": "-1s"}}}`, "timings.tokenLifetime must be a positive duration"},
		{"fliqa timing given twice", `{"fliqa": {"tokenLifetime": 60, "timings": {"accessTokenLifetime": "10s"}}}`, "given twice"},
		{"fliqa token lifetime not whole seconds", `{"fliqa": {"timings": {"accessTokenLifetime": "1500ms"}}}`, "whole number of seconds"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := New(Options{Providers: providers(), Fixtures: []byte(tt.doc)}); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("New with fixtures %s: got %v, want an error mentioning %q", tt.doc, err, tt.want)
			}
			s := newSim(t, Options{NoDefaultSandbox: true})
			code, _, body := call(t, s, "POST", "/_control/sandboxes", tt.doc)
			if code != http.StatusBadRequest || !bytes.Contains(body, []byte(tt.want)) {
				t.Fatalf("POST /_control/sandboxes: %d %s", code, body)
			}
			var ids struct{ Sandboxes []string }
			_, _, body = call(t, s, "GET", "/_control/sandboxes", "")
			_ = json.Unmarshal(body, &ids)
			if len(ids.Sandboxes) != 0 {
				t.Fatalf("a refused sandbox was kept: %v", ids.Sandboxes)
			}
		})
	}
}

func TestYAMLFixtures(t *testing.T) {
	s := newSim(t, Options{NoDefaultSandbox: true})
	sb := createSandbox(t, s, "weavr:\n  apiKey: yaml-key\n  users:\n    - email: y@example.com\n      password: Yaml-Passw0rd\n")
	if got := cred(t, sb, "weavr", "apiKey"); got != "yaml-key" {
		t.Fatalf("apiKey = %q", got)
	}
	code, _, body := call(t, s, "POST", "/weavr/login_with_password", `{"email":"y@example.com","password":{"value":"Yaml-Passw0rd"}}`, "api-key", "yaml-key")
	if code != http.StatusOK {
		t.Fatalf("login: %d %s", code, body)
	}
}

func TestControlFaults(t *testing.T) {
	s := newSim(t, Options{NoDefaultSandbox: true})
	sb := createSandbox(t, s, "")
	base := "/_control/sandboxes/" + sb.ID
	refused := []struct{ name, body string }{
		{"unknown provider", `{"provider":"stripe","operation":"x","status":500}`},
		{"unknown operation", `{"provider":"weavr","operation":"nope","status":500}`},
		{"undocumented status", `{"provider":"weavr","operation":"loginWithPassword","status":302}`},
		{"negative times", `{"provider":"weavr","operation":"loginWithPassword","status":500,"times":-1}`},
		{"unknown field", `{"provider":"weavr","operation":"loginWithPassword","status":500,"when":"now"}`},
		{"not json", `nope`},
	}
	for _, tt := range refused {
		t.Run(tt.name, func(t *testing.T) {
			if code, _, body := call(t, s, "POST", base+"/faults", tt.body); code != http.StatusBadRequest {
				t.Fatalf("got %d %s", code, body)
			}
		})
	}
	key := cred(t, sb, "weavr", "apiKey")
	login := `{"email":"nobody@example.com","password":{"value":"x"}}`
	if code, _, body := call(t, s, "POST", base+"/faults", `{"provider":"weavr","operation":"loginWithPassword","status":503,"times":2}`); code != http.StatusCreated {
		t.Fatalf("add fault: %d %s", code, body)
	}
	for i, want := range []int{503, 503, 403} {
		if code, _, _ := call(t, s, "POST", "/weavr/login_with_password", login, "api-key", key); code != want {
			t.Fatalf("call %d: got %d, want %d", i+1, code, want)
		}
	}
	// times 0: until cleared.
	call(t, s, "POST", base+"/faults", `{"provider":"weavr","operation":"loginWithPassword","status":500,"times":0}`)
	for i := 0; i < 3; i++ {
		if code, _, _ := call(t, s, "POST", "/weavr/login_with_password", login, "api-key", key); code != 500 {
			t.Fatalf("call %d: got %d, want 500 until cleared", i+1, code)
		}
	}
	if code, _, _ := call(t, s, "DELETE", base+"/faults", ""); code != http.StatusNoContent {
		t.Fatalf("clear faults: %d", code)
	}
	if code, _, _ := call(t, s, "POST", "/weavr/login_with_password", login, "api-key", key); code != 403 {
		t.Fatalf("after clearing: got %d, want 403", code)
	}
}

func TestControlClock(t *testing.T) {
	s := newSim(t, Options{NoDefaultSandbox: true})
	sb := createSandbox(t, s, `{"clock": {"start": "2026-01-01T00:00:00Z"}}`)
	base := "/_control/sandboxes/" + sb.ID + "/clock"
	for _, bad := range []string{`{"advance": "-5m"}`, `{"advance": "soon"}`, `{}`, `{"advance": "5m", "x": 1}`} {
		if code, _, body := call(t, s, "POST", base, bad); code != http.StatusBadRequest {
			t.Fatalf("advance %s: %d %s", bad, code, body)
		}
	}
	code, _, body := call(t, s, "POST", base, `{"advance": "6m"}`)
	if code != http.StatusOK || !bytes.Contains(body, []byte(`"2026-01-01T00:06:00Z"`)) {
		t.Fatalf("advance: %d %s", code, body)
	}
}

// TestSandboxesAreIsolated runs the same story in two sandboxes at once:
// one advances its clock, locks its user out and sets a fault; the other
// must see none of it.
func TestSandboxesAreIsolated(t *testing.T) {
	s := newSim(t, Options{NoDefaultSandbox: true})
	fx := `{"weavr": {"users": [{"email": "same@example.com", "password": "Right-Passw0rd"}]}}`
	a, b := createSandbox(t, s, fx), createSandbox(t, s, fx)
	keyA, keyB := cred(t, a, "weavr", "apiKey"), cred(t, b, "weavr", "apiKey")
	if keyA == keyB {
		t.Fatal("two sandboxes share an api key")
	}
	login := func(key, password string) int {
		code, _, _ := call(t, s, "POST", "/weavr/login_with_password", fmt.Sprintf(`{"email":"same@example.com","password":{"value":%q}}`, password), "api-key", key)
		return code
	}
	// A's session token, to see the clock's effect on it.
	_, _, body := call(t, s, "POST", "/weavr/login_with_password", `{"email":"same@example.com","password":{"value":"Right-Passw0rd"}}`, "api-key", keyA)
	var sess struct{ Token string }
	_ = json.Unmarshal(body, &sess)
	_, _, body = call(t, s, "POST", "/weavr/login_with_password", `{"email":"same@example.com","password":{"value":"Right-Passw0rd"}}`, "api-key", keyB)
	var sessB struct{ Token string }
	_ = json.Unmarshal(body, &sessB)

	var wg sync.WaitGroup
	wg.Add(2)
	go func() { // sandbox A: lockout, clock, fault
		defer wg.Done()
		for i := 0; i < 5; i++ {
			login(keyA, "wrong")
		}
		call(t, s, "POST", "/_control/sandboxes/"+a.ID+"/clock", `{"advance": "6m"}`)
		call(t, s, "POST", "/_control/sandboxes/"+a.ID+"/faults", `{"provider":"weavr","operation":"userIdentities","status":503,"times":0}`)
	}()
	go func() { // sandbox B: ordinary traffic meanwhile
		defer wg.Done()
		for i := 0; i < 20; i++ {
			call(t, s, "GET", "/weavr/identities", "", "api-key", keyB, "Authorization", "Bearer "+sessB.Token)
		}
	}()
	wg.Wait()

	if got := login(keyA, "Right-Passw0rd"); got != http.StatusLocked {
		t.Errorf("sandbox A after 5 failures: got %d, want 423", got)
	}
	if got := login(keyB, "Right-Passw0rd"); got != http.StatusOK {
		t.Errorf("sandbox B must not be locked by A's failures: got %d", got)
	}
	if code, _, _ := call(t, s, "GET", "/weavr/identities", "", "api-key", keyB, "Authorization", "Bearer "+sessB.Token); code != http.StatusOK {
		t.Errorf("sandbox B must see neither A's fault nor A's clock: got %d", code)
	}
	if code, _, _ := call(t, s, "GET", "/weavr/identities", "", "api-key", keyA, "Authorization", "Bearer "+sess.Token); code != http.StatusServiceUnavailable {
		t.Errorf("sandbox A's fault: got %d, want 503", code)
	}
	// A token of one sandbox is unknown in the other.
	if code, _, _ := call(t, s, "GET", "/weavr/identities", "", "api-key", keyB, "Authorization", "Bearer "+sess.Token); code != http.StatusUnauthorized {
		t.Errorf("A's token with B's api key: got %d, want 401", code)
	}
	// Deleting A leaves B whole and makes A's key unknown.
	call(t, s, "DELETE", "/_control/sandboxes/"+a.ID, "")
	if got := login(keyA, "Right-Passw0rd"); got != http.StatusUnauthorized {
		t.Errorf("deleted sandbox's key: got %d, want 401", got)
	}
	if got := login(keyB, "Right-Passw0rd"); got != http.StatusOK {
		t.Errorf("sandbox B after A was deleted: got %d", got)
	}
}

func TestOutbox(t *testing.T) {
	s := newSim(t, Options{Seed: 7})
	_, _, body := call(t, s, "GET", "/fliqa/account/auth/token/sandbox/api/inq-demo-1", "", "Api-Key", "fliqa-demo-key", "Api-Secret", "fliqa-demo-secret")
	var tok struct{ AccessToken string }
	_ = json.Unmarshal(body, &tok)
	code, _, body := call(t, s, "POST", "/fliqa/account/login", `{"msisdn": "+38640123456"}`, "Authorization", "Bearer "+tok.AccessToken)
	if code != http.StatusOK {
		t.Fatalf("login: %d %s", code, body)
	}
	code, _, body = call(t, s, "GET", "/_control/sandboxes/default/outbox?channel=sms&recipient=%2B38640123456", "")
	var out struct {
		Messages []struct{ Channel, Recipient, OTP string }
	}
	if err := json.Unmarshal(body, &out); err != nil || code != 200 || len(out.Messages) != 1 || len(out.Messages[0].OTP) != 6 {
		t.Fatalf("outbox: %d %s", code, body)
	}
	call(t, s, "DELETE", "/_control/sandboxes/default/outbox", "")
	_, _, body = call(t, s, "GET", "/_control/sandboxes/default/outbox", "")
	if !bytes.Contains(body, []byte(`"messages": []`)) {
		t.Fatalf("outbox after clearing: %s", body)
	}
}

func TestSeedMakesIDsReproducible(t *testing.T) {
	token := func() string {
		s := newSim(t, Options{Seed: 42})
		_, _, body := call(t, s, "POST", "/weavr/login_with_password", `{"email":"ada@example.com","password":{"value":"Secret-Passw0rd"}}`, "api-key", "weavr-demo-api-key")
		var v struct{ Token string }
		_ = json.Unmarshal(body, &v)
		return v.Token
	}
	if a, b := token(), token(); a == "" || a != b {
		t.Fatalf("same seed, different tokens: %q %q", a, b)
	}
}
