package weavr

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

// tokens of the default sandbox's users, as a test case needs them.
type tokens struct {
	auth, access, temp string
}

func demoTokens(e *env) tokens {
	var t tokens
	t.auth = e.login("ada@example.com", "Secret-Passw0rd")
	t.access = e.access("ada@example.com", "Secret-Passw0rd")
	r := e.do(req{path: "/login_with_password", key: demoKey, body: loginBody("expired@example.com", "Expired-Passw0rd")})
	t.temp = r.get("token").String()
	return t
}

func TestIdentities(t *testing.T) {
	cases := []struct {
		name   string
		key    string
		token  func(tokens) string
		query  string
		status int
		want   []string // identity ids, in order
	}{
		{name: "AUTH token", key: demoKey, token: func(t tokens) string { return t.auth }, status: 200, want: []string{"110000000000000001", "110000000000000002"}},
		{name: "ACCESS token", key: demoKey, token: func(t tokens) string { return t.access }, status: 200, want: []string{"110000000000000001", "110000000000000002"}},
		{name: "temporary token", key: demoKey, token: func(t tokens) string { return t.temp }, status: 403},
		{name: "no token", key: demoKey, token: func(tokens) string { return "" }, status: 401},
		{name: "unknown token", key: demoKey, token: func(tokens) string { return "auth_nope" }, status: 401},
		{name: "no api key", token: func(t tokens) string { return t.auth }, status: 401},
		{name: "unknown api key", key: "other", token: func(t tokens) string { return t.auth }, status: 401},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, "")
			r := e.do(req{method: http.MethodGet, path: "/identities" + tc.query, key: tc.key, token: tc.token(demoTokens(e))})
			expect(t, r, tc.status, "")
			if tc.status == 400 {
				expectFields(t, r, []string{"type:IN"})
				if got := r.get("syntaxErrors.invalidFields.0.params").String(); got != `["CONSUMER","CORPORATE"]` {
					t.Errorf("params %s", got)
				}
			}
			if tc.status == 200 {
				var got []string
				for _, x := range r.get("#.id.id").Array() {
					got = append(got, x.String())
				}
				if strings.Join(got, ",") != strings.Join(tc.want, ",") {
					t.Errorf("identities %v, want %v", got, tc.want)
				}
			}
		})
	}
}

func TestAccessToken(t *testing.T) {
	const ada = `{"identity":{"type":"CONSUMER","id":"110000000000000001"}}`
	cases := []struct {
		name   string
		token  func(tokens) string
		body   string
		before func(e *env, tk *tokens)
		status int
		fields []string
	}{
		{name: "from AUTH", token: func(t tokens) string { return t.auth }, body: ada, status: 200},
		{name: "from ACCESS", token: func(t tokens) string { return t.access }, body: ada, status: 200},
		{name: "other identity of the credentials", token: func(t tokens) string { return t.auth }, body: `{"identity":{"type":"CORPORATE","id":"110000000000000002"}}`, status: 200},
		{name: "identity of another user", token: func(t tokens) string { return t.auth }, body: `{"identity":{"type":"CORPORATE","id":"110000000000000003"}}`, status: 403},
		{name: "right id, wrong type", token: func(t tokens) string { return t.auth }, body: `{"identity":{"type":"CORPORATE","id":"110000000000000001"}}`, status: 403},
		{name: "temporary token", token: func(t tokens) string { return t.temp }, body: `{"identity":{"type":"CONSUMER","id":"110000000000000004"}}`, status: 403},
		{name: "unknown token", token: func(tokens) string { return "access_nope" }, body: ada, status: 401},
		{name: "no token", token: func(tokens) string { return "" }, body: ada, status: 401},
		{name: "locked since login", token: func(t tokens) string { return t.auth }, body: ada, status: 423,
			before: func(e *env, _ *tokens) {
				for range 5 {
					e.do(req{path: "/login_with_password", key: demoKey, body: loginBody("ada@example.com", "wrong")})
				}
			}},
		{name: "lock over", token: func(t tokens) string { return t.auth }, body: ada, status: 200,
			before: func(e *env, tk *tokens) {
				for range 5 {
					e.do(req{path: "/login_with_password", key: demoKey, body: loginBody("ada@example.com", "wrong")})
				}
				e.advance(30 * time.Minute)
				// The lock outlived the first token.
				tk.auth = e.login("ada@example.com", "Secret-Passw0rd")
			}},
		{name: "identity missing", token: func(t tokens) string { return t.auth }, body: `{}`, status: 400, fields: []string{"identity:REQUIRED"}},
		{name: "id missing", token: func(t tokens) string { return t.auth }, body: `{"identity":{"type":"CONSUMER"}}`, status: 400, fields: []string{"identity.id:REQUIRED"}},
		{name: "type outside the enum", token: func(t tokens) string { return t.auth }, body: `{"identity":{"type":"PERSON","id":"1"}}`, status: 400, fields: []string{"identity.type:IN"}},
		{name: "id not digits", token: func(t tokens) string { return t.auth }, body: `{"identity":{"type":"CONSUMER","id":"x1"}}`, status: 400, fields: []string{"identity.id:REGEX"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, "")
			tk := demoTokens(e)
			if tc.before != nil {
				tc.before(e, &tk)
			}
			r := e.do(req{path: "/access_token", key: demoKey, token: tc.token(tk), body: tc.body})
			expect(t, r, tc.status, "")
			if tc.status == 400 {
				expectFields(t, r, tc.fields)
			}
			if tc.status == 200 {
				if !strings.HasPrefix(r.get("token").String(), "access_") || r.get("credentials.id").String() != "120000000000000001" {
					t.Errorf("body %s", r.body)
				}
				if r.get("identity").Raw != gjsonOf(tc.body, "identity") {
					t.Errorf("identity %s, want %s", r.get("identity").Raw, gjsonOf(tc.body, "identity"))
				}
			}
		})
	}
}

