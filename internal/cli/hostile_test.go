package cli

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/conformhq/conform/internal/hostile"
	"github.com/conformhq/conform/internal/provider/all"
	"github.com/conformhq/conform/simulator"
)

// newSimulator serves conform's simulator of every provider behind front
// (nil: as it is).
func newSimulator(t *testing.T, front func(http.Handler) http.Handler) *httptest.Server {
	t.Helper()
	sim, err := simulator.New(simulator.Options{Providers: all.Providers().Simulators()})
	if err != nil {
		t.Fatal(err)
	}
	var h http.Handler = sim
	if front != nil {
		h = front(sim)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

// TestNoFalseGreen: a run that could judge nothing, or whose control-API
// probe got only server errors, never exits 0 unless asked.
func TestNoFalseGreen(t *testing.T) {
	plain := newSimulator(t, nil)
	failing := newSimulator(t, func(h http.Handler) http.Handler {
		return hostile.Status("/_control", http.StatusServiceUnavailable, 0, h)
	})
	throttling := newSimulator(t, func(h http.Handler) http.Handler {
		return hostile.Status("/_control", http.StatusTooManyRequests, 0, h)
	})
	tests := []struct {
		name     string
		config   string
		args     []string
		wantCode int
		want     []string
		wantOut  []string
	}{
		{
			name:     "nothing ran: fiskil without control API or credentials",
			config:   "target: " + plain.URL + "\ncontrol: \"no\"\n",
			args:     []string{"--provider", "fiskil"},
			wantCode: ExitUsage,
			want:     []string{"nothing ran: none of", "not applicable", "--allow-empty"},
		},
		{
			name:     "nothing ran, and --allow-empty accepts it",
			config:   "target: " + plain.URL + "\ncontrol: \"no\"\n",
			args:     []string{"--provider", "fiskil", "--allow-empty"},
			wantCode: ExitOK,
		},
		{
			name:     "fliqa without control API or credentials: its credential scenarios are not applicable",
			config:   "target: " + plain.URL + "\ncontrol: \"no\"\n",
			args:     []string{"--provider", "fliqa"},
			wantCode: ExitOK,
			wantOut:  []string{"credential:fliqa/apiKey (config providers.fliqa.credentials.apiKey)", " 0 failed"},
		},
		{
			name:     "a control API answering 503 is an error naming it",
			config:   "target: " + failing.URL + "\n",
			args:     []string{"--provider", "weavr"},
			wantCode: ExitUsage,
			want:     []string{"answered 503 Service Unavailable to each of 3 attempts"},
		},
		{
			name:     "a control API answering 429 is an error naming it",
			config:   "target: " + throttling.URL + "\n",
			args:     []string{"--provider", "fiskil"},
			wantCode: ExitUsage,
			want:     []string{"answered 429 Too Many Requests"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cfg := writeFiles(t, map[string]string{"c.yaml": tc.config})
			args := append([]string{"run", "--config", filepath.Join(cfg, "c.yaml"), "--progress", "none", "--report-dir", filepath.Join(t.TempDir(), "r")}, tc.args...)
			code, stdout, stderr := mainWith(t, context.Background(), args...)
			if code != tc.wantCode {
				t.Fatalf("exit %d, want %d\n%s\n%s", code, tc.wantCode, stdout, stderr)
			}
			for _, w := range tc.want {
				if !strings.Contains(stderr, w) {
					t.Errorf("stderr lacks %q:\n%s", w, stderr)
				}
			}
			for _, w := range tc.wantOut {
				if !strings.Contains(stdout, w) {
					t.Errorf("stdout lacks %q:\n%s", w, stdout)
				}
			}
			if strings.Contains(stdout+stderr, "control API: absent") {
				t.Errorf("a failing probe was read as no control API:\n%s", stdout)
			}
		})
	}
}

// TestNoRawControlCharacter: a target that puts terminal escape sequences
// in every field of its answers (bodies, error reasons, headers; and a
// consent page's raw bytes) gets none of them raw onto the console or
// into a report: every message path shows them visibly (\x1b).
func TestNoRawControlCharacter(t *testing.T) {
	srv := newSimulator(t, func(h http.Handler) http.Handler { return hostile.Escaping(hostile.BrokenPages(h)) })
	dir := filepath.Join(t.TempDir(), "r")
	cfg := writeFiles(t, map[string]string{"c.yaml": "target: " + srv.URL + "\n"})
	code, stdout, stderr := mainWith(t, context.Background(), "run", "--config", filepath.Join(cfg, "c.yaml"), "--provider", "fliqa,fiskil", "--progress", "feature", "--report-dir", dir)
	if code != ExitFailed {
		t.Fatalf("exit %d, want %d (the escapes break the specs)\n%.2000s\n%s", code, ExitFailed, stdout, stderr)
	}
	outputs := map[string]string{"stdout": stdout, "stderr": stderr}
	for _, name := range []string{"junit.xml", "cucumber.json", "report.html", "summary.json"} {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		outputs[name] = string(b)
	}
	for name, text := range outputs {
		for i, r := range text {
			if (r < 0x20 && r != '\n' && r != '\t' && r != '\r') || r == 0x7f || (r >= 0x80 && r <= 0x9f) {
				t.Errorf("%s: raw control character %q at %d: %q", name, r, i, text[max(0, i-80):min(len(text), i+40)])
				break
			}
		}
	}
	if !strings.Contains(stdout, `\x1b[2J`) {
		t.Errorf("the console does not show the escape visibly:\n%.3000s", stdout)
	}
	if !strings.Contains(outputs["report.html"], `\x1b[2J`) {
		t.Errorf("report.html does not show the escape visibly")
	}
}

// TestEndlessAnswerIsBounded: a target whose answer never ends (Fiskil's
// token endpoint streams a JSON string without end) cannot hold the run:
// --timeout bounds each exchange, the scenarios that needed the token
// do not pass, and the run ends with a verdict.
func TestEndlessAnswerIsBounded(t *testing.T) {
	srv := newSimulator(t, func(h http.Handler) http.Handler { return hostile.Endless("/fiskil/v1/token", h) })
	dir := filepath.Join(t.TempDir(), "r")
	cfg := writeFiles(t, map[string]string{"c.yaml": "target: " + srv.URL + "\n"})
	code, stdout, stderr := mainWith(t, context.Background(), "run", "--config", filepath.Join(cfg, "c.yaml"),
		"--timeout", "2s", "--progress", "none", "--report-dir", dir, "fiskil/create_token.feature")
	t.Logf("exit %d\n%s", code, stdout)
	if code == ExitOK {
		t.Fatalf("exit 0 against endless answers:\n%s\n%s", stdout, stderr)
	}
	if strings.Contains(stdout, " 0 failed, 0 errors") {
		t.Errorf("no scenario failed or erred against endless answers:\n%s", stdout)
	}
	if _, err := os.Stat(filepath.Join(dir, "summary.json")); err != nil {
		t.Errorf("the run wrote no summary: %v\n%s", err, stderr)
	}
}
