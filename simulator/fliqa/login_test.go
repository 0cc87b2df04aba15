package fliqa

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

func testLogin(t *testing.T, cov *coverage) {
	// Each case gets a token for inq-demo-1 ("owner") or inq-demo-info
	// ("info"), or sends the auth header as given.
	cases := []struct {
		name    string
		auth    string // "owner", "info", "expired", "none", or a raw header
		query   string
		body    string
		status  int
		sub     string
		channel string // for 200: the outbox channel and recipient
		to      string
	}{
		{"sms", "owner", "", `{"msisdn":"+38640123456"}`, 200, "", "sms", "+38640123456"},
		{"sms formatted number", "owner", "?locale=en", `{"msisdn":"+386 40 123 456"}`, 200, "", "sms", "+38640123456"},
		{"email", "owner", "", `{"email":"owner@example.com"}`, 200, "", "email", "owner@example.com"},
		{"email in capitals", "owner", "", `{"email":"Owner@Example.COM"}`, 200, "", "email", "owner@example.com"},
		{"both: the phone decides", "owner", "", `{"msisdn":"+38640123456","email":"not an email"}`, 200, "", "sms", "+38640123456"},
		{"empty msisdn falls to email", "owner", "", `{"msisdn":"","email":"owner@example.com"}`, 200, "", "email", "owner@example.com"},
		{"extra fields are ignored", "owner", "", `{"msisdn":"+38640123456","x":1}`, 200, "", "sms", "+38640123456"},

		{"neither", "owner", "", `{}`, 400, "email_or_phone_number_required", "", ""},
		{"both empty", "owner", "", `{"msisdn":"","email":""}`, 400, "email_or_phone_number_required", "", ""},
		{"no body", "owner", "", ``, 400, "email_or_phone_number_required", "", ""},
		{"no plus", "owner", "", `{"msisdn":"38640123456"}`, 400, "phone_number_start_with_plus_and_country", "", ""},
		{"national format", "owner", "", `{"msisdn":"040 123 456"}`, 400, "phone_number_start_with_plus_and_country", "", ""},
		{"unknown country code", "owner", "", `{"msisdn":"+999123456"}`, 400, "could_not_interpret_numbers_after_plus", "", ""},
		{"letters", "owner", "", `{"msisdn":"+abc"}`, 400, "supplied_string_not_phone_number", "", ""},
		{"plus alone", "owner", "", `{"msisdn":"+"}`, 400, "supplied_string_not_phone_number", "", ""},
		{"too short", "owner", "", `{"msisdn":"+441"}`, 400, "string_supplied_too_short_to_be_phone_number", "", ""},
		{"national number too long", "owner", "", `{"msisdn":"+44123456789012345678"}`, 400, "string_supplied_too_long_to_be_phone_number", "", ""},
		{"too long to parse", "owner", "", `{"msisdn":"+` + strings.Repeat("1", 250) + `"}`, 400, "string_supplied_was_too_long_to_parse", "", ""},
		{"250 characters still parse", "owner", "", `{"msisdn":"+` + strings.Repeat("1", 249) + `"}`, 400, "string_supplied_too_long_to_be_phone_number", "", ""},
		{"invalid number", "owner", "", `{"msisdn":"+4412"}`, 400, "phone_number_invalid", "", ""},
		{"invalid number of a valid country", "owner", "", `{"msisdn":"+447700900123"}`, 400, "phone_number_invalid", "", ""},
		{"email without at", "owner", "", `{"email":"owner.example.com"}`, 400, "email_invalid", "", ""},
		{"email with a name", "owner", "", `{"email":"Owner <owner@example.com>"}`, 400, "email_invalid", "", ""},
		{"email without a dotted domain", "owner", "", `{"email":"owner@localhost"}`, 400, "email_invalid", "", ""},
		{"bad locale", "owner", "?locale=EN", `{"msisdn":"+38640123456"}`, 400, "", "", ""},
		{"msisdn not a string", "owner", "", `{"msisdn":38640123456}`, 400, "", "", ""},
		{"body not JSON", "owner", "", `msisdn=+38640123456`, 400, "", "", ""},
		{"body not declared as JSON", "owner", "", `{"msisdn":"+38640123456"}` + "\x00Content-Type: application/x-www-form-urlencoded", 400, "", "", ""},

		{"no authorization", "none", "", `{"msisdn":"+38640123456"}`, 401, "authorization_header_must_be_provided", "", ""},
		{"basic authorization", "Authorization: Basic Zm9vOmJhcg==", "", `{"msisdn":"+38640123456"}`, 401, "authorization_header_must_be_provided", "", ""},
		{"unknown token", "Authorization: Bearer nope", "", `{"msisdn":"+38640123456"}`, 401, "not_authorized", "", ""},
		{"expired token", "expired", "", `{"msisdn":"+38640123456"}`, 401, "access_token_expired", "", ""},
		{"token without account_owner", "info", "", `{"msisdn":"+38640123456"}`, 401, "invalid_access_scope", "", ""},
		{"phone not registered", "owner", "", `{"msisdn":"+14155552671"}`, 401, "phone_or_email_not_registered", "", ""},
		{"email not registered", "owner", "", `{"email":"someone@example.com"}`, 401, "phone_or_email_not_registered", "", ""},
		{"auth before validation", "none", "", `not json`, 401, "authorization_header_must_be_provided", "", ""},
		{"auth before validation, unknown token", "Authorization: Bearer nope", "?locale=1", `[]`, 401, "not_authorized", "", ""},
		{"auth before validation, expired", "expired", "", `[]`, 401, "access_token_expired", "", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := newEnv(t, cov, "default")
			var hdr []string
			switch c.auth {
			case "owner":
				hdr = []string{"Authorization: Bearer " + e.token("inq-demo-1")}
			case "info":
				hdr = []string{"Authorization: Bearer " + e.token("inq-demo-info")}
			case "expired":
				hdr = []string{"Authorization: Bearer " + e.token("inq-demo-1")}
				e.advance(360 * time.Second)
			case "none":
			default:
				hdr = []string{c.auth}
			}
			// A header to add may follow the body after a NUL.
			b, extra, _ := strings.Cut(c.body, "\x00")
			if extra != "" {
				hdr = append(hdr, extra)
			}
			r := e.do("POST", "/account/login"+c.query, b, hdr...)
			msgs := e.sb.Outbox.List(Name, "", "")
			if c.status != http.StatusOK {
				wantError(t, r, c.status, c.sub)
				if len(msgs) != 0 {
					t.Errorf("a refused login sent %d messages", len(msgs))
				}
				if c.sub == "phone_or_email_not_registered" && r.str("resourceId") != "inq-demo-1" {
					t.Errorf("resourceId %q", r.str("resourceId"))
				}
				return
			}
			if r.Status != 200 {
				t.Fatalf("status %d: %s", r.Status, r.Body)
			}
			if n, _ := r.JSON["otpLength"].(float64); n != 6 {
				t.Errorf("otpLength %v", r.JSON["otpLength"])
			}
			if len(msgs) != 1 {
				t.Fatalf("%d messages sent", len(msgs))
			}
			m := msgs[0]
			if m.Channel != c.channel || m.Recipient != c.to || len(m.OTP) != 6 || !strings.Contains(m.Text, m.OTP) || !m.SentAt.Equal(t0) {
				t.Errorf("message %+v", m)
			}
		})
	}

	t.Run("token valid until just before expiry", func(t *testing.T) {
		e := newEnv(t, cov, "default")
		tok := e.token("inq-demo-1")
		e.advance(359 * time.Second)
		if r := e.do("POST", "/account/login", `{"msisdn":"+38640123456"}`, "Authorization: Bearer "+tok); r.Status != 200 {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
	})

	t.Run("locales", func(t *testing.T) {
		for _, c := range []struct{ locale, word string }{
			{"", "verification code"}, {"en", "verification code"}, {"sl", "koda"}, {"de", "Bestätigungscode"},
			{"hr", "kod za potvrdu"}, {"xx", "verification code"},
		} {
			e := newEnv(t, cov, "default")
			q := ""
			if c.locale != "" {
				q = "?locale=" + c.locale
			}
			e.do("POST", "/account/login"+q, `{"email":"owner@example.com"}`, "Authorization: Bearer "+e.token("inq-demo-1"))
			msgs := e.sb.Outbox.List(Name, "email", "owner@example.com")
			if len(msgs) != 1 || !strings.Contains(msgs[0].Text, c.word) || !strings.Contains(strings.ToLower(msgs[0].Text), "5 min") {
				t.Errorf("locale %q: %+v", c.locale, msgs)
			}
		}
	})

	t.Run("otp length from fixtures", func(t *testing.T) {
		e := newEnv(t, cov, `{"apiKey":"fliqa-demo-key","apiSecret":"fliqa-demo-secret","otpLength":8,"inquiries":[{"id":"inq-demo-1"}],"consentOwners":[{"msisdn":"+38640123456"}]}`)
		r := e.do("POST", "/account/login", `{"msisdn":"+38640123456"}`, "Authorization: Bearer "+e.token("inq-demo-1"))
		if n, _ := r.JSON["otpLength"].(float64); n != 8 {
			t.Errorf("otpLength %v", r.JSON["otpLength"])
		}
		if m := e.sb.Outbox.List(Name, "sms", ""); len(m) != 1 || len(m[0].OTP) != 8 {
			t.Errorf("messages %+v", m)
		}
	})

	t.Run("owner with both phone and email", func(t *testing.T) {
		e := newEnv(t, cov, `{"apiKey":"fliqa-demo-key","apiSecret":"fliqa-demo-secret","inquiries":[{"id":"inq-demo-1"}],"consentOwners":[{"msisdn":"+44 7911 123456","email":"both@example.com"}]}`)
		tok := e.token("inq-demo-1")
		if r := e.do("POST", "/account/login", `{"msisdn":"+447911123456"}`, "Authorization: Bearer "+tok); r.Status != 200 {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
		if r := e.do("POST", "/account/login", `{"email":"both@example.com"}`, "Authorization: Bearer "+tok); r.Status != 200 {
			t.Fatalf("%d %s", r.Status, r.Body)
		}
		if len(e.sb.Outbox.List(Name, "sms", "+447911123456")) != 1 || len(e.sb.Outbox.List(Name, "email", "both@example.com")) != 1 {
			t.Errorf("outbox %+v", e.sb.Outbox.List("", "", ""))
		}
	})
}
