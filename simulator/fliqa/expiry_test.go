package fliqa

import (
	"net/http"
	"testing"
	"time"
)

// held is what the sandbox's Fliqa state holds: tokens and pending OTPs.
func (e *env) held() (tokens, otps int) {
	e.sb.Lock()
	defer e.sb.Unlock()
	s := stateOf(e.sb)
	return len(s.tokens), len(s.otps)
}

func TestExpiryCollects(t *testing.T) {
	const sms = `{"msisdn":"+38640123456"}`
	cases := []struct {
		name    string
		advance time.Duration // after 20 tokens, each with an OTP
		tokens  int           // held after 10 more token requests
		otps    int
		oldSub  string // answer to an old token's login
	}{
		{name: "live tokens and codes are kept", advance: time.Minute, tokens: 30, otps: 20, oldSub: ""},
		{name: "expired codes are collected, tokens remembered", advance: 5*time.Minute + 30*time.Second, tokens: 30, otps: 0, oldSub: ""},
		{name: "expired tokens are remembered for a day", advance: 23 * time.Hour, tokens: 30, otps: 0, oldSub: "access_token_expired"},
		{name: "then forgotten with their codes", advance: 25 * time.Hour, tokens: 10, otps: 0, oldSub: "not_authorized"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, nil, "default")
			var old []string
			for range 20 {
				tok := e.token("inq-demo-1")
				e.login(tok, sms)
				old = append(old, tok)
			}
			e.advance(tc.advance)
			for range 10 {
				e.token("inq-demo-1")
			}
			if n, o := e.held(); n != tc.tokens || o != tc.otps {
				t.Errorf("holds %d tokens and %d codes, want %d and %d", n, o, tc.tokens, tc.otps)
			}
			r := e.do("POST", "/account/login", sms, "Authorization: Bearer "+old[0])
			if tc.oldSub == "" {
				if r.Status != http.StatusOK {
					t.Errorf("an old token's login: %d %s, want 200", r.Status, r.Body)
				}
				return
			}
			wantError(t, r, http.StatusUnauthorized, tc.oldSub)
		})
	}
}

// TestRegression_ExpiredConsentsAreForgotten: a sandbox kept every consent
// it ever created (found by make soak); a consent is now forgotten a day
// after its 90 days of validity, like a token.
func TestRegression_ExpiredConsentsAreForgotten(t *testing.T) {
	cases := []struct {
		name    string
		advance time.Duration
		held    int // consents held after one more request
	}{
		{name: "valid consents are kept", advance: consentValidity - time.Hour, held: 3},
		{name: "expired ones a day longer", advance: consentValidity + tokenKept - time.Minute, held: 3},
		{name: "then forgotten", advance: consentValidity + tokenKept, held: 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, nil, "default")
			for range 3 {
				tok := e.token("inq-demo-1")
				otp := e.login(tok, `{"msisdn":"+38640123456"}`)
				r := e.do("POST", "/account/consent", `{"providerId":"demo-bank","otp":"`+otp+`","msisdn":"+38640123456"}`, "Authorization: Bearer "+tok)
				if r.Status != http.StatusCreated {
					t.Fatalf("consent: %d %s", r.Status, r.Body)
				}
			}
			e.advance(tc.advance)
			e.token("inq-demo-1")
			e.sb.Lock()
			got := len(stateOf(e.sb).consents)
			e.sb.Unlock()
			if got != tc.held {
				t.Errorf("holds %d consents, want %d", got, tc.held)
			}
		})
	}
}
