package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/conformhq/conform/internal/provider/all"
	"github.com/conformhq/conform/reports"
	"github.com/conformhq/conform/simulator"
)

// otpOutboxEnv names the variable that turns this test binary into the
// vendor's OTP command (see TestMain): it holds the deployment's own outbox
// URL, which the vendor's SMS and e-mail gateway would stand for.
const otpOutboxEnv = "CONFORM_TEST_VENDOR_OUTBOX"

func TestMain(m *testing.M) {
	if u := os.Getenv(otpOutboxEnv); u != "" {
		os.Exit(printLastOTP(u, os.Getenv("CONFORM_OTP_RECIPIENT"), os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// printLastOTP is the vendor's OTP command: it prints the last OTP its
// gateway sent to the recipient.
func printLastOTP(outbox, recipient string, stdout, stderr io.Writer) int {
	if recipient == "" {
		fmt.Fprintln(stderr, "CONFORM_OTP_RECIPIENT is not set")
		return 2
	}
	resp, err := http.Get(outbox + "?recipient=" + url.QueryEscape(recipient))
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	defer resp.Body.Close()
	var out struct {
		Messages []struct {
			OTP string `json:"otp"`
		} `json:"messages"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || resp.StatusCode != http.StatusOK {
		fmt.Fprintf(stderr, "outbox: %d %v\n", resp.StatusCode, err)
		return 1
	}
	if len(out.Messages) == 0 {
		fmt.Fprintln(stderr, "no message to", recipient)
		return 1
	}
	fmt.Fprintln(stdout, out.Messages[len(out.Messages)-1].OTP)
	return 0
}

// vendorDeployment is a vendor's staging deployment as conform sees it:
// the simulator, filled from testdata/vendor/deployment.yaml, behind a
// proxy that serves each provider in a layout of its own (Weavr's as its
// sandbox does: …/multi and …/simulate/api), hides conform's control API,
// and tells the simulator its public host (X-Forwarded-Host) so that
// Fiskil's consent links lead back through it.
type vendorDeployment struct {
	proxy  *httptest.Server
	outbox string // the default sandbox's outbox, for the OTP command only
	// chaos is the deployment's fault hook: the default sandbox's faults
	// (conform's control API, reached beside the proxy, which hides it),
	// behind a bearer token as a vendor's own would be.
	chaos *httptest.Server
}

// vendorChaosToken authorises the deployment's fault hook.
const vendorChaosToken = "vendor-chaos-token"

func newVendorDeployment(t *testing.T, shortTimings bool) *vendorDeployment {
	t.Helper()
	doc, err := os.ReadFile(filepath.Join("testdata", "vendor", "deployment.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if !shortTimings {
		// The contract's timings: a config that declares none expects them.
		var kept []string
		for _, l := range strings.Split(string(doc), "\n") {
			if !strings.HasPrefix(strings.TrimSpace(l), "timings:") {
				kept = append(kept, l)
			}
		}
		doc = []byte(strings.Join(kept, "\n"))
	}
	sim, err := simulator.New(simulator.Options{Providers: all.Providers().Simulators(), Fixtures: doc})
	if err != nil {
		t.Fatalf("the deployment's fixtures: %v", err)
	}
	backend := httptest.NewServer(sim)
	t.Cleanup(backend.Close)
	// A second api key, enabled for production only: a document holds one
	// Fliqa key, so the vendor provisions it as a second step.
	second := `{"fliqa": {"apiKey": "vendor-fliqa-prod-key", "apiSecret": "vendor-fliqa-prod-secret", "environments": ["production"], "inquiries": [], "consentOwners": []}}`
	resp, err := http.Post(backend.URL+"/_control/sandboxes/"+simulator.DefaultSandbox+"/fixtures", "application/json", strings.NewReader(second))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK && resp.StatusCode != http.StatusCreated {
		t.Fatalf("provisioning the production-only key: %d %s", resp.StatusCode, body)
	}
	to, _ := url.Parse(backend.URL)
	rp := &httputil.ReverseProxy{Rewrite: func(r *httputil.ProxyRequest) {
		r.SetURL(to)
		r.SetXForwarded()
		r.Out.URL.Path = vendorPath(r.In.URL.Path)
		r.Out.URL.RawPath = ""
	}}
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/_control") {
			http.NotFound(w, r) // a real deployment has no control API
			return
		}
		rp.ServeHTTP(w, r)
	}))
	t.Cleanup(proxy.Close)
	arm := &httputil.ReverseProxy{Rewrite: func(r *httputil.ProxyRequest) {
		r.SetURL(to)
		r.Out.URL.Path = "/_control/sandboxes/" + simulator.DefaultSandbox + "/faults"
		r.Out.Header.Del("Authorization")
	}}
	chaos := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer "+vendorChaosToken || r.Method != http.MethodPost {
			http.Error(w, "forbidden", http.StatusForbidden)
			return
		}
		arm.ServeHTTP(w, r)
	}))
	t.Cleanup(chaos.Close)
	return &vendorDeployment{proxy: proxy, outbox: backend.URL + "/_control/sandboxes/" + simulator.DefaultSandbox + "/outbox", chaos: chaos}
}

// vendorPath maps the deployment's public paths to the simulator's.
func vendorPath(p string) string {
	for _, m := range []struct{ public, sim string }{
		{"/weavr-staging/multi/", "/weavr/"},
		{"/weavr-staging/simulate/api/", "/weavr/simulate/api/"},
		{"/fliqa-staging/", "/fliqa/"},
	} {
		if rest, ok := strings.CutPrefix(p, m.public); ok {
			return m.sim + rest
		}
	}
	return p
}

// setVendorEnv gives the config files their ${…} values: the deployment's
// URL, its secrets, and the OTP command (this test binary, see TestMain).
func (d *vendorDeployment) setVendorEnv(t *testing.T) {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv("VENDOR_TARGET", d.proxy.URL)
	t.Setenv("VENDOR_WEAVR_KEY", "vendor-weavr-key")
	t.Setenv("VENDOR_FLIQA_SECRET", "vendor-fliqa-secret")
	t.Setenv("VENDOR_FISKIL_SECRET", "vendor-fiskil-secret")
	t.Setenv("VENDOR_OTP_COMMAND", exe)
	t.Setenv("VENDOR_CHAOS_URL", d.chaos.URL)
	t.Setenv("VENDOR_CHAOS_TOKEN", vendorChaosToken)
	t.Setenv(otpOutboxEnv, d.outbox)
}

// vendorSummary is what the certification figures are read from.
type vendorSummary struct {
	Totals struct {
		Scenarios     int `json:"scenarios"`
		Passed        int `json:"passed"`
		Failed        int `json:"failed"`
		Errored       int `json:"errored"`
		NotApplicable int `json:"not_applicable"`
	} `json:"totals"`
	Codes struct {
		Documented int `json:"documented"`
		Failed     int `json:"failed"`
	} `json:"codes"`
	Checked       int     `json:"checked"`
	CheckedShare  float64 `json:"checked_share"`
	Certification *struct {
		Certified bool `json:"certified"`
	} `json:"certification"`
}

// TestCertifyWithoutControlAPI is issue #8's acceptance: a vendor certifies
// a deployment that offers no control API (conform serve behind a proxy
// that hides /_control and moves the base paths), with a config that
// declares short timings, an OTP command and fixture pools. With real waits
// at least 85% of the documented codes are checked, without them at least
// 60%, and no scenario fails or errs: every check of a faithful deployment
// passes. A minimal config (base URLs and credentials) says plainly how
// little it certified and exits 1 under --require-coverage.
func TestCertifyWithoutControlAPI(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the whole suite three times, with real waits")
	}
	tests := []struct {
		name       string
		config     string
		args       []string
		wantExit   int
		contract   bool    // the deployment keeps the contract's timings
		minShare   float64 // of the documented codes checked
		maxShare   float64 // 0: no bound
		certified  *bool
		stdoutHave []string
	}{
		{
			name:      "short timings, real waits, OTP command and pools",
			config:    "conform.yaml",
			args:      []string{"--max-wait", "1m", "--require-coverage", "85%"},
			wantExit:  ExitOK,
			minShare:  0.85,
			certified: ptr(true),
		},
		{
			name:     "the same without real waits",
			config:   "conform.yaml",
			wantExit: ExitOK,
			minShare: 0.60,
		},
		{
			name:       "base URLs and credentials only",
			config:     "minimal.yaml",
			contract:   true,
			args:       []string{"--require-coverage", "90%"},
			wantExit:   ExitFailed,
			maxShare:   0.30,
			certified:  ptr(false),
			stdoutHave: []string{"NOT CERTIFIED"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := newVendorDeployment(t, !tc.contract) // fresh: a run consumes fixtures
			d.setVendorEnv(t)
			reportDir := t.TempDir()
			args := append([]string{"run", "--config", filepath.Join("testdata", "vendor", tc.config), "--report-dir", reportDir}, tc.args...)
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
			defer cancel()
			code, stdout, stderr := mainWith(t, ctx, args...)
			if dump := os.Getenv("CONFORM_TEST_VENDOR_DUMP"); dump != "" {
				base := filepath.Join(dump, strings.ReplaceAll(tc.name, " ", "_"))
				os.WriteFile(base+".txt", []byte(stdout), 0o644)
				os.WriteFile(base+".json", []byte(readFile(t, filepath.Join(reportDir, reports.SummaryFile))), 0o644)
			}
			var s vendorSummary
			if err := json.Unmarshal([]byte(readFile(t, filepath.Join(reportDir, reports.SummaryFile))), &s); err != nil {
				t.Fatalf("summary.json: %v\nstdout: %s\nstderr: %s", err, stdout, stderr)
			}
			t.Logf("%d scenarios: %d passed, %d failed, %d errors, %d not applicable; %d of %d codes checked (%.1f%%)",
				s.Totals.Scenarios, s.Totals.Passed, s.Totals.Failed, s.Totals.Errored, s.Totals.NotApplicable,
				s.Checked, s.Codes.Documented, 100*s.CheckedShare)
			if s.Totals.Failed != 0 || s.Totals.Errored != 0 || s.Codes.Failed != 0 {
				t.Errorf("a faithful deployment got %d failed and %d errored scenarios:\n%s", s.Totals.Failed, s.Totals.Errored, failedLines(stdout))
			}
			if code != tc.wantExit {
				t.Errorf("exit %d, want %d\nstdout tail: %s\nstderr: %s", code, tc.wantExit, tail(stdout, 40), stderr)
			}
			if s.CheckedShare < tc.minShare {
				t.Errorf("checked %d of %d documented codes (%.1f%%), want at least %.0f%%\n%s", s.Checked, s.Codes.Documented, 100*s.CheckedShare, 100*tc.minShare, tail(stdout, 40))
			}
			if tc.maxShare > 0 && s.CheckedShare > tc.maxShare {
				t.Errorf("checked %.1f%% with a minimal config, want at most %.0f%%", 100*s.CheckedShare, 100*tc.maxShare)
			}
			if tc.certified != nil && (s.Certification == nil || s.Certification.Certified != *tc.certified) {
				t.Errorf("certification %+v, want certified=%v", s.Certification, *tc.certified)
			}
			for _, want := range tc.stdoutHave {
				if !strings.Contains(stdout, want) {
					t.Errorf("stdout does not say %q:\n%s", want, tail(stdout, 40))
				}
			}
			for _, secret := range []string{"vendor-fliqa-secret", "vendor-fiskil-secret", "User1-Passw0rd", "Lockout1-Passw0rd", vendorChaosToken} {
				for _, f := range []string{reports.SummaryFile, reports.JUnitFile, reports.CucumberFile, reports.HTMLFile} {
					if bytes.Contains([]byte(readFile(t, filepath.Join(reportDir, f))), []byte(secret)) {
						t.Errorf("%s holds the secret %q", f, secret)
					}
				}
			}
		})
	}
}

func ptr[T any](v T) *T { return &v }

// failedLines are the console's FAIL and ERROR lines.
func failedLines(stdout string) string {
	var b strings.Builder
	for _, l := range strings.Split(stdout, "\n") {
		if strings.HasPrefix(l, "FAIL") || strings.HasPrefix(l, "ERROR") || strings.HasPrefix(l, "  ") {
			b.WriteString(l + "\n")
		}
	}
	return b.String()
}

// tail is the last n lines of s.
func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
