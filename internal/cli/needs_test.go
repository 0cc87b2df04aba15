package cli

import (
	"context"
	"flag"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// TestListNeeds prints what a target can check, against golden files:
// the built-in simulator offers everything; a deployment described by a
// config offers its fixtures and credentials, and --list-needs sends it no
// request and writes no report.
func TestListNeeds(t *testing.T) {
	var requests atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		http.NotFound(w, r)
	}))
	defer srv.Close()
	cfg := writeFiles(t, map[string]string{"conform.yaml": `target: ` + srv.URL + `
providers:
  fliqa:
    credentials: {apiKey: k, apiSecret: s}
    fixtures:
      consentOwner: {msisdn: "+38641000001", email: owner@example.com}
      inquiry: {id: 0123456789abcdef0123456789abcdef}
  fiskil:
    credentials: {clientId: cli, clientSecret: sec}
    fixtures:
      end_user: {id: eu_1, email: eu@example.com}
`})
	tests := []struct {
		name, golden string
		args         []string
	}{
		{"built-in simulator", "list-needs-builtin.golden", []string{"--provider", "fliqa"}},
		{"a config without the control API", "list-needs-config.golden", []string{"--provider", "fliqa,fiskil", "--config", filepath.Join(cfg, "conform.yaml")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			reportDir := filepath.Join(t.TempDir(), "report")
			args := append([]string{"run", "--list-needs", "--report-dir", reportDir}, tt.args...)
			code, stdout, stderr := mainWith(t, context.Background(), args...)
			if code != ExitOK {
				t.Fatalf("exit %d, want 0\nstdout: %s\nstderr: %s", code, stdout, stderr)
			}
			if n := requests.Load(); n != 0 {
				t.Errorf("--list-needs sent %d requests to the target", n)
			}
			if _, err := os.Stat(reportDir); err == nil {
				t.Errorf("--list-needs made the report folder")
			}
			got := strings.ReplaceAll(stdout, srv.URL, "http://target.example")
			golden := filepath.Join("testdata", tt.golden)
			if *update {
				if err := os.MkdirAll("testdata", 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if got != string(want) {
				t.Errorf("--list-needs differs from %s (run go test -update if the change is intended):\n%s", golden, got)
			}
		})
	}
}
