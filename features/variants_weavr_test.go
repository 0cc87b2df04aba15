package features_test

import (
	"bytes"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/conformhq/conform/internal/provider/all"
	"github.com/conformhq/conform/reports"
	"github.com/conformhq/conform/simulator"
)

// weavrVariants are answers Weavr's references allow that differ from the
// simulator's (reference/weavr/README.md): each must pass the whole suite.
func weavrVariants() []variant {
	errorBody := regexp.MustCompile(`^\{"code":"[^"]*","message":("[^"]*")\}$`)
	return []variant{
		{name: "weavr: a rate-limit policy with several windows", provider: "weavr",
			// [C:1196]: the limit exceeded, then every limit in force.
			rewrite: func(r *http.Request, status int, hdr http.Header, body []byte) (int, []byte) {
				if l := hdr.Get("x-ratelimit-limit"); status == http.StatusTooManyRequests && l != "" {
					hdr.Set("x-ratelimit-limit", l+", 1000;w=3600, 10000;w=86400")
				}
				return status, body
			}},
		{name: "weavr: STATE_INVALID for a challenge already verified (3.63's enum has both)", provider: "weavr",
			rewrite: func(r *http.Request, status int, hdr http.Header, body []byte) (int, []byte) {
				if status == http.StatusConflict {
					return status, bytes.Replace(body, []byte(`"ALREADY_VERIFIED"`), []byte(`"STATE_INVALID"`), 1)
				}
				return status, body
			}},
		{name: "weavr: Error bodies without their optional code", provider: "weavr",
			// Error {code, message} requires nothing [C:4575].
			rewrite: func(r *http.Request, status int, hdr http.Header, body []byte) (int, []byte) {
				if m := errorBody.FindSubmatch(body); m != nil {
					return status, []byte(`{"message":` + string(m[1]) + `}`)
				}
				return status, body
			}},
		{name: "weavr: headers the reference does not declare, request-ref everywhere", provider: "weavr",
			rewrite: func(r *http.Request, status int, hdr http.Header, body []byte) (int, []byte) {
				hdr.Set("x-weavr-trace", "variant")
				if hdr.Get("request-ref") == "" && !strings.Contains(r.URL.Path, "/simulate/") {
					hdr.Set("request-ref", "variant-ref")
				}
				return status, body
			}},
		{name: "weavr: a password that never expires (expiryDate 0)", provider: "weavr",
			// passwordInfo.expiryDate: 0 means never expires [C:6074].
			rewrite: func(r *http.Request, status int, hdr http.Header, body []byte) (int, []byte) {
				return status, regexp.MustCompile(`"expiryDate":\d+`).ReplaceAll(body, []byte(`"expiryDate":0`))
			}},
	}
}

// TestWeavr332PassesFaithfulVariants is TestSuitePassesFaithfulVariants/weavr
// for version 3.32, which that test (run at each provider's default, 3.63)
// does not reach.
func TestWeavr332PassesFaithfulVariants(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the whole Weavr suite through a proxy")
	}
	sim, err := simulator.New(simulator.Options{Providers: all.Providers().Simulators()})
	if err != nil {
		t.Fatal(err)
	}
	variants := append(genericVariants(), weavrVariants()...)
	run := runVersion(t, served(t, faithful(sim, variants)), "weavr", "3.32")
	total := reports.CountScenarios(run)
	if total.Scenarios == 0 {
		t.Fatal("no scenario ran")
	}
	for _, f := range run.Features {
		for _, s := range f.Scenarios {
			if s.Outcome == reports.Failed {
				t.Errorf("false alarm: %s:%d %q: %s", f.URI, s.Line, s.Name, run.Secrets.String(s.Reason))
			}
		}
	}
	t.Logf("%d scenarios through %d variants: %d passed", total.Scenarios, len(variants), total.Passed)
}
