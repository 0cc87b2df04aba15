package cli

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRunProgress: a run says how it goes while it goes, as a redrawn line
// (a terminal) or a line per feature file (a log), never coloured in a log.
func TestRunProgress(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"weavr/login.feature":   passingFeature,
		"weavr/failing.feature": failingFeature,
	})
	tests := []struct {
		name     string
		progress string
		wantCode int
		want     []string
		refuse   []string
	}{
		{"line", "line", ExitFailed, []string{"\r\x1b[K[1/2] ", "\r\x1b[K[2/2] 1 passed, 1 failed, 0 not applicable · "}, nil},
		{"feature", "feature", ExitFailed, []string{"running 2 scenarios\n", "features/weavr/login.feature: 1 passed, 0 failed, 0 not applicable\n", "features/weavr/failing.feature: 0 passed, 1 failed, 0 not applicable\n"}, []string{"\x1b"}},
		{"auto off a terminal is feature", "auto", ExitFailed, []string{"features/weavr/login.feature: 1 passed"}, []string{"\x1b", "\r"}},
		{"none", "none", ExitFailed, []string{"2 scenarios: 1 passed, 1 failed"}, []string{"running", "[1/2]"}},
		{"bad mode", "loud", ExitUsage, nil, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, stderr := mainWith(t, context.Background(), "run", "--features", dir, "--progress", tc.progress, "--report-dir", filepath.Join(t.TempDir(), "r"))
			if code != tc.wantCode {
				t.Fatalf("exit %d, want %d\n%s\n%s", code, tc.wantCode, stdout, stderr)
			}
			for _, w := range tc.want {
				if !strings.Contains(stdout, w) {
					t.Errorf("stdout lacks %q:\n%q", w, stdout)
				}
			}
			for _, r := range tc.refuse {
				if strings.Contains(stdout, r) {
					t.Errorf("stdout has %q:\n%q", r, stdout)
				}
			}
			// Failures come before what was not applicable, and both
			// before the totals.
			if tc.wantCode == ExitFailed && strings.Index(stdout, "FAIL ") > strings.Index(stdout, "2 scenarios:") {
				t.Errorf("the failure is listed after the totals:\n%s", stdout)
			}
		})
	}
}

func TestStyle(t *testing.T) {
	if got := (style{colour: true}).fail("FAIL"); got != "\x1b[31;1mFAIL\x1b[0m" {
		t.Errorf("coloured fail = %q", got)
	}
	if got := (style{}).fail("FAIL"); got != "FAIL" {
		t.Errorf("plain fail = %q", got)
	}
}

// TestRunWarningsAndStrict: a scenario that passes with a warning passes a
// run, shows its warning, and fails a strict run.
func TestRunWarningsAndStrict(t *testing.T) {
	warned := "@weavr\nFeature: login\n  @op:loginWithPassword @status:403\n  Scenario: refused\n" + refusedLogin +
		"    Then the response status should be 401, or another error status the operation documents\n"
	dir := writeFiles(t, map[string]string{"weavr/login.feature": warned})
	tests := []struct {
		name     string
		args     []string
		wantCode int
		want     []string
	}{
		{"warned", nil, ExitOK, []string{"WARN features/weavr/login.feature:4 refused", "conform answers 401 [decided], the target 403, which the operation documents (rule 7)", "1 scenarios: 1 passed (1 with warnings), 0 failed", "1 passed with warnings"}},
		{"strict", []string{"--strict"}, ExitFailed, []string{"FAIL features/weavr/login.feature:4 refused", "warning in a strict run", "1 scenarios: 0 passed, 1 failed"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			args := append([]string{"run", "--features", dir, "--progress", "none", "--report-dir", filepath.Join(t.TempDir(), "r")}, tc.args...)
			code, stdout, stderr := mainWith(t, context.Background(), args...)
			if code != tc.wantCode {
				t.Fatalf("exit %d, want %d\n%s\n%s", code, tc.wantCode, stdout, stderr)
			}
			for _, w := range tc.want {
				if !strings.Contains(stdout, w) {
					t.Errorf("stdout lacks %q:\n%s", w, stdout)
				}
			}
		})
	}
}

