package cli

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/conformhq/conform/internal/provider/all"
	"github.com/conformhq/conform/reports"
	"github.com/conformhq/conform/simulator"
)

// syncBuffer is a bytes.Buffer safe for a writer and a reader in different
// goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

const refusedLogin = `    Given I use the Weavr API
    When I send a POST request to "/login_with_password" with body:
      """
      {"email":"nobody@example.com","password":{"value":"wrong-password"}}
      """
`

var (
	passingFeature = "@weavr\nFeature: login\n  @op:loginWithPassword @status:403\n  Scenario: refused\n" + refusedLogin + "    Then the response status should be 403\n"
	failingFeature = "@weavr\nFeature: login\n  @op:loginWithPassword @status:200\n  Scenario: expects success\n" + refusedLogin + "    Then the response status should be 200\n"
)

func mainWith(t *testing.T, ctx context.Context, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr syncBuffer
	code := MainContext(ctx, all.Providers(), args, &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

func TestMainExitCodes(t *testing.T) {
	passing := writeFiles(t, map[string]string{"weavr/login.feature": passingFeature})
	missingVar := "CONFORM_TEST_SURELY_UNSET_VARIABLE_7F3A"
	if _, ok := os.LookupEnv(missingVar); ok {
		t.Fatalf("%s is set in the environment", missingVar)
	}
	cfgDir := writeFiles(t, map[string]string{
		"unset.yaml":    "target: http://127.0.0.1:1\nproviders:\n  weavr:\n    credentials:\n      apiKey: ${" + missingVar + "}\n",
		"unknown.yaml":  "target: http://127.0.0.1:1\ntargt: x\n",
		"badctl.yaml":   "target: http://127.0.0.1:1\ncontrol: maybe\n",
		"badfix.yaml":   "clock:\n  start: \"2026-01-01T00:00:00Z\"\nweavrr:\n  apiKey: x\n",
		"notyaml.yaml":  "{{{",
		"provider.yaml": "providers:\n  stripe:\n    baseUrl: http://x.test\n",
		"huge.yaml":     "# " + strings.Repeat("x", 1<<20) + "\n",
		"kind.yaml":     "target: http://127.0.0.1:1\ncontrol: \"no\"\nproviders:\n  weavr:\n    fixtures:\n      usr: {email: a@example.com}\n",
		"timing.yaml":   "target: http://127.0.0.1:1\ncontrol: \"no\"\nproviders:\n  weavr:\n    timings:\n      lockout: 1m\n",
		"rule.yaml":     "target: http://127.0.0.1:1\ncontrol: \"no\"\nproviders:\n  weavr:\n    fixtures:\n      lockoutUser:\n        - {email: a@example.com, password: Secret-Passw0rd}\n        - {email: b, password: Secret-Passw0rd}\n",
	})
	tests := []struct {
		name   string
		args   []string
		want   int
		stderr []string // substrings
		stdout []string
	}{
		{name: "no args", args: nil, want: ExitUsage, stderr: []string{"Usage:"}},
		{name: "unknown command", args: []string{"frobnicate"}, want: ExitUsage, stderr: []string{`unknown command "frobnicate"`}},
		{name: "help", args: []string{"help"}, want: ExitOK, stdout: []string{"Usage:"}},
		{name: "run unknown flag", args: []string{"run", "--nope"}, want: ExitUsage},
		{name: "run extra argument", args: []string{"run", "extra"}, want: ExitUsage, stderr: []string{`unexpected argument "extra"`, "FILE.feature:LINE"}},
		{name: "run concurrency 0", args: []string{"run", "--concurrency", "0"}, want: ExitUsage, stderr: []string{"--concurrency"}},
		{name: "run negative timeout", args: []string{"run", "--timeout", "-1s"}, want: ExitUsage, stderr: []string{"--timeout"}},
		{name: "run unknown provider", args: []string{"run", "--provider", "nope"}, want: ExitUsage, stderr: []string{`unknown provider "nope"`}},
		{name: "run features not a folder", args: []string{"run", "--features", filepath.Join(passing, "missing")}, want: ExitUsage, stderr: []string{"not a folder"}},
		{name: "run unreachable target", args: []string{"run", "--features", passing, "--target", "http://127.0.0.1:1", "--timeout", "5s"}, want: ExitUsage, stderr: []string{"unreachable"}},
		{name: "run bad target URL", args: []string{"run", "--features", passing, "--target", "ftp://x"}, want: ExitUsage, stderr: []string{"not an http(s) URL"}},
		{name: "run missing config", args: []string{"run", "--config", filepath.Join(cfgDir, "missing.yaml")}, want: ExitUsage, stderr: []string{"missing.yaml"}},
		{name: "run config with unset variable", args: []string{"run", "--config", filepath.Join(cfgDir, "unset.yaml")}, want: ExitUsage, stderr: []string{missingVar}},
		{name: "run config with unknown field", args: []string{"run", "--config", filepath.Join(cfgDir, "unknown.yaml")}, want: ExitUsage, stderr: []string{"targt"}},
		{name: "run config with bad control", args: []string{"run", "--config", filepath.Join(cfgDir, "badctl.yaml")}, want: ExitUsage, stderr: []string{"control must be auto, yes or no"}},
		{name: "run config not YAML", args: []string{"run", "--config", filepath.Join(cfgDir, "notyaml.yaml")}, want: ExitUsage, stderr: []string{"config"}},
		{name: "run config with unknown provider", args: []string{"run", "--config", filepath.Join(cfgDir, "provider.yaml")}, want: ExitUsage, stderr: []string{`unknown provider "stripe"`}},
		{name: "run config with an unknown timing", args: []string{"run", "--config", filepath.Join(cfgDir, "timing.yaml")}, want: ExitUsage, stderr: []string{"providers.weavr.timings.lockout: no such timing (known: challengeExpiry, challengeRetryGap, lockoutPeriod, tokenIdleLifetime)"}},
		{name: "run with a negative --max-wait", args: []string{"run", "--max-wait", "-1s"}, want: ExitUsage, stderr: []string{"--max-wait must not be negative"}},
		{name: "run config with an unknown fixture kind", args: []string{"run", "--config", filepath.Join(cfgDir, "kind.yaml")}, want: ExitUsage, stderr: []string{"providers.weavr.fixtures.usr: no such fixture kind (known: user, "}},
		{name: "run config with a fixture breaking its rules", args: []string{"run", "--config", filepath.Join(cfgDir, "rule.yaml")}, want: ExitUsage, stderr: []string{"config: providers.weavr.fixtures.lockoutUser[1].email: not an e-mail address"}},
		{name: "run tags select nothing", args: []string{"run", "--features", passing, "--tags", "@nothing-has-this", "--report-dir", filepath.Join(t.TempDir(), "r")}, want: ExitUsage, stderr: []string{"no scenario matched"}},
		{name: "run provider selects nothing", args: []string{"run", "--features", passing, "--provider", "fiskil", "--report-dir", filepath.Join(t.TempDir(), "r")}, want: ExitUsage, stderr: []string{"no scenario matched"}},
		{name: "run bad tags", args: []string{"run", "--features", passing, "--tags", "@weavr &&"}, want: ExitUsage, stderr: []string{"an empty term"}},
		{name: "run tag without @", args: []string{"run", "--features", passing, "--tags", "weavr"}, want: ExitUsage, stderr: []string{"lacks its @"}},
		{name: "run report folder under a file", args: []string{"run", "--features", passing, "--report-dir", filepath.Join(cfgDir, "notyaml.yaml", "r")}, want: ExitUsage, stderr: []string{"report folder"}},
		{name: "run misspelt flag", args: []string{"run", "--tag", "@weavr"}, want: ExitUsage, stderr: []string{"flag provided but not defined: -tag", "did you mean --tags?"}},
		{name: "serve misspelt flag", args: []string{"serve", "--adr", ":0"}, want: ExitUsage, stderr: []string{"did you mean --addr?"}},
		{name: "run unknown version", args: []string{"run", "--features", passing, "--spec", "weavr=9.99"}, want: ExitUsage, stderr: []string{`weavr has no version "9.99" (3.63`}},
		{name: "run version of an unknown provider", args: []string{"run", "--features", passing, "--spec", "stripe=1"}, want: ExitUsage, stderr: []string{`unknown provider "stripe"`}},
		{name: "run malformed spec flag", args: []string{"run", "--spec", "weavr"}, want: ExitUsage, stderr: []string{"want PROVIDER=VERSION"}},
		{name: "run help", args: []string{"run", "-h"}, want: ExitOK, stderr: []string{"Usage of conform run", "-tags"}},
		{name: "version", args: []string{"--version"}, want: ExitOK, stdout: []string{"conform "}},
		{name: "version command", args: []string{"version"}, want: ExitOK, stdout: []string{"conform "}},
		{name: "serve bad log format", args: []string{"serve", "--log-format", "xml"}, want: ExitUsage, stderr: []string{"--log-format must be text or json"}},
		{name: "serve fixtures with unknown section", args: []string{"serve", "--addr", "127.0.0.1:0", "--fixtures", filepath.Join(cfgDir, "badfix.yaml")}, want: ExitUsage, stderr: []string{`unknown section "weavrr"`}},
		{name: "serve missing fixtures", args: []string{"serve", "--addr", "127.0.0.1:0", "--fixtures", filepath.Join(cfgDir, "nope.yaml")}, want: ExitUsage, stderr: []string{"cannot read the fixtures file"}},
		{name: "serve fixtures too large", args: []string{"serve", "--addr", "127.0.0.1:0", "--fixtures", filepath.Join(cfgDir, "huge.yaml")}, want: ExitUsage, stderr: []string{"larger than 1048576 bytes"}},
		{name: "serve negative bound", args: []string{"serve", "--max-sandboxes", "-1"}, want: ExitUsage, stderr: []string{"must not be negative"}},
		{name: "serve bad address", args: []string{"serve", "--addr", "not-an-address"}, want: ExitUsage, stderr: []string{"cannot listen"}},
		{name: "serve extra argument", args: []string{"serve", "extra"}, want: ExitUsage, stderr: []string{"unexpected arguments"}},
		{name: "coverage unknown flag", args: []string{"coverage", "--nope"}, want: ExitUsage},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, stderr := mainWith(t, context.Background(), tc.args...)
			if code != tc.want {
				t.Fatalf("exit %d, want %d\nstdout: %s\nstderr: %s", code, tc.want, stdout, stderr)
			}
			for _, s := range tc.stderr {
				if !strings.Contains(stderr, s) {
					t.Errorf("stderr does not mention %q:\n%s", s, stderr)
				}
			}
			for _, s := range tc.stdout {
				if !strings.Contains(stdout, s) {
					t.Errorf("stdout does not mention %q:\n%s", s, stdout)
				}
			}
		})
	}
}

