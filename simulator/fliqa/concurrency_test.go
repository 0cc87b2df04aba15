package fliqa

import (
	"github.com/conformhq/conform/simulator/simtest"
	"net/http"
	"testing"
)

// TestOTPSingleUseUnderConcurrency: an OTP sent to many consent requests at
// once makes exactly one consent, and wrong guesses sent at once burn it
// exactly as the same number sent one after another do (maxOTPAttempts).
func TestOTPSingleUseUnderConcurrency(t *testing.T) {
	const sms = `{"msisdn":"+38640123456"}`
	body := func(otp string) string { return `{"providerId":"demo-bank","otp":"` + otp + `"}` }
	wrongOf := func(otp string) string {
		if otp == "000000" {
			return "111111"
		}
		return "000000"
	}
	cases := []struct {
		name  string
		n     int
		wrong bool        // the n requests guess wrong
		want  map[int]int // status → how many of the n answer it
		after int         // the right OTP's status afterwards (0: not tried)
	}{
		{name: "one OTP used by 20 consents at once makes one consent", n: 20,
			want: map[int]int{http.StatusCreated: 1, http.StatusUnauthorized: 19}, after: http.StatusUnauthorized},
		{name: "20 wrong guesses at once burn it as 5 in a row do", n: 20, wrong: true,
			want: map[int]int{http.StatusUnauthorized: 20}, after: http.StatusUnauthorized},
		{name: "4 wrong guesses at once leave it usable", n: maxOTPAttempts - 1, wrong: true,
			want: map[int]int{http.StatusUnauthorized: maxOTPAttempts - 1}, after: http.StatusCreated},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, nil, "default")
			tok := e.token("inq-demo-1")
			otp := e.login(tok, sms)
			guess := otp
			if tc.wrong {
				guess = wrongOf(otp)
			}
			got := simtest.AtOnce(tc.n, func() int {
				return e.do("POST", "/account/consent", body(guess), "Authorization: Bearer "+tok).Status
			})
			simtest.WantStatuses(t, got, tc.want)
			if r := e.do("POST", "/account/consent", body(otp), "Authorization: Bearer "+tok); r.Status != tc.after {
				t.Errorf("the right OTP afterwards: %d, want %d", r.Status, tc.after)
			}
			e.sb.Lock()
			consents := len(stateOf(e.sb).consents)
			e.sb.Unlock()
			if want := got[http.StatusCreated] + boolInt(tc.after == http.StatusCreated); consents != want {
				t.Errorf("%d consents stored, want %d", consents, want)
			}
		})
	}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