func TestTokenLife(t *testing.T) {
	get := func(e *env, tok string) int {
		return e.do(req{method: http.MethodGet, path: "/identities", key: demoKey, token: tok}).status
	}
	cases := []struct {
		name string
		run  func(t *testing.T, e *env)
	}{
		{name: "unused for five minutes", run: func(t *testing.T, e *env) {
			tok := e.login("ada@example.com", "Secret-Passw0rd")
			e.advance(5 * time.Minute)
			if s := get(e, tok); s != 401 {
				t.Fatalf("status %d, want 401", s)
			}
		}},
		{name: "each use extends it", run: func(t *testing.T, e *env) {
			tok := e.login("ada@example.com", "Secret-Passw0rd")
			for range 4 {
				e.advance(4*time.Minute + 59*time.Second)
				if s := get(e, tok); s != 200 {
					t.Fatalf("status %d, want 200", s)
				}
			}
			e.advance(5 * time.Minute)
			if s := get(e, tok); s != 401 {
				t.Fatalf("status %d, want 401", s)
			}
		}},
		{name: "a refused use does not extend it", run: func(t *testing.T, e *env) {
			tok := e.login("ada@example.com", "Secret-Passw0rd")
			e.advance(4 * time.Minute)
			// An AUTH token may not step up: 403, and no extension.
			if r := e.do(req{path: "/stepup/challenges/otp/SMS", key: demoKey, token: tok}); r.status != 403 {
				t.Fatalf("status %d, want 403", r.status)
			}
			e.advance(time.Minute)
			if s := get(e, tok); s != 401 {
				t.Fatalf("status %d, want 401", s)
			}
		}},
		{name: "each token has its own life", run: func(t *testing.T, e *env) {
			auth := e.login("ada@example.com", "Secret-Passw0rd")
			acc := e.do(req{path: "/access_token", key: demoKey, token: auth, body: `{"identity":{"type":"CONSUMER","id":"110000000000000001"}}`}).get("token").String()
			e.advance(3 * time.Minute)
			get(e, acc)
			e.advance(3 * time.Minute)
			if s := get(e, auth); s != 401 {
				t.Fatalf("AUTH: %d, want 401", s)
			}
			if s := get(e, acc); s != 200 {
				t.Fatalf("ACCESS: %d, want 200", s)
			}
		}},
		{name: "a token needs its own api key", run: func(t *testing.T, e *env) {
			other := e.fixtures(`{"apiKey":"second-key","users":[{"email":"ada@example.com","password":"Secret-Passw0rd"}]}`)
			tok := e.login("ada@example.com", "Secret-Passw0rd")
			r := e.do(req{method: http.MethodGet, path: "/identities", key: other.APIKey, token: tok})
			expect(t, r, 401, "")
		}},
		{name: "a token of another sandbox", run: func(t *testing.T, e *env) {
			sb2, err := e.reg.Create("")
			if err != nil {
				t.Fatal(err)
			}
			sb2.Lock()
			_, err = e.p.Fixtures(sb2, []byte(`{"apiKey":"key-two","users":[{"email":"x@example.com","password":"Secret-Passw0rd"}]}`))
			sb2.Unlock()
			if err != nil {
				t.Fatal(err)
			}
			r := e.do(req{path: "/login_with_password", key: "key-two", body: loginBody("x@example.com", "Secret-Passw0rd")})
			expect(t, r, 200, "")
			tok := r.get("token").String()
			if e.reg.Lookup(tokenKind, tok) != sb2 {
				t.Fatalf("the token is not bound to its sandbox")
			}
			if s := get(e, tok); s != 401 {
				t.Fatalf("status %d, want 401", s)
			}
		}},
		{name: "expired tokens are unbound", run: func(t *testing.T, e *env) {
			tok := e.login("ada@example.com", "Secret-Passw0rd")
			e.advance(10 * time.Minute)
			e.login("grace@example.com", "Secret-Passw0rd") // sweeps
			if e.reg.Lookup(tokenKind, tok) != nil {
				t.Fatalf("an expired token is still bound")
			}
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) { tc.run(t, newEnv(t, "")) })
	}
}