func TestRunWritesReports(t *testing.T) {
	tests := []struct {
		name      string
		features  map[string]string
		want      int
		stdout    []string
		passed    int
		failed    int
		junitFail bool
	}{
		{
			name:     "passing feature",
			features: map[string]string{"weavr/login.feature": passingFeature},
			want:     ExitOK,
			stdout:   []string{"1 scenario: 1 passed, 0 failed", "reports: "},
			passed:   1,
		},
		{
			name:      "failing feature",
			features:  map[string]string{"weavr/login.feature": failingFeature},
			want:      ExitFailed,
			stdout:    []string{"FAIL features/weavr/login.feature:", "expected status 200, got 403", "1 scenario: 0 passed, 1 failed"},
			failed:    1,
			junitFail: true,
		},
		{
			name: "passing and failing",
			features: map[string]string{
				"weavr/a.feature": passingFeature,
				"weavr/b.feature": failingFeature,
			},
			want:      ExitFailed,
			stdout:    []string{"2 scenarios: 1 passed, 1 failed"},
			passed:    1,
			failed:    1,
			junitFail: true,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			features := writeFiles(t, tc.features)
			reportDir := filepath.Join(t.TempDir(), "nested", "reports")
			code, stdout, stderr := mainWith(t, context.Background(), "run", "--features", features, "--report-dir", reportDir)
			if code != tc.want {
				t.Fatalf("exit %d, want %d\nstdout: %s\nstderr: %s", code, tc.want, stdout, stderr)
			}
			for _, s := range tc.stdout {
				if !strings.Contains(stdout, s) {
					t.Errorf("stdout does not mention %q:\n%s", s, stdout)
				}
			}
			for _, f := range reports.Files {
				st, err := os.Stat(filepath.Join(reportDir, f))
				if err != nil {
					t.Errorf("report %s: %v", f, err)
				} else if st.Size() == 0 {
					t.Errorf("report %s is empty", f)
				}
			}
			sum := readSummary(t, reportDir)
			if sum.Totals.Passed != tc.passed || sum.Totals.Failed != tc.failed {
				t.Errorf("summary totals %+v, want %d passed %d failed", sum.Totals, tc.passed, tc.failed)
			}
			junit := readFile(t, filepath.Join(reportDir, reports.JUnitFile))
			if got := strings.Contains(junit, "<failure"); got != tc.junitFail {
				t.Errorf("junit.xml has a failure = %v, want %v", got, tc.junitFail)
			}
			var anyXML struct{}
			if err := xml.Unmarshal([]byte(junit), &anyXML); err != nil {
				t.Errorf("junit.xml is not XML: %v", err)
			}
		})
	}
}

