package weavr

import (
	"encoding/json"
	"net/http"
	"testing"
)

func passwordBody(old, next string) string {
	b, _ := json.Marshal(map[string]any{"oldPassword": map[string]string{"value": old}, "newPassword": map[string]string{"value": next}})
	return string(b)
}

func TestUpdatePassword(t *testing.T) {
	const path = "/passwords/update"
	cases := []struct {
		name   string
		email  string // default expired@example.com, logging in with the temporary token
		body   string
		token  string // "none" for no token
		status int
		code   string
		fields []string
	}{
		{name: "with the temporary token", body: passwordBody("Expired-Passw0rd", "Brand-New-Passw0rd"), status: 200},
		{name: "with an AUTH token", email: "ada@example.com", body: passwordBody("Secret-Passw0rd", "Brand-New-Passw0rd"), status: 200},
		{name: "old password wrong", body: passwordBody("Not-It-At-All", "Brand-New-Passw0rd"), status: 409, code: "PASSWORD_INCORRECT"},
		{name: "old password checked first", body: passwordBody("Not-It-At-All", "short"), status: 409, code: "PASSWORD_INCORRECT"},
		{name: "seven characters", body: passwordBody("Expired-Passw0rd", "Abc-123"), status: 409, code: "PASSWORD_TOO_SHORT"},
		{name: "eight characters", body: passwordBody("Expired-Passw0rd", "Abc-1234"), status: 200},
		{name: "seven runes, more bytes", body: passwordBody("Expired-Passw0rd", "Pässwö!"), status: 409, code: "PASSWORD_TOO_SHORT"},
		{name: "empty new password", body: passwordBody("Expired-Passw0rd", ""), status: 409, code: "PASSWORD_TOO_SHORT"},
		{name: "the current password", body: passwordBody("Expired-Passw0rd", "Expired-Passw0rd"), status: 409, code: "PASSWORD_ALREADY_USED"},
		{name: "a previous password", body: passwordBody("Expired-Passw0rd", "Older-Passw0rd"), status: 409, code: "PASSWORD_ALREADY_USED"},
		{name: "no token", token: "none", body: passwordBody("Expired-Passw0rd", "Brand-New-Passw0rd"), status: 401},
		{name: "old password empty", body: passwordBody("", "Brand-New-Passw0rd"), status: 400, fields: []string{"oldPassword.value:HAS_TEXT"}},
		{name: "new password missing", body: `{"oldPassword":{"value":"x"}}`, status: 400, fields: []string{"newPassword:REQUIRED"}},
		{name: "values missing", body: `{"oldPassword":{},"newPassword":{}}`, status: 400, fields: []string{"oldPassword.value:REQUIRED", "newPassword.value:REQUIRED"}},
		{name: "not JSON", body: `oldPassword=x`, status: 400},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, "")
			var tok string
			switch {
			case tc.token == "none":
			case tc.email != "":
				tok = e.login(tc.email, "Secret-Passw0rd")
			default:
				tok = e.do(req{path: "/login_with_password", key: demoKey, body: loginBody("expired@example.com", "Expired-Passw0rd")}).get("token").String()
			}
			r := e.do(req{path: path, key: demoKey, token: tok, body: tc.body})
			expect(t, r, tc.status, tc.code)
			if tc.status == 400 {
				expectFields(t, r, tc.fields)
			}
			if tc.status != 200 {
				return
			}
			email := tc.email
			if email == "" {
				email = "expired@example.com"
			}
			var sent struct {
				NewPassword struct{ Value string } `json:"newPassword"`
			}
			_ = json.Unmarshal([]byte(tc.body), &sent)
			if r.get("passwordInfo.expiryDate").Int() != start.Add(passwordLifetime).UnixMilli() {
				t.Errorf("expiryDate %s", r.get("passwordInfo.expiryDate").String())
			}
			if r.get("passwordInfo.identityId.id").String() == "" {
				t.Errorf("identityId: %s", r.body)
			}
			fresh := r.get("token").String()
			if s := e.do(req{method: http.MethodGet, path: "/identities", key: demoKey, token: fresh}).status; s != 200 {
				t.Errorf("the new AUTH token: %d", s)
			}
			if tc.email == "" {
				if s := e.do(req{path: path, key: demoKey, token: tok, body: passwordBody(sent.NewPassword.Value, "Yet-Another-Passw0rd")}).status; s != 401 {
					t.Errorf("the spent temporary token: %d, want 401", s)
				}
			}
			// The new password logs in; the old one no longer does.
			if r := e.do(req{path: "/login_with_password", key: demoKey, body: loginBody(email, sent.NewPassword.Value)}); r.status != 200 {
				t.Errorf("login with the new password: %d", r.status)
			}
			old := "Expired-Passw0rd"
			if tc.email != "" {
				old = "Secret-Passw0rd"
			}
			if s := e.do(req{path: "/login_with_password", key: demoKey, body: loginBody(email, old)}).status; s != 403 {
				t.Errorf("login with the old password: %d, want 403", s)
			}
		})
	}
}

func TestUpdatePasswordRemembersOldOnes(t *testing.T) {
	e := newEnv(t, "")
	tok := e.login("ada@example.com", "Secret-Passw0rd")
	r := e.do(req{path: "/passwords/update", key: demoKey, token: tok, body: passwordBody("Secret-Passw0rd", "Second-Passw0rd")})
	expect(t, r, 200, "")
	tok = r.get("token").String()
	expect(t, e.do(req{path: "/passwords/update", key: demoKey, token: tok, body: passwordBody("Second-Passw0rd", "Secret-Passw0rd")}), 409, "PASSWORD_ALREADY_USED")
}

func TestUpdatePasswordIdentityOfAccessToken(t *testing.T) {
	e := newEnv(t, "")
	auth := e.login("ada@example.com", "Secret-Passw0rd")
	acc := e.do(req{path: "/access_token", key: demoKey, token: auth, body: `{"identity":{"type":"CORPORATE","id":"110000000000000002"}}`}).get("token").String()
	r := e.do(req{path: "/passwords/update", key: demoKey, token: acc, body: passwordBody("Secret-Passw0rd", "Second-Passw0rd")})
	expect(t, r, 200, "")
	if r.get("passwordInfo.identityId.type").String() != "CORPORATE" {
		t.Fatalf("identityId: %s", r.body)
	}
}