// TestRunInterrupted: a run stopped by a signal (its context cancelled) or
// by its deadline writes its reports marked interrupted, counts no
// unfinished scenario as failed, and exits 130 or 2, never 0 or 1.
func TestRunInterrupted(t *testing.T) {
	arrived := make(chan struct{}, 16)
	released := make(chan struct{})
	hang := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/" {
			return // the reachability probe
		}
		select {
		case arrived <- struct{}{}:
		default:
		}
		// It hangs until the client gives up, or the test ends: the test
		// must not depend on when a closed connection is noticed.
		select {
		case <-r.Context().Done():
		case <-released:
		}
	}))
	defer hang.Close()
	defer close(released)
	dir, cfg := logoutScenarios(t, "hang", 3, hang.URL)
	tests := []struct {
		name     string
		deadline string
		signal   bool
		wantCode int
		want     string
	}{
		{"signal", "", true, ExitSignal, "INTERRUPTED: context canceled"},
		{"deadline", "300ms", false, ExitUsage, "INTERRUPTED: the run's deadline of 300ms passed"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			if tc.signal {
				go func() {
					<-arrived
					cancel()
				}()
			}
			reports := filepath.Join(t.TempDir(), "r")
			args := []string{"run", "--features", dir, "--config", filepath.Join(cfg, "c.yaml"), "--timeout", "30s", "--progress", "none", "--report-dir", reports}
			if tc.deadline != "" {
				args = append(args, "--deadline", tc.deadline)
			}
			code, stdout, stderr := mainWith(t, ctx, args...)
			if code != tc.wantCode {
				t.Fatalf("exit %d, want %d\n%s\n%s", code, tc.wantCode, stdout, stderr)
			}
			if !strings.Contains(stderr, tc.want) {
				t.Errorf("stderr lacks %q:\n%s", tc.want, stderr)
			}
			if strings.Contains(stdout, "FAIL ") {
				t.Errorf("an unfinished scenario is reported failed:\n%s", stdout)
			}
			if !strings.HasPrefix(stdout, "INTERRUPTED: ") || !strings.Contains(stdout, "not run (the run was stopped)") || !strings.Contains(stdout, "no conformance score") {
				t.Errorf("the console does not open with INTERRUPTED, or counts no scenario not run, or shows a score:\n%s", stdout)
			}
			if strings.Contains(stdout, "not applicable:") || strings.Contains(stdout, "NOT APPLICABLE") {
				t.Errorf("an unfinished scenario is reported not applicable:\n%s", stdout)
			}
			// Every report says it first, has no score, and shows the run
			// as not passed to a CI results view.
			read := func(name string) string {
				b, err := os.ReadFile(filepath.Join(reports, name))
				if err != nil {
					t.Fatal(err)
				}
				return string(b)
			}
			checks := []struct{ file, want, why string }{
				{"summary.json", "{\n  \"verdict\": \"INTERRUPTED\"", "verdict first"},
				{"summary.json", `"score": null`, "no score"},
				{"summary.json", `"not_run": 3`, "3 scenarios not run"},
				{"report.html", `<div class="verdict verdict-interrupted" id="verdict" role="status"><strong>INTERRUPTED</strong>`, "the banner"},
				{"report.html", "none: the run was interrupted", "no score"},
				{"junit.xml", `errors="3"`, "the unfinished cases as errors"},
				{"junit.xml", `message="not run: interrupted`, "the reason"},
				{"cucumber.json", `"error_message": "not run: interrupted`, "a failed hook"},
			}
			for _, c := range checks {
				if !strings.Contains(read(c.file), c.want) {
					t.Errorf("%s lacks %s (%q)", c.file, c.why, c.want)
				}
			}
			if html := read("report.html"); strings.Index(html, "INTERRUPTED") > strings.Index(html, "<h1>") {
				t.Errorf("report.html does not say INTERRUPTED first")
			}
		})
	}
}