func TestLogout(t *testing.T) {
	cases := []struct {
		name   string
		email  string
		pw     string
		use    string // which token logs out: auth, access or temp
		status int
		url    string
	}{
		{name: "with the AUTH token", email: "ada@example.com", pw: "Secret-Passw0rd", use: "auth", status: 204},
		{name: "with an ACCESS token", email: "ada@example.com", pw: "Secret-Passw0rd", use: "access", status: 204},
		{name: "third-party credentials", email: "sso@example.com", pw: "Secret-Passw0rd", use: "auth", status: 200, url: "https://sso.example.com/logout"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, "")
			var session []string
			switch tc.use {
			default:
				auth := e.login(tc.email, tc.pw)
				acc := e.do(req{path: "/access_token", key: demoKey, token: auth,
					body: `{"identity":` + e.do(req{method: http.MethodGet, path: "/identities", key: demoKey, token: auth}).get("0.id").Raw + `}`}).get("token").String()
				session = []string{auth, acc}
				if tc.use == "access" {
					session = []string{acc, auth}
				}
			}
			other := e.login("grace@example.com", "Secret-Passw0rd")
			r := e.do(req{path: "/logout", key: demoKey, token: session[0]})
			expect(t, r, tc.status, "")
			if r.get("url").String() != tc.url {
				t.Errorf("url %q, want %q", r.get("url").String(), tc.url)
			}
			for _, tok := range session {
				if r := e.do(req{path: "/logout", key: demoKey, token: tok}); r.status != 401 {
					t.Errorf("a token of the ended session: %d, want 401", r.status)
				}
				if e.reg.Lookup(tokenKind, tok) != nil {
					t.Errorf("a token of the ended session is still bound")
				}
			}
			if s := e.do(req{method: http.MethodGet, path: "/identities", key: demoKey, token: other}).status; s != 200 {
				t.Errorf("another session: %d, want 200", s)
			}
		})
	}
	t.Run("no token", func(t *testing.T) {
		e := newEnv(t, "")
		expect(t, e.do(req{path: "/logout", key: demoKey}), 401, "")
		expect(t, e.do(req{path: "/logout"}), 401, "")
	})
}

// gjsonOf returns the raw JSON at path in doc.
func gjsonOf(doc, path string) string {
	return resp{body: []byte(doc)}.get(path).Raw
}

// TestRegression_TemporaryTokenCannotLogOut: logout once accepted the
// temporary token of an expired password, which the contract allows only
// on /passwords/update. It gets 401, and stays good for the update.
func TestRegression_TemporaryTokenCannotLogOut(t *testing.T) {
	e := newEnv(t, "")
	temp := e.do(req{path: "/login_with_password", key: demoKey, body: loginBody("expired@example.com", "Expired-Passw0rd")}).get("token").String()
	expect(t, e.do(req{path: "/logout", key: demoKey, token: temp}), 401, "")
	r := e.do(req{path: "/passwords/update", key: demoKey, token: temp,
		body: `{"oldPassword": {"value": "Expired-Passw0rd"}, "newPassword": {"value": "Brand-New-Passw0rd"}}`})
	expect(t, r, 200, "")
}