type summary struct {
	Totals     reports.ScenarioTotals `json:"totals"`
	Operations []struct {
		Provider  string `json:"provider"`
		Operation string `json:"operation"`
		Statuses  []struct {
			Status    int      `json:"status"`
			Outcome   string   `json:"outcome"`
			Scenarios []string `json:"scenarios"`
		} `json:"statuses"`
	} `json:"operations"`
}

func readSummary(t *testing.T, dir string) summary {
	t.Helper()
	var s summary
	if err := json.Unmarshal([]byte(readFile(t, filepath.Join(dir, reports.SummaryFile))), &s); err != nil {
		t.Fatalf("summary.json: %v", err)
	}
	return s
}

func (s summary) outcome(provider, op string, status int) string {
	for _, o := range s.Operations {
		if o.Provider != provider || o.Operation != op {
			continue
		}
		for _, st := range o.Statuses {
			if st.Status == status {
				return st.Outcome
			}
		}
	}
	return ""
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// stripRequestRef breaks the Weavr contract: its responses lose the
// required request-ref header.
func stripRequestRef(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		hdr := rec.Header().Clone()
		if strings.HasPrefix(r.URL.Path, "/weavr/") {
			hdr.Del("request-ref")
		}
		hdr.Del("Content-Length")
		maps.Copy(w.Header(), hdr)
		w.WriteHeader(rec.Code)
		_, _ = w.Write(rec.Body.Bytes())
	})
}

