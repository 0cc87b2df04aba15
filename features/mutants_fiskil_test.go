package features_test

import (
	"bytes"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestSuiteCatchesFiskilMutants runs the whole suite against Fiskil
// implementations that each break one documented promise while staying
// within the spec's schemas, and checks that the scenarios made for it fail.
func TestSuiteCatchesFiskilMutants(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the whole suite once per mutant")
	}
	tests := []struct {
		name   string
		mutate func(r *http.Request, status int, hdr http.Header, body []byte) (int, []byte)
		// wantFailed are substrings of scenario names that must fail.
		wantFailed []string
	}{
		{
			name: "goa-error header disagrees with the body's name on every error",
			mutate: func(r *http.Request, status int, hdr http.Header, body []byte) (int, []byte) {
				if status >= 400 && strings.HasPrefix(r.URL.Path, "/fiskil/") {
					hdr.Set("goa-error", "fault")
				}
				return status, body
			},
			wantFailed: []string{"goa's built-in missing_field", "goa's declared error unauthorized", "goa's decode_payload"},
		},
		{
			name: "consent page redirects to cancel_uri without error_type",
			mutate: func(r *http.Request, status int, hdr http.Header, body []byte) (int, []byte) {
				editLocation(hdr, func(q url.Values) { q.Del("error_type") })
				return status, body
			},
			wantFailed: []string{"with error_type CONSENT_ENDUSER_DENIED", "with error_type CONSENT_OTP_FAILURE", "CONSENT_TIMEOUT"},
		},
		{
			name: "a session is usable twice",
			mutate: func(r *http.Request, status int, hdr http.Header, body []byte) (int, []byte) {
				if loc := hdr.Get("Location"); strings.Contains(loc, "AUTH_SESSION_INVALID") {
					hdr.Set("Location", "https://acme.example/success?consent_id=again")
				}
				if bytes.Contains(body, []byte(`"errorType":"AUTH_SESSION_INVALID"`)) {
					body = []byte(`<script id="fiskil-link-message" type="application/json">{"isCompleted":true,"consentID":"again"}</script>`)
				}
				return status, body
			},
			wantFailed: []string{"a session is single use", "a used session cannot be approved a second time", "a used session in the iframe"},
		},
		{
			name: "auth_url without sess_id",
			mutate: func(r *http.Request, status int, hdr http.Header, body []byte) (int, []byte) {
				if strings.HasSuffix(r.URL.Path, "/v1/auth/session") {
					body = bytes.ReplaceAll(body, []byte("?sess_id="), []byte("?session="))
				}
				return status, body
			},
			wantFailed: []string{"an auth session is created with a consent page URL", "may ask for permissions", "an end user who approves is sent to redirect_uri"},
		},
		{
			name: "the framed page completes without a consentID",
			mutate: func(r *http.Request, status int, hdr http.Header, body []byte) (int, []byte) {
				return status, bytes.Replace(body, []byte(`"consentID":`), []byte(`"consentId":`), 1)
			},
			wantFailed: []string{"posts a completed consent"},
		},
		{
			name: "a denial reported as a server_error",
			mutate: func(r *http.Request, status int, hdr http.Header, body []byte) (int, []byte) {
				editLocation(hdr, func(q url.Values) {
					if q.Get("error_type") == "CONSENT_ENDUSER_DENIED" {
						q.Set("error", "server_error")
					}
				})
				return status, body
			},
			wantFailed: []string{"an end user who denies is sent to cancel_uri"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkMutant(t, "fiskil", tt.mutate, tt.wantFailed...)
		})
	}
}

// editLocation rewrites the query of a redirect's Location, if any.
func editLocation(hdr http.Header, edit func(url.Values)) {
	loc := hdr.Get("Location")
	if loc == "" {
		return
	}
	u, err := url.Parse(loc)
	if err != nil {
		return
	}
	q := u.Query()
	edit(q)
	u.RawQuery = q.Encode()
	hdr.Set("Location", u.String())
}
