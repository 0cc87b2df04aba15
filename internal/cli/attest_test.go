package cli

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestAttestAndVerify: keygen, an attested run, verify accepts it; after a
// report byte or a feature file changes, verify refuses it (exit 1).
func TestAttestAndVerify(t *testing.T) {
	dir := t.TempDir()
	features := writeFiles(t, map[string]string{"weavr/login.feature": passingFeature})
	keys := filepath.Join(dir, "k")
	reports := filepath.Join(dir, "r")
	steps := []struct {
		name   string
		before func()
		args   []string
		want   int
		out    string
	}{
		{"keygen", nil, []string{"keygen", "--out", keys}, ExitOK, "key id "},
		{"keygen refuses to overwrite", nil, []string{"keygen", "--out", keys}, ExitUsage, ""},
		{"attested run", nil, []string{"run", "--features", features, "--progress", "none", "--attest", keys + ".key", "--report-dir", reports}, ExitOK, "attestation: "},
		{"verify", nil, []string{"verify", "--key", keys + ".pub", "--features", features, reports}, ExitOK, "VERIFIED: signed by key"},
		{"verify without the run's features", nil, []string{"verify", "--key", keys + ".pub", reports}, ExitFailed, "features/weavr/login.feature"},
		{"a weakened feature file", func() {
			os.WriteFile(filepath.Join(features, "weavr", "login.feature"), []byte(strings.Replace(passingFeature, "403", "401", 1)), 0o644)
		}, []string{"verify", "--key", keys + ".pub", "--features", features, reports}, ExitFailed, "features/weavr/login.feature changed since it was signed"},
		{"a report byte changed", func() {
			os.WriteFile(filepath.Join(features, "weavr", "login.feature"), []byte(passingFeature), 0o644)
			b, _ := os.ReadFile(filepath.Join(reports, "summary.json"))
			os.WriteFile(filepath.Join(reports, "summary.json"), append(b, ' '), 0o644)
		}, []string{"verify", "--key", keys + ".pub", "--features", features, reports}, ExitFailed, "summary.json changed since it was signed"},
		{"attest with a public key", nil, []string{"run", "--features", features, "--attest", keys + ".pub", "--report-dir", reports}, ExitUsage, ""},
		{"verify after the refused run", nil, []string{"verify", "--key", keys + ".pub", "--features", features, reports}, ExitFailed, "summary.json changed"},
	}
	for _, st := range steps {
		if st.before != nil {
			st.before()
		}
		code, stdout, stderr := mainWith(t, context.Background(), st.args...)
		if code != st.want || !strings.Contains(stdout, st.out) {
			t.Fatalf("%s: exit %d (want %d), stdout lacks %q?\n%s\n%s", st.name, code, st.want, st.out, stdout, stderr)
		}
	}
}
