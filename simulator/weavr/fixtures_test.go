package weavr

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/conformhq/conform/simulator/simtest"
)

func TestDefaultFixtures(t *testing.T) {
	e := newEnv(t, "")
	if e.creds.APIKey != demoKey || len(e.creds.Users) != 4 {
		t.Fatalf("default credentials %+v", e.creds)
	}
	for _, u := range e.creds.Users {
		want := "Secret-Passw0rd"
		if u.Email == "expired@example.com" {
			want = "Expired-Passw0rd"
		}
		if u.Password != want {
			t.Errorf("%s: password %q, want %q (as documented on DefaultFixtures)", u.Email, u.Password, want)
		}
	}
	var doc map[string]any
	if err := json.Unmarshal(DefaultFixtures, &doc); err != nil {
		t.Fatal(err)
	}
}

// TestWalkthrough is the curl walk-through (docs/walkthroughs.md) against the default
// sandbox: log in, list identities, get an ACCESS token, step up by SMS
// (reading the code from the outbox), then by push on a new session, log out.
func TestWalkthrough(t *testing.T) {
	e := newEnv(t, "")
	login := e.do(req{path: "/login_with_password", key: demoKey, body: `{"email":"ada@example.com","password":{"value":"Secret-Passw0rd"}}`})
	expect(t, login, 200, "")
	auth := login.get("token").String()
	ids := e.do(req{method: http.MethodGet, path: "/identities", key: demoKey, token: auth})
	expect(t, ids, 200, "")
	if ids.get("#").Int() != 2 {
		t.Fatalf("identities %s", ids.body)
	}
	acc := e.do(req{path: "/access_token", key: demoKey, token: auth, body: `{"identity":{"type":"CONSUMER","id":"110000000000000001"}}`})
	expect(t, acc, 200, "")
	access := acc.get("token").String()
	expect(t, e.do(req{path: "/stepup/challenges/otp/SMS", key: demoKey, token: access}), 204, "")
	e.sb.Lock()
	msgs := e.sb.Outbox.List(Name, "sms", "")
	e.sb.Unlock()
	if len(msgs) != 1 {
		t.Fatalf("outbox %+v", msgs)
	}
	code := `{"verificationCode":"` + msgs[0].OTP + `"}`
	expect(t, e.do(req{path: "/stepup/challenges/otp/SMS/verify", key: demoKey, token: access, body: code}), 204, "")
	expect(t, e.do(req{path: "/logout", key: demoKey, token: access}), 204, "")

	access = e.access("ada@example.com", "Secret-Passw0rd")
	push := e.do(req{path: "/stepup/challenges/push/AUTHY", key: demoKey, token: access})
	expect(t, push, 200, "")
	if r := e.control(http.MethodPost, "challenges/"+push.get("id").String()+"/verify_success"); r.status != 204 {
		t.Fatalf("verify_success: %d", r.status)
	}
	expect(t, e.do(req{path: "/stepup/challenges/push/AUTHY", key: demoKey, token: access}), 405, "")

	expired := e.do(req{path: "/login_with_password", key: demoKey, body: loginBody("expired@example.com", "Expired-Passw0rd")})
	expect(t, expired, 409, "")
	upd := e.do(req{path: "/passwords/update", key: demoKey, token: expired.get("token").String(), body: passwordBody("Expired-Passw0rd", "Fresh-Passw0rd")})
	expect(t, upd, 200, "")
	e.login("expired@example.com", "Fresh-Passw0rd")

	sso := e.login("sso@example.com", "Secret-Passw0rd")
	out := e.do(req{path: "/logout", key: demoKey, token: sso})
	expect(t, out, 200, "")
}

func TestFixturesGenerated(t *testing.T) {
	cases := []struct {
		name  string
		raw   string
		users int
	}{
		{name: "empty object", raw: `{}`, users: 1},
		{name: "null", raw: `null`, users: 1},
		{name: "nothing", raw: ` `, users: 1},
		{name: "no users", raw: `{"users":[]}`, users: 0},
		{name: "empty users", raw: `{"users":[{},{},{}]}`, users: 3},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, `{"apiKey":"first","users":[]}`)
			e2 := &env{t: t, p: e.p, reg: e.reg, h: e.h}
			sb, err := e.reg.Create("")
			if err != nil {
				t.Fatal(err)
			}
			e2.sb = sb
			creds, err := e2.apply(tc.raw)
			if err != nil {
				t.Fatal(err)
			}
			if creds.APIKey == "" || e.reg.Lookup(apiKeyKind, creds.APIKey) != sb {
				t.Fatalf("api key %q not bound to the sandbox", creds.APIKey)
			}
			if len(creds.Users) != tc.users {
				t.Fatalf("%d users, want %d", len(creds.Users), tc.users)
			}
			for _, u := range creds.Users {
				if u.Email == "" || len(u.Password) < 8 || u.Identity.ID == "" || u.Identity.Type != "CONSUMER" ||
					u.Credentials.ID == "" || u.Credentials.Type != "ROOT" || !strings.HasPrefix(u.Mobile, "+447700900") {
					t.Fatalf("generated user %+v", u)
				}
				r := e2.do(req{path: "/login_with_password", key: creds.APIKey, body: loginBody(u.Email, u.Password)})
				expect(t, r, 200, "")
			}
		})
	}
}

