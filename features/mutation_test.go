package features_test

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/conformhq/conform/internal/provider/all"
	"github.com/conformhq/conform/reports"
	"github.com/conformhq/conform/simulator"
)

// mutant serves the simulator but rewrites some of its answers, the way a
// non-conforming implementation would answer.
func mutant(h http.Handler, mutate func(r *http.Request, status int, hdr http.Header, body []byte) (int, []byte)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// The request body is kept, so that a rewrite may read what was
		// asked (a variant that checks a password's rules first).
		var sent []byte
		if r.Body != nil {
			sent, _ = io.ReadAll(r.Body)
			r.Body = io.NopCloser(bytes.NewReader(sent))
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		r.Body = io.NopCloser(bytes.NewReader(sent))
		status, body := mutate(r, rec.Code, rec.Header(), rec.Body.Bytes())
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.Header().Del("Content-Length")
		w.WriteHeader(status)
		_, _ = w.Write(body)
	})
}

var expiresAt = regexp.MustCompile(`"expires_at":(\d+)`)

// TestSuiteCatchesNonConformingImplementations runs the whole suite against
// implementations that each break one promise of the contract, most of them
// without breaking the spec's schemas, and checks that the scenarios made
// for that promise fail, and only scenarios of that provider.
func TestSuiteCatchesNonConformingImplementations(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the whole suite once per mutant")
	}
	tests := []struct {
		name     string
		provider string
		mutate   func(r *http.Request, status int, hdr http.Header, body []byte) (int, []byte)
		// wantFailed are substrings of scenario names that must fail.
		wantFailed []string
	}{
		{
			name: "weavr never locks credentials", provider: "weavr",
			mutate: func(r *http.Request, status int, hdr http.Header, body []byte) (int, []byte) {
				if status == http.StatusLocked {
					return http.StatusForbidden, body
				}
				return status, body
			},
			wantFailed: []string{"consecutive failed logins lock the credentials at the lockout threshold"},
		},
		{
			name: "weavr 429 without its reset header", provider: "weavr",
			mutate: func(r *http.Request, status int, hdr http.Header, body []byte) (int, []byte) {
				if status == http.StatusTooManyRequests {
					hdr.Del("x-ratelimit-reset")
				}
				return status, body
			},
			wantFailed: []string{"rate limit"},
		},
		{
			name: "weavr login says ACCESS", provider: "weavr",
			mutate: func(r *http.Request, status int, hdr http.Header, body []byte) (int, []byte) {
				return status, bytes.Replace(body, []byte(`"tokenType":"AUTH"`), []byte(`"tokenType":"ACCESS"`), 1)
			},
			wantFailed: []string{"the right e-mail and password give an AUTH token"},
		},
		{
			name: "fliqa requestId never changes", provider: "fliqa",
			mutate: func(r *http.Request, status int, hdr http.Header, body []byte) (int, []byte) {
				return status, regexp.MustCompile(`"requestId":"[0-9a-f]{32}"`).ReplaceAll(body, []byte(`"requestId":"0123456789abcdef0123456789abcdef"`))
			},
			wantFailed: []string{"every request gets its own request id"},
		},
		{
			name: "fiskil goa-error header disagrees with the body", provider: "fiskil",
			mutate: func(r *http.Request, status int, hdr http.Header, body []byte) (int, []byte) {
				if hdr.Get("goa-error") != "" {
					hdr.Set("goa-error", "fault")
				}
				return status, body
			},
			wantFailed: []string{"goa's"},
		},
		{
			name: "fiskil sessions expire after 4 days", provider: "fiskil",
			mutate: func(r *http.Request, status int, hdr http.Header, body []byte) (int, []byte) {
				return status, expiresAt.ReplaceAllFunc(body, func(m []byte) []byte {
					n, _ := strconv.ParseInt(string(expiresAt.FindSubmatch(m)[1]), 10, 64)
					return []byte(`"expires_at":` + strconv.FormatInt(n-24*3600, 10))
				})
			},
			wantFailed: []string{"needs nothing but the end user"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkMutant(t, tt.provider, tt.mutate, tt.wantFailed...)
		})
	}
}

// checkMutant runs provider's scenarios against the simulator whose
// answers on that provider's API mutate rewrites (a non-conforming
// implementation of provider; the other providers and the control API are
// left as they are) and checks that scenarios named like each of wantFailed
// fail. Only that provider's scenarios run: the mutation cannot reach the
// others, and the whole suite per mutant would not fit the test's time.
func checkMutant(t *testing.T, provider string, mutate func(r *http.Request, status int, hdr http.Header, body []byte) (int, []byte), wantFailed ...string) {
	t.Helper()
	sim, err := simulator.New(simulator.Options{Providers: all.Providers().Simulators()})
	if err != nil {
		t.Fatal(err)
	}
	confined := func(r *http.Request, status int, hdr http.Header, body []byte) (int, []byte) {
		if !strings.HasPrefix(r.URL.Path, "/"+provider+"/") {
			return status, body
		}
		return mutate(r, status, hdr, body)
	}
	run := runProviders(t, served(t, mutant(sim, confined)), provider)
	var failed []string
	for _, f := range run.Features {
		for _, s := range f.Scenarios {
			if s.Outcome == reports.Failed {
				failed = append(failed, s.Name)
			}
		}
	}
	for _, want := range wantFailed {
		if !slices.ContainsFunc(failed, func(name string) bool { return strings.Contains(name, want) }) {
			t.Errorf("no failed scenario named like %q; failed: %q", want, failed)
		}
	}
	t.Logf("%d scenarios failed", len(failed))
}