func TestRunAgainstTarget(t *testing.T) {
	tests := []struct {
		name      string
		breakIt   bool
		want      int
		outcome   string
		junitHas  []string
		stdoutHas []string
	}{
		{
			name:      "conforming server",
			want:      ExitOK,
			outcome:   "passed",
			stdoutHas: []string{"1 passed, 0 failed"},
		},
		{
			name:      "server without request-ref",
			breakIt:   true,
			want:      ExitFailed,
			outcome:   "failed",
			junitHas:  []string{"userIdentities 401 at header request-ref: required header is missing"},
			stdoutHas: []string{"FAIL", "header request-ref", "required header is missing"},
		},
	}
	// A 401 documents request-ref (login's inline 403 does not, since
	// contract v2).
	unauthenticated := "@weavr\nFeature: identities\n  @op:userIdentities @status:401\n  Scenario: refused\n    Given I use the Weavr API\n    When I send a GET request to \"/identities\"\n    Then the response status should be 401\n"
	features := writeFiles(t, map[string]string{"weavr/identities.feature": unauthenticated})
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			sim, err := simulator.New(simulator.Options{Providers: all.Providers().Simulators()})
			if err != nil {
				t.Fatal(err)
			}
			var h http.Handler = sim
			if tc.breakIt {
				h = stripRequestRef(sim)
			}
			srv := httptest.NewServer(h)
			defer srv.Close()
			reportDir := t.TempDir()
			code, stdout, stderr := mainWith(t, context.Background(), "run", "--target", srv.URL, "--features", features, "--report-dir", reportDir)
			if code != tc.want {
				t.Fatalf("exit %d, want %d\nstdout: %s\nstderr: %s", code, tc.want, stdout, stderr)
			}
			for _, s := range tc.stdoutHas {
				if !strings.Contains(stdout, s) {
					t.Errorf("stdout does not mention %q:\n%s", s, stdout)
				}
			}
			if !strings.Contains(stdout, "target: "+srv.URL) {
				t.Errorf("stdout does not name the target:\n%s", stdout)
			}
			sum := readSummary(t, reportDir)
			if got := sum.outcome("weavr", "userIdentities", 401); got != tc.outcome {
				t.Errorf("summary.json: weavr userIdentities 401 is %q, want %q", got, tc.outcome)
			}
			junit := readFile(t, filepath.Join(reportDir, reports.JUnitFile))
			for _, s := range tc.junitHas {
				if !strings.Contains(junit, s) {
					t.Errorf("junit.xml does not name %q:\n%s", s, junit)
				}
			}
		})
	}
}