func TestFixturesAdd(t *testing.T) {
	e := newEnv(t, "")
	// Without an api key, users join the sandbox's first programme.
	more := e.fixtures(`{"users":[{"email":"alan@example.com","password":"Enigma-1912"}]}`)
	if more.APIKey != demoKey || len(more.Users) != 1 {
		t.Fatalf("added %+v", more)
	}
	e.login("alan@example.com", "Enigma-1912")
	e.login("ada@example.com", "Secret-Passw0rd")
	// A new api key is a new programme, whose users are its own.
	second := e.fixtures(`{"apiKey":"second-key","users":[{"email":"ada@example.com","password":"Other-Passw0rd"}]}`)
	r := e.do(req{path: "/login_with_password", key: second.APIKey, body: loginBody("ada@example.com", "Other-Passw0rd")})
	expect(t, r, 200, "")
	expect(t, e.do(req{path: "/login_with_password", key: second.APIKey, body: loginBody("alan@example.com", "Enigma-1912")}), 403, "")
	// The threshold can be changed later.
	e.fixtures(`{"lockoutThreshold":1,"users":[]}`)
	expect(t, e.do(req{path: "/login_with_password", key: demoKey, body: loginBody("alan@example.com", "wrong")}), 403, "")
	expect(t, e.do(req{path: "/login_with_password", key: demoKey, body: loginBody("alan@example.com", "Enigma-1912")}), 423, "")
}

func TestFixturesErrors(t *testing.T) {
	cases := []struct {
		name, raw, want string
	}{
		{name: "not JSON", raw: `{`, want: "weavr fixtures"},
		{name: "not an object", raw: `[]`, want: "weavr fixtures"},
		{name: "unknown field", raw: `{"apiKeys":["x"]}`, want: "apiKeys"},
		{name: "unknown user field", raw: `{"users":[{"mail":"x@example.com"}]}`, want: "mail"},
		{name: "duplicate e-mail in the sandbox", raw: `{"users":[{"email":"ada@example.com"}]}`, want: "already registered"},
		{name: "duplicate e-mail, other case", raw: `{"users":[{"email":"ADA@example.com"}]}`, want: "already registered"},
		{name: "duplicate e-mail in the section", raw: `{"apiKey":"k2","users":[{"email":"a@example.com"},{"email":"a@example.com"}]}`, want: "users[1]"},
		{name: "bad e-mail", raw: `{"users":[{"email":"ada"}]}`, want: "not an e-mail"},
		{name: "e-mail the format refuses", raw: `{"users":[{"email":"a@b<c>.com"}]}`, want: "not an e-mail"},
		{name: "identity type", raw: `{"users":[{"identity":{"type":"PERSON"}}]}`, want: "identity: type"},
		{name: "extra identity type", raw: `{"users":[{"identities":[{"type":"CORPORATE"},{"type":"BUSINESS"}]}]}`, want: "identities[1]"},
		{name: "identity twice", raw: `{"users":[{"identity":{"id":"1"},"identities":[{"id":"1"}]}]}`, want: "twice"},
		{name: "credentials type", raw: `{"users":[{"credentials":{"type":"ADMIN"}}]}`, want: "credentials.type"},
		{name: "push device", raw: `{"users":[{"pushDevices":["SMS"]}]}`, want: "pushDevices"},
		{name: "mobile", raw: `{"users":[{"mobile":"07700900123"}]}`, want: "mobile"},
		{name: "third-party url", raw: `{"users":[{"thirdPartyAuthUrl":"sso.example.com/logout"}]}`, want: "thirdPartyAuthUrl"},
		{name: "third-party url without host", raw: `{"users":[{"thirdPartyAuthUrl":"https://?x"}]}`, want: "thirdPartyAuthUrl"},
		{name: "negative threshold", raw: `{"lockoutThreshold":-1}`, want: "lockoutThreshold"},
		{name: "api key with a space", raw: `{"apiKey":"my key"}`, want: "apiKey"},
		{name: "api key of another sandbox", raw: `{"apiKey":"taken-key"}`, want: "another sandbox"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, "")
			other, _ := e.reg.Create("")
			other.Bind(apiKeyKind, "taken-key")
			before := e.fixtures(`{"users":[]}`)
			_, err := e.apply(tc.raw)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want one with %q", err, tc.want)
			}
			// Nothing was added: the sandbox still has its four users only.
			e.sb.Lock()
			s := stateOf(e.sb)
			n, keys := len(s.programmes[before.APIKey].users), len(s.programmes)
			e.sb.Unlock()
			if n != 4 || keys != 1 {
				t.Fatalf("a failed section changed the sandbox: %d users, %d programmes", n, keys)
			}
		})
	}
}

func TestFixturesCredentialsAreJSON(t *testing.T) {
	e := newEnv(t, "")
	b, err := json.Marshal(e.creds)
	if err != nil {
		t.Fatal(err)
	}
	r := resp{body: b}
	if r.get("apiKey").String() != demoKey || r.get("users.0.identity.name").String() != "Ada Lovelace" || r.get("users.0.mobile").String() != "+447700900123" {
		t.Fatalf("credentials %s", b)
	}
}

// TestProviderDefaultFixtures: the provider carries the defaults the
// simulator's default sandbox is built from, and they apply.
func TestProviderDefaultFixtures(t *testing.T) {
	p, err := New()
	if err != nil {
		t.Fatal(err)
	}
	simtest.CheckDefaultFixtures(t, p)
}