// TestRunAgainstATargetThatStopsAnswering: requests that get no answer end
// their scenarios in ERROR, never FAIL, and exit 2; after
// --max-transport-errors in a row the run stops instead of waiting out
// every scenario.
func TestRunAgainstATargetThatStopsAnswering(t *testing.T) {
	gone := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/" {
			return // it answered the reachability probe, then stopped
		}
		if conn, _, err := http.NewResponseController(w).Hijack(); err == nil {
			conn.Close()
		}
	}))
	defer gone.Close()
	dir, cfg := logoutScenarios(t, "gone", 6, gone.URL)
	tests := []struct {
		name string
		max  string
		want []string
	}{
		{"every scenario in ERROR", "0", []string{"ERROR features/weavr/gone.feature:4 s0", "6 scenarios: 0 passed, 0 failed, 6 could not be judged (error)"}},
		{"stopped after 2 in a row", "2", []string{"ERROR features/weavr/gone.feature"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			reportDir := filepath.Join(t.TempDir(), "r")
			code, stdout, stderr := mainWith(t, context.Background(), "run", "--features", dir, "--config", filepath.Join(cfg, "c.yaml"),
				"--concurrency", "1", "--progress", "none", "--max-transport-errors", tc.max, "--report-dir", reportDir)
			if code != ExitUsage {
				t.Fatalf("exit %d, want %d\n%s\n%s", code, ExitUsage, stdout, stderr)
			}
			if strings.Contains(stdout, "FAIL ") {
				t.Errorf("no answer was reported as a conformance failure:\n%s", stdout)
			}
			for _, w := range tc.want {
				if !strings.Contains(stdout, w) {
					t.Errorf("stdout lacks %q:\n%s", w, stdout)
				}
			}
			stoppedEarly := strings.Contains(stderr, "INTERRUPTED: the target stopped answering: 2 requests in a row")
			if stoppedEarly != (tc.max == "2") {
				t.Errorf("stopped early: %v; stderr:\n%s", stoppedEarly, stderr)
			}
			if !stoppedEarly {
				return
			}
			// The transport error that stopped the run is in every report.
			for _, name := range []string{"summary.json", "junit.xml", "report.html", "cucumber.json"} {
				b, err := os.ReadFile(filepath.Join(reportDir, name))
				if err != nil {
					t.Fatal(err)
				}
				if !strings.Contains(string(b), "the last: POST ") || !strings.Contains(string(b), "closed the connection") {
					t.Errorf("%s does not name the transport error that stopped the run", name)
				}
			}
		})
	}
}

// TestRunRequireCoverage: CERTIFIED appears only where the required share
// of documented codes was checked and nothing failed; below it the run
// exits 1 and says how little it checked, first.
func TestRunRequireCoverage(t *testing.T) {
	few := writeFiles(t, map[string]string{"weavr/login.feature": passingFeature})
	tests := []struct {
		name     string
		args     []string
		wantCode int
		want     []string
		refuse   string
	}{
		{"the whole suite", []string{"--require-coverage", "90%"}, ExitOK, []string{"CERTIFIED: ", "none failed"}, "NOT CERTIFIED"},
		{"one scenario", []string{"--features", few, "--require-coverage", "0.9"}, ExitFailed, []string{"checked 1 of ", "NOT CERTIFIED: 1 of ", "below the 90.0% required"}, "\nCERTIFIED"},
		{"no requirement, no word", []string{"--features", few}, ExitOK, []string{"checked 1 of "}, "CERTIFIED"},
		{"a bad share", []string{"--require-coverage", "150%"}, ExitUsage, nil, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			args := append([]string{"run", "--progress", "none", "--report-dir", filepath.Join(t.TempDir(), "r")}, tc.args...)
			code, stdout, stderr := mainWith(t, context.Background(), args...)
			if code != tc.wantCode {
				t.Fatalf("exit %d, want %d\n%s\n%s", code, tc.wantCode, stdout, stderr)
			}
			for _, w := range tc.want {
				if !strings.Contains(stdout, w) {
					t.Errorf("stdout lacks %q:\n%s", w, stdout)
				}
			}
			if tc.refuse != "" && strings.Contains(stdout, tc.refuse) {
				t.Errorf("stdout has %q:\n%s", tc.refuse, stdout)
			}
		})
	}
}

// TestRunFailFast: --fail-fast and --max-failures stop the run after so
// many failed scenarios; the rest are not counted failed; exit 1.
func TestRunFailFast(t *testing.T) {
	var feature strings.Builder
	feature.WriteString("@weavr\nFeature: login\n")
	for i := range 8 {
		fmt.Fprintf(&feature, "  @op:loginWithPassword @status:200\n  Scenario: expects success %d\n%s    Then the response status should be 200\n\n", i, refusedLogin)
	}
	dir := writeFiles(t, map[string]string{"weavr/login.feature": feature.String()})
	for _, tc := range []struct {
		name string
		args []string
		max  int
	}{{"fail fast", []string{"--fail-fast"}, 1}, {"max failures", []string{"--max-failures", "3"}, 3}} {
		t.Run(tc.name, func(t *testing.T) {
			args := append([]string{"run", "--features", dir, "--concurrency", "1", "--progress", "none", "--report-dir", filepath.Join(t.TempDir(), "r")}, tc.args...)
			code, stdout, stderr := mainWith(t, context.Background(), args...)
			if code != ExitFailed {
				t.Fatalf("exit %d, want 1\n%s\n%s", code, stdout, stderr)
			}
			if n := strings.Count(stdout, "FAIL features/"); n != tc.max {
				t.Errorf("%d failures listed, want %d:\n%s", n, tc.max, stdout)
			}
			if !strings.Contains(stderr, fmt.Sprintf("stopped after %d failed scenarios", tc.max)) {
				t.Errorf("stderr does not say why the run stopped:\n%s", stderr)
			}
		})
	}
}

