package features_test

import (
	"bytes"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
)

// TestSuiteCatchesFliqaMutants runs the whole suite against deployments
// that each break one Fliqa rule the contract makes law (API.md v2, Fliqa
// account API), and checks that the scenarios made for it fail.
func TestSuiteCatchesFliqaMutants(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the whole suite once per mutant")
	}
	tests := []struct {
		name   string
		mutate func() func(r *http.Request, status int, hdr http.Header, body []byte) (int, []byte)
		// wantFailed are fragments of the names of scenarios that must fail.
		wantFailed []string
	}{
		{
			name: "consent scope as an array",
			mutate: stateless(func(r *http.Request, status int, hdr http.Header, body []byte) (int, []byte) {
				if status != http.StatusCreated {
					return status, body
				}
				return status, regexp.MustCompile(`"scope":("[a-z]+")`).ReplaceAll(body, []byte(`"scope":[$1]`))
			}),
			wantFailed: []string{"creates an initiated consent for the phone number", "creates an initiated consent for the e-mail address"},
		},
		{
			name: "consent without consentId",
			mutate: stateless(func(r *http.Request, status int, hdr http.Header, body []byte) (int, []byte) {
				if status != http.StatusCreated {
					return status, body
				}
				return status, regexp.MustCompile(`"consentId":"[^"]*",?`).ReplaceAll(body, nil)
			}),
			wantFailed: []string{"creates an initiated consent for the phone number", "creates an initiated consent for the e-mail address"},
		},
		{
			// A deployment that ignores the providerId asked for (a sandbox
			// with one bank baked in): the scenario's own provider is not the
			// consent's.
			name: "consent for another provider than asked",
			mutate: stateless(func(r *http.Request, status int, hdr http.Header, body []byte) (int, []byte) {
				if status != http.StatusCreated {
					return status, body
				}
				return status, regexp.MustCompile(`"providerId":"[^"]*"`).ReplaceAll(body, []byte(`"providerId":"demo-bank"`))
			}),
			wantFailed: []string{"creates an initiated consent for the phone number"},
		},
		{
			name:       "an OTP accepted twice",
			mutate:     otpAcceptedTwice,
			wantFailed: []string{"a one-time password works only once"},
		},
		{
			name: "requestId not 32 hex digits",
			mutate: stateless(func(r *http.Request, status int, hdr http.Header, body []byte) (int, []byte) {
				return status, regexp.MustCompile(`"requestId":"([0-9a-f]{8})([0-9a-f]{4})([0-9a-f]{4})([0-9a-f]{4})([0-9a-f]{12})"`).
					ReplaceAll(body, []byte(`"requestId":"$1-$2-$3-$4-$5"`))
			}),
			wantFailed: []string{"is in Fliqa's error format", "every request gets its own request id"},
		},
		{
			name: "documentationUrl of another errorCode",
			mutate: stateless(func(r *http.Request, status int, hdr http.Header, body []byte) (int, []byte) {
				return status, bytes.ReplaceAll(body, []byte(`/api/errors/unauthorized`), []byte(`/api/errors/other`))
			}),
			wantFailed: []string{"names its documentation page by errorCode"},
		},
		{
			name: "a consent created in another status",
			mutate: stateless(func(r *http.Request, status int, hdr http.Header, body []byte) (int, []byte) {
				return status, bytes.ReplaceAll(body, []byte(`"status":"initiated"`), []byte(`"status":"valid"`))
			}),
			wantFailed: []string{"creates an initiated consent"},
		},
		{
			name: "an unknown inquiry answered with an undocumented 404",
			mutate: stateless(func(r *http.Request, status int, hdr http.Header, body []byte) (int, []byte) {
				if status != http.StatusForbidden || !strings.Contains(r.URL.Path, "/no-such-inquiry-") {
					return status, body
				}
				return http.StatusNotFound, bytes.ReplaceAll(body, []byte(`forbidden`), []byte(`not_found`))
			}),
			wantFailed: []string{"a token for an unknown inquiry is refused"},
		},
		{
			name: "an unknown inquiry answered outside Fliqa's error format",
			mutate: stateless(func(r *http.Request, status int, hdr http.Header, body []byte) (int, []byte) {
				if status != http.StatusForbidden || !strings.Contains(r.URL.Path, "/no-such-inquiry-") {
					return status, body
				}
				return status, []byte(`{"message":"forbidden"}`)
			}),
			wantFailed: []string{"a token for an unknown inquiry is refused"},
		},
		{
			name: "401s with errorCode forbidden",
			mutate: stateless(func(r *http.Request, status int, hdr http.Header, body []byte) (int, []byte) {
				if status != http.StatusUnauthorized {
					return status, body
				}
				return status, bytes.ReplaceAll(body, []byte(`unauthorized`), []byte(`forbidden`))
			}),
			wantFailed: []string{"a one-time password works only once", "names its documentation page by errorCode"},
		},
		{
			name: "consent data not kept",
			mutate: stateless(func(r *http.Request, status int, hdr http.Header, body []byte) (int, []byte) {
				if status != http.StatusCreated {
					return status, body
				}
				return status, regexp.MustCompile(`"data":\[[^\]]*\]`).ReplaceAll(body, []byte(`"data":[]`))
			}),
			wantFailed: []string{"keeps the internal data given with it"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkMutant(t, "fliqa", tt.mutate(), tt.wantFailed...)
		})
	}
}

// stateless wraps a mutation that needs no memory of earlier answers; it
// applies to Fliqa's answers only, so that another provider's answer that
// happens to look alike is never changed.
func stateless(m func(r *http.Request, status int, hdr http.Header, body []byte) (int, []byte)) func() func(*http.Request, int, http.Header, []byte) (int, []byte) {
	return func() func(*http.Request, int, http.Header, []byte) (int, []byte) {
		return func(r *http.Request, status int, hdr http.Header, body []byte) (int, []byte) {
			if !strings.HasPrefix(r.URL.Path, "/fliqa/") {
				return status, body
			}
			return m(r, status, hdr, body)
		}
	}
}

// otpAcceptedTwice is a deployment that forgets to consume an OTP: once a
// consent was created with an access token's OTP, a later invalid_pin for
// the same token is answered with that consent again.
func otpAcceptedTwice() func(r *http.Request, status int, hdr http.Header, body []byte) (int, []byte) {
	var mu sync.Mutex
	created := map[string][]byte{} // by Authorization header
	return func(r *http.Request, status int, hdr http.Header, body []byte) (int, []byte) {
		if !strings.HasSuffix(r.URL.Path, "/fliqa/account/consent") {
			return status, body
		}
		auth := r.Header.Get("Authorization")
		mu.Lock()
		defer mu.Unlock()
		switch {
		case status == http.StatusCreated:
			created[auth] = bytes.Clone(body)
		case status == http.StatusUnauthorized && bytes.Contains(body, []byte(`"invalid_pin"`)) && created[auth] != nil:
			return http.StatusCreated, created[auth]
		}
		return status, body
	}
}