func TestRunConfigFile(t *testing.T) {
	sim, err := simulator.New(simulator.Options{Providers: all.Providers().Simulators()})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(sim)
	defer srv.Close()
	t.Setenv("CONFORM_TEST_WEAVR_KEY", "weavr-demo-api-key")
	features := writeFiles(t, map[string]string{
		"weavr/login.feature": passingFeature + "\n  @needs:faults\n  Scenario: control only\n" + refusedLogin + "    Then the response status should be 403\n",
	})
	cfg := writeFiles(t, map[string]string{"conform.yaml": "target: " + srv.URL + "\ncontrol: \"no\"\nproviders:\n  weavr:\n    credentials:\n      apiKey: ${CONFORM_TEST_WEAVR_KEY}\n"})
	reportDir := t.TempDir()
	code, stdout, stderr := mainWith(t, context.Background(), "run", "--config", filepath.Join(cfg, "conform.yaml"), "--features", features, "--report-dir", reportDir)
	if code != ExitOK {
		t.Fatalf("exit %d, want 0\nstdout: %s\nstderr: %s", code, stdout, stderr)
	}
	for _, s := range []string{"NOT APPLICABLE: 1 scenario could not run", "  1 × faults (config faults.url, the deployment's fault hook)", "control API", "2 scenarios: 1 passed, 0 failed, 1 not applicable"} {
		if !strings.Contains(stdout, s) {
			t.Errorf("stdout does not mention %q:\n%s", s, stdout)
		}
	}
	for _, f := range []string{reports.JUnitFile, reports.SummaryFile, reports.CucumberFile, reports.HTMLFile} {
		if strings.Contains(readFile(t, filepath.Join(reportDir, f)), "weavr-demo-api-key") {
			t.Errorf("%s contains the api key from the config", f)
		}
	}
}