// TestRunScenarioByLine: FILE:LINE runs the scenario that line falls in,
// FILE all of a file's, with flags before or after them, counted right
// (no line for the files left out, a score over what ran); a line with no
// scenario, or a file no provider has, is refused before the run.
func TestRunScenarioByLine(t *testing.T) {
	two := "@weavr\nFeature: login\n\n  Scenario: first\n" + refusedLogin + "    Then the response status should be 403\n\n  Scenario: second\n" + refusedLogin + "    Then the response status should be 200\n"
	other := "@weavr\nFeature: other\n\n  Scenario: third\n" + refusedLogin + "    Then the response status should be 403\n"
	dir := writeFiles(t, map[string]string{"weavr/login.feature": two, "weavr/other.feature": other})
	tests := []struct {
		name     string
		args     []string
		wantCode int
		want     []string
		not      []string
	}{
		{"the first only", []string{"weavr/login.feature:4"}, ExitOK,
			[]string{"running 1 scenario\n", "features/weavr/login.feature: 1 passed, 0 failed", "1 scenarios: 1 passed, 0 failed"},
			[]string{"other.feature", "fliqa", "fiskil"}},
		{"a step's line, flags after", []string{"weavr/login.feature:6", "--progress", "feature"}, ExitOK, []string{"running 1 scenario\n", "1 scenarios: 1 passed"}, nil},
		{"the second only", []string{"features/weavr/login.feature:12"}, ExitFailed, []string{"1 scenarios: 0 passed, 1 failed"}, nil},
		{"both, as FILE:LINE:LINE", []string{"weavr/login.feature:4:12"}, ExitFailed, []string{"running 2 scenarios", "2 scenarios: 1 passed, 1 failed"}, nil},
		{"a whole file, by its path on disk", []string{filepath.Join(dir, "weavr", "other.feature")}, ExitOK, []string{"running 1 scenario\n", "1 scenarios: 1 passed"}, []string{"login.feature"}},
		{"two files", []string{"weavr/other.feature", "weavr/login.feature:4"}, ExitOK, []string{"running 2 scenarios", "2 scenarios: 2 passed"}, nil},
		{"no scenario there", []string{"weavr/login.feature:3"}, ExitUsage, []string{"features/weavr/login.feature:3: no scenario there (its scenarios start at lines 4, 12)"}, []string{"running"}},
		{"no such file", []string{"weavr/nope.feature:4"}, ExitUsage, []string{"no such feature file"}, []string{"running"}},
		{"not FILE:LINE", []string{"login"}, ExitUsage, []string{"FILE.feature:LINE", scenarioExample}, nil},
		{"not a line", []string{"weavr/login.feature:x"}, ExitUsage, []string{"unexpected argument"}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			args := append([]string{"run", "--features", dir, "--progress", "feature", "--report-dir", filepath.Join(t.TempDir(), "r")}, tc.args...)
			code, stdout, stderr := mainWith(t, context.Background(), args...)
			out := stdout + stderr
			if code != tc.wantCode {
				t.Fatalf("exit %d, want %d\n%s", code, tc.wantCode, out)
			}
			for _, w := range tc.want {
				if !strings.Contains(out, w) {
					t.Errorf("output lacks %q\n%s", w, out)
				}
			}
			for _, n := range tc.not {
				if strings.Contains(out, n) {
					t.Errorf("output has %q\n%s", n, out)
				}
			}
		})
	}
}

