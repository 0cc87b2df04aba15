package weavr

import (
	"strings"
	"testing"
	"time"
)

func TestLogin(t *testing.T) {
	cases := []struct {
		name   string
		key    string
		body   string
		status int
		fields []string // of a 400
		check  func(t *testing.T, r resp)
	}{
		{name: "right password", key: demoKey, body: loginBody("ada@example.com", "Secret-Passw0rd"), status: 200,
			check: func(t *testing.T, r resp) {
				if r.get("tokenType").String() != "AUTH" || !strings.HasPrefix(r.get("token").String(), "auth_") {
					t.Errorf("not an AUTH token: %s", r.body)
				}
				if r.get("identity.id").String() != "110000000000000001" || r.get("identity.type").String() != "CONSUMER" {
					t.Errorf("identity: %s", r.body)
				}
				if r.get("credentials.id").String() != "120000000000000001" || r.get("credentials.type").String() != "ROOT" {
					t.Errorf("credentials: %s", r.body)
				}
			}},
		{name: "e-mail in another case", key: demoKey, body: loginBody("Ada@Example.COM", "Secret-Passw0rd"), status: 200},
		{name: "USER credentials", key: demoKey, body: loginBody("grace@example.com", "Secret-Passw0rd"), status: 200,
			check: func(t *testing.T, r resp) {
				if r.get("credentials.type").String() != "USER" || r.get("identity.type").String() != "CORPORATE" {
					t.Errorf("grace: %s", r.body)
				}
			}},
		{name: "wrong password", key: demoKey, body: loginBody("ada@example.com", "nope"), status: 403},
		{name: "password in another case", key: demoKey, body: loginBody("ada@example.com", "secret-passw0rd"), status: 403},
		{name: "unknown e-mail", key: demoKey, body: loginBody("nobody@example.com", "Secret-Passw0rd"), status: 403},
		{name: "no api key", body: loginBody("ada@example.com", "Secret-Passw0rd"), status: 401},
		{name: "unknown api key", key: "not-a-key", body: loginBody("ada@example.com", "Secret-Passw0rd"), status: 401},
		{name: "expired password", key: demoKey, body: loginBody("expired@example.com", "Expired-Passw0rd"), status: 409,
			check: func(t *testing.T, r resp) {
				if !strings.HasPrefix(r.get("token").String(), "temp_") {
					t.Errorf("not a temporary token: %s", r.body)
				}
			}},
		{name: "expired password, wrong", key: demoKey, body: loginBody("expired@example.com", "Older-Passw0rd"), status: 403},
		{name: "email missing", key: demoKey, body: `{"password":{"value":"x"}}`, status: 400, fields: []string{"email:REQUIRED"}},
		{name: "email not an address", key: demoKey, body: `{"email":"ada","password":{"value":"x"}}`, status: 400, fields: []string{"email:REGEX"}},
		{name: "password missing", key: demoKey, body: `{"email":"ada@example.com"}`, status: 400, fields: []string{"password:REQUIRED"}},
		{name: "password value missing", key: demoKey, body: `{"email":"ada@example.com","password":{}}`, status: 400, fields: []string{"password.value:REQUIRED"}},
		{name: "password value empty", key: demoKey, body: `{"email":"ada@example.com","password":{"value":""}}`, status: 400, fields: []string{"password.value:HAS_TEXT"}},
		{name: "password a string", key: demoKey, body: `{"email":"ada@example.com","password":"Secret-Passw0rd"}`, status: 400, fields: []string{"password:HAS_TEXT"}},
		{name: "email a number", key: demoKey, body: `{"email":42,"password":{"value":"x"}}`, status: 400, fields: []string{"email:HAS_TEXT"}},
		{name: "not JSON", key: demoKey, body: `{"email":`, status: 400, fields: nil},
		{name: "no body", key: demoKey, status: 400, fields: nil},
		{name: "an array", key: demoKey, body: `[]`, status: 400, fields: nil},
		{name: "null", key: demoKey, body: `null`, status: 400, fields: nil},
		{name: "invalid without api key", body: `{}`, status: 400, fields: []string{"email:REQUIRED", "password:REQUIRED"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, "")
			r := e.do(req{path: "/login_with_password", key: tc.key, body: tc.body})
			expect(t, r, tc.status, "")
			if tc.status == 400 {
				expectFields(t, r, tc.fields)
				if tc.fields == nil && r.get("message").String() == "" {
					t.Errorf("a body-level 400 needs a message: %s", r.body)
				}
			}
			if tc.check != nil {
				tc.check(t, r)
			}
		})
	}
}

func TestLockout(t *testing.T) {
	const right, wrong = "Secret-Passw0rd", "Wrong-Passw0rd"
	type step struct {
		advance  time.Duration
		email    string
		password string
		status   int
	}
	ada := func(p string, st int) step { return step{email: "ada@example.com", password: p, status: st} }
	repeat := func(n int, s step) []step {
		out := make([]step, n)
		for i := range out {
			out[i] = s
		}
		return out
	}
	join := func(parts ...[]step) []step {
		var out []step
		for _, p := range parts {
			out = append(out, p...)
		}
		return out
	}
	cases := []struct {
		name     string
		fixtures string
		steps    []step
	}{
		{name: "five failures lock even the right password", steps: join(repeat(5, ada(wrong, 403)), []step{ada(right, 423), ada(wrong, 423)})},
		{name: "four failures do not lock", steps: join(repeat(4, ada(wrong, 403)), []step{ada(right, 200)})},
		{name: "a success resets the count", steps: join(repeat(4, ada(wrong, 403)), []step{ada(right, 200)}, repeat(4, ada(wrong, 403)), []step{ada(right, 200)})},
		{name: "the lock lasts 30 minutes", steps: join(repeat(5, ada(wrong, 403)),
			[]step{{advance: 29*time.Minute + 59*time.Second, email: "ada@example.com", password: right, status: 423}},
			[]step{{advance: time.Second, email: "ada@example.com", password: right, status: 200}})},
		{name: "after the lock the count starts again", steps: join(repeat(5, ada(wrong, 403)),
			[]step{{advance: 30 * time.Minute, email: "ada@example.com", password: wrong, status: 403}},
			repeat(3, ada(wrong, 403)), []step{ada(right, 200)})},
		{name: "the lock is per user", steps: join(repeat(5, ada(wrong, 403)), []step{{email: "grace@example.com", password: right, status: 200}})},
		{name: "unknown e-mails lock nothing", steps: join(repeat(8, step{email: "ghost@example.com", password: wrong, status: 403}))},
		{name: "threshold from fixtures", fixtures: `{"apiKey":"weavr-demo-api-key","lockoutThreshold":2,"users":[{"email":"ada@example.com","password":"Secret-Passw0rd"}]}`,
			steps: join(repeat(2, ada(wrong, 403)), []step{ada(right, 423)})},
		{name: "an expired password locks too", steps: join(repeat(5, step{email: "expired@example.com", password: wrong, status: 403}),
			[]step{{email: "expired@example.com", password: "Expired-Passw0rd", status: 423}})},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, tc.fixtures)
			for i, s := range tc.steps {
				e.advance(s.advance)
				r := e.do(req{path: "/login_with_password", key: demoKey, body: loginBody(s.email, s.password)})
				if r.status != s.status {
					t.Fatalf("step %d (%s): status %d, want %d", i, s.email, r.status, s.status)
				}
				if s.status != 200 && len(r.body) != 0 {
					t.Fatalf("step %d: a %d has no body, got %s", i, s.status, r.body)
				}
			}
		})
	}
}