func TestServeGracefulShutdown(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	pr, pw := io.Pipe()
	var stderr syncBuffer
	done := make(chan int, 1)
	go func() {
		code := MainContext(ctx, all.Providers(), []string{"serve", "--addr", "127.0.0.1:0", "--seed", "7", "--log-format", "json"}, pw, &stderr)
		pw.Close()
		done <- code
	}()

	lines := bufio.NewScanner(pr)
	listening := regexp.MustCompile(`listening on (http://127\.0\.0\.1:\d+)`)
	var base string
	for lines.Scan() {
		if m := listening.FindStringSubmatch(lines.Text()); m != nil {
			base = m[1]
			break
		}
	}
	if base == "" {
		cancel()
		t.Fatalf("no 'listening on' line; stderr: %s; exit %d", stderr.String(), <-done)
	}
	go func() { _, _ = io.Copy(io.Discard, pr) }()

	tests := []struct {
		name string
		path string
		want int
		body string
	}{
		{"healthz", "/healthz", http.StatusOK, `"status": "ok"`},
		{"control API", "/_control/sandboxes", http.StatusOK, simulator.DefaultSandbox},
		{"nothing there", "/nope", http.StatusNotFound, "/fliqa"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			resp, err := http.Get(base + tc.path)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			b, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != tc.want {
				t.Errorf("GET %s: %d, want %d", tc.path, resp.StatusCode, tc.want)
			}
			if !strings.Contains(string(b), tc.body) {
				t.Errorf("GET %s: body %s does not contain %q", tc.path, b, tc.body)
			}
		})
	}

	cancel()
	select {
	case code := <-done:
		if code != ExitOK {
			t.Errorf("serve exited %d after cancellation, want 0; stderr: %s", code, stderr.String())
		}
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not return after its context was cancelled")
	}
	if !strings.Contains(stderr.String(), "shutting down") {
		t.Errorf("no shutdown log line: %s", stderr.String())
	}
	if _, err := http.Get(base + "/healthz"); err == nil {
		t.Error("the server still answers after shutdown")
	}
}

func TestCoverageCommand(t *testing.T) {
	tests := []struct {
		name     string
		features map[string]string
		want     int
		has      []string
		hasNot   []string
	}{
		{
			name: "gaps",
			features: map[string]string{"weavr/login.feature": passingFeature, "fliqa/x.feature": `@fliqa
Feature: x
  @op:consentGetOtp @status:400 @code:email_invalid
  Scenario: s
    Given I use the Fliqa API
`},
			want:   ExitFailed,
			has:    []string{"not covered: @weavr (version 3.32) @op:loginWithPassword @status:200", "not covered: @fliqa @code:invalid_pin", "documented codes have no scenario"},
			hasNot: []string{"@op:loginWithPassword @status:403\n", "@fliqa @code:email_invalid\n", "@fliqa @op:consentGetOtp @status:400\n"},
		},
		{
			name:     "empty folder",
			features: map[string]string{},
			want:     ExitFailed,
			has:      []string{"not covered: @fiskil @op:createToken @status:200"},
		},
		{
			name:     "malformed feature",
			features: map[string]string{"weavr/bad.feature": "Feature: x\n  Scenario: y\n    Given a\n  Examples:\n  | a |\n  nonsense line\n"},
			want:     ExitUsage,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := writeFiles(t, tc.features)
			code, stdout, stderr := mainWith(t, context.Background(), "coverage", "--features", dir)
			if code != tc.want {
				t.Fatalf("exit %d, want %d\nstdout: %s\nstderr: %s", code, tc.want, stdout, stderr)
			}
			for _, s := range tc.has {
				if !strings.Contains(stdout, s) {
					t.Errorf("stdout does not list %q", s)
				}
			}
			for _, s := range tc.hasNot {
				if strings.Contains(stdout, s) {
					t.Errorf("stdout lists covered %q", s)
				}
			}
		})
	}
}