// TestScenarioExampleIsAScenario: the example that messages give of a
// scenario argument names a real scenario of conform's own features, and
// running it alone counts one scenario and scores what it covers.
func TestScenarioExampleIsAScenario(t *testing.T) {
	code, stdout, stderr := mainWith(t, context.Background(), "run", scenarioExample, "--progress", "feature", "--report-dir", filepath.Join(t.TempDir(), "r"))
	if code != ExitOK {
		t.Fatalf("exit %d\n%s\n%s", code, stdout, stderr)
	}
	for _, want := range []string{"running 1 scenario\n", "features/weavr/logout.feature: 1 passed", "conformance score 1.0000"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("output lacks %q\n%s", want, stdout)
		}
	}
	for _, not := range []string{"fliqa", "fiskil", "login.feature"} {
		if strings.Contains(stdout, not) {
			t.Errorf("output names %q, which did not run\n%s", not, stdout)
		}
	}
}

// TestRerunFailed: --rerun-failed DIR runs again the scenarios that failed
// in the run reported in DIR, and says so plainly when DIR holds no
// reports or nothing failed.
func TestRerunFailed(t *testing.T) {
	two := "@weavr\nFeature: login\n\n  Scenario: first\n" + refusedLogin + "    Then the response status should be 403\n\n  Scenario: second\n" + refusedLogin + "    Then the response status should be 200\n"
	dir := writeFiles(t, map[string]string{"weavr/login.feature": two})
	first := filepath.Join(t.TempDir(), "first")
	if code, stdout, stderr := mainWith(t, context.Background(), "run", "--features", dir, "--progress", "none", "--report-dir", first); code != ExitFailed {
		t.Fatalf("first run: exit %d\n%s\n%s", code, stdout, stderr)
	}
	passed := filepath.Join(t.TempDir(), "passed")
	if code, stdout, stderr := mainWith(t, context.Background(), "run", "--features", dir, "--progress", "none", "--report-dir", passed, "weavr/login.feature:4"); code != ExitOK {
		t.Fatalf("passing run: exit %d\n%s\n%s", code, stdout, stderr)
	}
	tests := []struct {
		name     string
		from     string
		wantCode int
		want     string
	}{
		{"what failed", first, ExitFailed, "1 scenarios: 0 passed, 1 failed"},
		{"nothing failed", passed, ExitOK, "nothing to rerun: no scenario failed"},
		{"no reports there", t.TempDir(), ExitUsage, "holds no reports of a run (no cucumber.json): give the --report-dir of an earlier run"},
		{"no such folder", filepath.Join(t.TempDir(), "nope"), ExitUsage, "is not a folder"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, stderr := mainWith(t, context.Background(), "run", "--features", dir, "--progress", "none", "--report-dir", filepath.Join(t.TempDir(), "r"), "--rerun-failed", tc.from)
			if code != tc.wantCode || !strings.Contains(stdout+stderr, tc.want) {
				t.Fatalf("exit %d (want %d), output lacks %q\n%s\n%s", code, tc.wantCode, tc.want, stdout, stderr)
			}
		})
	}
}

// logoutScenarios writes n Weavr scenarios that each log out once, in
// weavr/<name>.feature, and a config (c.yaml) pointing at target without
// the control API: a run whose every request reaches target.
func logoutScenarios(t *testing.T, name string, n int, target string) (features, config string) {
	t.Helper()
	feature := "@weavr\nFeature: " + name + "\n\n"
	for i := range n {
		feature += fmt.Sprintf("  Scenario: s%d\n    Given I use the Weavr API\n    When I send a POST request to \"/logout\"\n    Then the response status should be 204\n\n", i)
	}
	features = writeFiles(t, map[string]string{"weavr/" + name + ".feature": feature})
	config = writeFiles(t, map[string]string{"c.yaml": "target: " + target + "\ncontrol: \"no\"\nproviders:\n  weavr:\n    credentials: {apiKey: k}\n"})
	return features, config
}

// TestLineProgressEndsQuietlyBeforeStart: a run refused before it started
// (bad tags, no such scenario) prints its error first, not after an empty
// progress line; a started one leaves its line.
func TestLineProgressEndsQuietlyBeforeStart(t *testing.T) {
	for _, tc := range []struct {
		name    string
		started bool
		want    string
	}{{"refused before the start", false, ""}, {"started", true, "\n"}} {
		t.Run(tc.name, func(t *testing.T) {
			var b strings.Builder
			p := &lineProgress{w: &b}
			if tc.started {
				p.Start(1)
			}
			p.end()
			if b.String() != tc.want {
				t.Fatalf("printed %q, want %q", b.String(), tc.want)
			}
		})
	}
}
