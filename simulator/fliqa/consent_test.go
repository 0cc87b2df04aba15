package fliqa

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func testConsent(t *testing.T, cov *coverage) {
	const sms = `{"msisdn":"+38640123456"}`
	body := func(otp string) string { return `{"providerId":"demo-bank","otp":"` + otp + `"}` }

	t.Run("created", func(t *testing.T) {
		e := newEnv(t, cov, "default")
		tok := e.token("inq-demo-1")
		otp := e.login(tok, sms)
		e.advance(time.Minute)
		r := e.do("POST", "/account/consent?locale=sl", `{"providerId":"demo-bank","otp":"`+otp+`","msisdn":"+38640123456","data":[{"key":"purpose","value":"test"}]}`, "Authorization: Bearer "+tok)
		if r.Status != http.StatusCreated {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
		now := t0.Add(time.Minute)
		want := map[string]string{
			"inquiryId": "inq-demo-1", "status": "initiated", "providerId": "demo-bank", "locale": "sl",
			"created": now.Format(stampLayout), "modified": now.Format(stampLayout),
			"validUntil": now.Add(90 * 24 * time.Hour).Format(stampLayout),
			"scope":      "all", "name": defaultConsentName, "description": defaultConsentDescription, "country": "SI",
		}
		for k, v := range want {
			if got := r.str(k); got != v {
				t.Errorf("%s = %q, want %q", k, got, v)
			}
		}
		if len(r.str("consentId")) != 32 {
			t.Errorf("consentId %q", r.str("consentId"))
		}
		if o, _ := r.JSON["owner"].(map[string]any); o["msisdn"] != "+38640123456" || o["email"] != nil {
			t.Errorf("owner %v", r.JSON["owner"])
		}
		if d, _ := r.JSON["data"].([]any); len(d) != 1 || d[0].(map[string]any)["key"] != "purpose" || d[0].(map[string]any)["value"] != "test" {
			t.Errorf("data %v", r.JSON["data"])
		}
		if cd, ok := r.JSON["consentData"].([]any); !ok || len(cd) != 0 {
			t.Errorf("consentData %v", r.JSON["consentData"])
		}
		// Single use.
		wantError(t, e.do("POST", "/account/consent", body(otp), "Authorization: Bearer "+tok), 401, "invalid_pin")
		// The control API lists it.
		rec := httptest.NewRecorder()
		e.sb.Lock()
		e.p.Control(e.sb, rec, httptest.NewRequest("GET", "/consents", nil), "consents")
		e.sb.Unlock()
		var list []map[string]any
		if err := json.Unmarshal(rec.Body.Bytes(), &list); rec.Code != 200 || err != nil || len(list) != 1 || list[0]["consentId"] != r.str("consentId") {
			t.Errorf("control: %d %s", rec.Code, rec.Body)
		}
	})

	t.Run("created for an e-mail owner, no locale", func(t *testing.T) {
		e := newEnv(t, cov, "default")
		tok := e.token("inq-demo-1")
		otp := e.login(tok, `{"email":"owner@example.com"}`)
		r := e.do("POST", "/account/consent", body(otp), "Authorization: Bearer "+tok)
		if r.Status != http.StatusCreated {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
		if o, _ := r.JSON["owner"].(map[string]any); o["email"] != "owner@example.com" || o["msisdn"] != nil {
			t.Errorf("owner %v", r.JSON["owner"])
		}
		if r.str("locale") != defaultLocale {
			t.Errorf("locale %v without a locale asked, want %q", r.JSON["locale"], defaultLocale)
		}
		if d, ok := r.JSON["data"].([]any); !ok || len(d) != 0 {
			t.Errorf("data %v without data given, want []", r.JSON["data"])
		}
	})

	t.Run("the inquiry's consent scope, name and description", func(t *testing.T) {
		e := newEnv(t, cov, `{"apiKey":"k","apiSecret":"s","inquiries":[{"id":"i","consentScope":"balances","name":"N","description":"D"}],"consentOwners":[{"msisdn":"+38640123456"}]}`)
		r := e.do("GET", "/account/auth/token/sandbox/api/i", "", "Api-Key: k", "Api-Secret: s")
		tok := r.str("accessToken")
		otp := e.login(tok, sms)
		r = e.do("POST", "/account/consent", body(otp), "Authorization: Bearer "+tok)
		for k, v := range map[string]string{"scope": "balances", "name": "N", "description": "D", "inquiryId": "i"} {
			if got := r.str(k); got != v {
				t.Errorf("%s = %q, want %q", k, got, v)
			}
		}
	})

	t.Run("a wrong guess does not consume the otp", func(t *testing.T) {
		e := newEnv(t, cov, "default")
		tok := e.token("inq-demo-1")
		otp := e.login(tok, sms)
		wantError(t, e.do("POST", "/account/consent", body(wrong(otp)), "Authorization: Bearer "+tok), 401, "invalid_pin")
		if r := e.do("POST", "/account/consent", body(otp), "Authorization: Bearer "+tok); r.Status != 201 {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
	})

	t.Run("too many wrong guesses burn the otp", func(t *testing.T) {
		e := newEnv(t, cov, "default")
		tok := e.token("inq-demo-1")
		otp := e.login(tok, sms)
		for i := 0; i < maxOTPAttempts; i++ {
			wantError(t, e.do("POST", "/account/consent", body(wrong(otp)), "Authorization: Bearer "+tok), 401, "invalid_pin")
		}
		wantError(t, e.do("POST", "/account/consent", body(otp), "Authorization: Bearer "+tok), 401, "invalid_pin")
	})

	t.Run("a new login replaces the otp", func(t *testing.T) {
		e := newEnv(t, cov, "default")
		tok := e.token("inq-demo-1")
		first := e.login(tok, sms)
		second := e.login(tok, sms)
		if first != second {
			wantError(t, e.do("POST", "/account/consent", body(first), "Authorization: Bearer "+tok), 401, "invalid_pin")
		}
		if r := e.do("POST", "/account/consent", body(second), "Authorization: Bearer "+tok); r.Status != 201 {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
	})

	t.Run("an otp belongs to its token", func(t *testing.T) {
		e := newEnv(t, cov, "default")
		otp := e.login(e.token("inq-demo-1"), sms)
		wantError(t, e.do("POST", "/account/consent", body(otp), "Authorization: Bearer "+e.token("inq-demo-1")), 401, "invalid_pin")
	})

	t.Run("otp ttl from fixtures", func(t *testing.T) {
		e := newEnv(t, cov, `{"apiKey":"fliqa-demo-key","apiSecret":"fliqa-demo-secret","otpTtl":"30s","tokenLifetime":3600,"inquiries":[{"id":"inq-demo-1"}],"consentOwners":[{"msisdn":"+38640123456"}]}`)
		tok := e.token("inq-demo-1")
		otp := e.login(tok, sms)
		e.advance(29 * time.Second)
		if r := e.do("POST", "/account/consent", body(otp), "Authorization: Bearer "+tok); r.Status != 201 {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
		otp = e.login(tok, sms)
		e.advance(30 * time.Second)
		wantError(t, e.do("POST", "/account/consent", body(otp), "Authorization: Bearer "+tok), 401, "invalid_pin")
	})

	cases := []struct {
		name   string
		auth   string // owner, info, expired, none or a raw header
		login  bool
		after  time.Duration // clock advance after login
		body   string        // OTP placeholder: {otp}
		status int
		sub    string
		query  string
	}{
		{"no provider", "owner", true, 0, `{"otp":"{otp}"}`, 400, "", ""},
		{"empty provider", "owner", true, 0, `{"providerId":"","otp":"{otp}"}`, 400, "", ""},
		{"empty body", "owner", false, 0, `{}`, 400, "", ""},
		{"no body", "owner", false, 0, ``, 400, "", ""},
		{"wrong otp", "owner", true, 0, `{"providerId":"p","otp":"{wrong}"}`, 401, "invalid_pin", ""},
		{"no otp", "owner", true, 0, `{"providerId":"p"}`, 401, "invalid_pin", ""},
		{"no login", "owner", false, 0, `{"providerId":"p","otp":"123456"}`, 401, "invalid_pin", ""},
		{"expired otp", "owner", true, 5 * time.Minute, `{"providerId":"p","otp":"{otp}"}`, 401, "invalid_pin", ""},
		{"no authorization", "none", false, 0, `{"providerId":"p","otp":"123456"}`, 401, "authorization_header_must_be_provided", ""},
		{"unknown token", "Authorization: Bearer nope", false, 0, `{"providerId":"p","otp":"123456"}`, 401, "not_authorized", ""},
		{"expired token", "owner", true, 6 * time.Minute, `{"providerId":"p","otp":"{otp}"}`, 401, "access_token_expired", ""},
		{"token without account_owner", "info", false, 0, `{"providerId":"p","otp":"123456"}`, 401, "invalid_access_scope", ""},
		{"provider not a string", "owner", true, 0, `{"providerId":1,"otp":"{otp}"}`, 400, "", ""},
		{"data not an array", "owner", true, 0, `{"providerId":"p","otp":"{otp}","data":{}}`, 400, "", ""},
		{"body not declared as JSON", "Content-Type: text/plain", false, 0, `{"providerId":"p","otp":"1"}`, 400, "", ""},
		{"bad locale", "owner", true, 0, `{"providerId":"p","otp":"{otp}"}`, 400, "", "?locale=english"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := newEnv(t, cov, "default")
			var hdr []string
			tok := ""
			switch c.auth {
			case "owner":
				tok = e.token("inq-demo-1")
			case "info":
				tok = e.token("inq-demo-info")
			case "none":
			case "Content-Type: text/plain":
				tok = e.token("inq-demo-1")
				hdr = []string{c.auth}
			default:
				hdr = []string{c.auth}
			}
			if tok != "" {
				hdr = append(hdr, "Authorization: Bearer "+tok)
			}
			otp := ""
			if c.login {
				otp = e.login(tok, sms)
			}
			e.advance(c.after)
			b := strings.ReplaceAll(c.body, "{otp}", otp)
			b = strings.ReplaceAll(b, "{wrong}", wrong(otp))
			r := e.do("POST", "/account/consent"+c.query, b, hdr...)
			wantError(t, r, c.status, c.sub)
			if c.status == 400 && c.name != "provider not a string" && c.name != "data not an array" && c.name != "bad locale" && c.name != "body not declared as JSON" && r.str("errorMessage") != missingProvider {
				t.Errorf("errorMessage %q", r.str("errorMessage"))
			}
		})
	}
}

// wrong returns a different OTP of the same length.
func wrong(otp string) string {
	if otp == "" {
		return "000000"
	}
	b := []byte(otp)
	b[0] = '0' + (b[0]-'0'+1)%10
	return string(b)
}
