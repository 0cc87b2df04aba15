package features_test

import (
	"bytes"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/conformhq/conform/internal/provider/all"
	"github.com/conformhq/conform/reports"
	"github.com/conformhq/conform/simulator"
)

// TestSuiteCatchesWeavrMutants: Weavr implementations that break a
// documented behaviour or the shape of their version are failed, by the
// scenarios named.
func TestSuiteCatchesWeavrMutants(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the Weavr suite once per mutant")
	}
	expiry := regexp.MustCompile(`"expiryDate":\d+`)
	tests := []struct {
		name    string
		version string
		mutate  func(r *http.Request, status int, hdr http.Header, body []byte) (int, []byte)
		// wantFailed are substrings of scenario names that must fail.
		wantFailed []string
	}{
		{name: "a challenge survives 6 wrong codes", version: "3.32",
			mutate: func(r *http.Request, status int, hdr http.Header, body []byte) (int, []byte) {
				if strings.HasSuffix(r.URL.Path, "/stepup/challenges/otp/SMS/verify") && status == http.StatusConflict && bytes.Contains(body, []byte("STATE_INVALID")) {
					return http.StatusNoContent, nil
				}
				return status, body
			},
			wantFailed: []string{"never survives one past the limit"}},
		{name: "a challenge survives 6 wrong codes (3.63)", version: "3.63",
			mutate: func(r *http.Request, status int, hdr http.Header, body []byte) (int, []byte) {
				if strings.HasSuffix(r.URL.Path, "/stepup/challenges/otp/SMS/verify") && status == http.StatusConflict && bytes.Contains(body, []byte("CHALLENGE_LIMIT_EXCEEDED")) {
					return http.StatusNoContent, nil
				}
				return status, body
			},
			wantFailed: []string{"never survives one past the limit", "even the right code is then refused"}},
		{name: "expiryDate as a date string", version: "3.32",
			mutate: func(r *http.Request, status int, hdr http.Header, body []byte) (int, []byte) {
				return status, expiry.ReplaceAll(body, []byte(`"expiryDate":"2026-04-05"`))
			},
			wantFailed: []string{"an AUTH token changes the password"}},
		{name: "3.32 identities as 3.63's page", version: "3.32",
			mutate: func(r *http.Request, status int, hdr http.Header, body []byte) (int, []byte) {
				if r.URL.Path == "/weavr/identities" && status == http.StatusOK {
					return status, []byte(`{"identities":` + string(body) + `,"count":1,"responseCount":1}`)
				}
				return status, body
			},
			wantFailed: []string{"an AUTH token lists the user's identity"}},
		{name: "3.63 identities as 3.32's bare array", version: "3.63",
			mutate: func(r *http.Request, status int, hdr http.Header, body []byte) (int, []byte) {
				if r.URL.Path == "/weavr/identities" && status == http.StatusOK {
					if i, j := bytes.IndexByte(body, '['), bytes.LastIndexByte(body, ']'); i >= 0 && j > i {
						return status, body[i : j+1]
					}
				}
				return status, body
			},
			wantFailed: []string{"an AUTH token lists the user's identity", "offset and limit choose a page"}},
		{name: "x-ratelimit-reset missing (3.63)", version: "3.63",
			mutate: func(r *http.Request, status int, hdr http.Header, body []byte) (int, []byte) {
				if status == http.StatusTooManyRequests {
					hdr.Del("x-ratelimit-reset")
				}
				return status, body
			},
			wantFailed: []string{"rate limit"}},
		{name: "x-ratelimit-limit as a bare integer", version: "3.32",
			mutate: func(r *http.Request, status int, hdr http.Header, body []byte) (int, []byte) {
				if l := hdr.Get("x-ratelimit-limit"); l != "" {
					hdr.Set("x-ratelimit-limit", "x"+l)
				}
				return status, body
			},
			wantFailed: []string{"rate limit"}},
		{name: "3.63 403 without its body", version: "3.63",
			mutate: func(r *http.Request, status int, hdr http.Header, body []byte) (int, []byte) {
				if status == http.StatusForbidden {
					return status, nil
				}
				return status, body
			},
			wantFailed: []string{"an AUTH token is forbidden where an ACCESS token is needed"}},
		{name: "the 4th wrong code does not warn (3.63)", version: "3.63",
			mutate: func(r *http.Request, status int, hdr http.Header, body []byte) (int, []byte) {
				return status, bytes.Replace(body, []byte("ONE_CHALLENGE_LIMIT_REMAINING"), []byte("VERIFICATION_CODE_INVALID"), 1)
			},
			wantFailed: []string{"the wrong code before the last attempt warns"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sim, err := simulator.New(simulator.Options{Providers: all.Providers().Simulators()})
			if err != nil {
				t.Fatal(err)
			}
			run := runVersion(t, served(t, mutant(sim, tt.mutate)), "weavr", tt.version)
			var failed []string
			for _, f := range run.Features {
				for _, s := range f.Scenarios {
					if s.Outcome == reports.Failed {
						failed = append(failed, s.Name)
					}
				}
			}
			for _, want := range tt.wantFailed {
				if !slices.ContainsFunc(failed, func(name string) bool { return strings.Contains(name, want) }) {
					t.Errorf("no failed scenario named like %q; failed: %q", want, failed)
				}
			}
			t.Logf("%d scenarios failed", len(failed))
		})
	}
}
