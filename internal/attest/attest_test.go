package attest

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/conformhq/conform/reports"
)

// attested writes a report folder, a key pair and a signed attestation.
func attested(t *testing.T) (dir, pub string, features fstest.MapFS) {
	t.Helper()
	dir = t.TempDir()
	keys := t.TempDir()
	priv, pub := filepath.Join(keys, "conform.key"), filepath.Join(keys, "conform.pub")
	if err := Keygen(priv, pub); err != nil {
		t.Fatal(err)
	}
	for _, name := range reports.Files {
		content := "report " + name
		if name == reports.SummaryFile {
			content = `{"target":"https://sandbox.example","score":1}`
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	features = fstest.MapFS{"weavr/login.feature": {Data: []byte("Feature: login\n")}}
	key, err := os.ReadFile(priv)
	if err != nil {
		t.Fatal(err)
	}
	if err := Sign(context.Background(), key, dir, map[string][]byte{"features/weavr/login.feature": features["weavr/login.feature"].Data}); err != nil {
		t.Fatal(err)
	}
	return dir, pub, features
}

// TestVerify: an attested run verifies; any report byte or feature file
// changed, a file gone, another key: it does not, and says why.
func TestVerify(t *testing.T) {
	tests := []struct {
		name   string
		tamper func(t *testing.T, dir string, features fstest.MapFS, pub *string)
		want   string // "" verifies
	}{
		{"as signed", func(*testing.T, string, fstest.MapFS, *string) {}, ""},
		{"a report byte changed", func(t *testing.T, dir string, _ fstest.MapFS, _ *string) {
			rewrite(t, filepath.Join(dir, reports.HTMLFile), "report report.htmX")
		}, "report.html changed since it was signed"},
		{"summary rewritten", func(t *testing.T, dir string, _ fstest.MapFS, _ *string) {
			rewrite(t, filepath.Join(dir, reports.SummaryFile), `{"target":"https://sandbox.example","score":0.5}`)
		}, "summary.json changed"},
		{"a feature file changed", func(_ *testing.T, _ string, f fstest.MapFS, _ *string) {
			f["weavr/login.feature"] = &fstest.MapFile{Data: []byte("Feature: login, weakened\n")}
		}, "features/weavr/login.feature changed"},
		{"a report missing", func(t *testing.T, dir string, _ fstest.MapFS, _ *string) {
			os.Remove(filepath.Join(dir, reports.JUnitFile))
		}, "junit.xml is missing"},
		{"another key", func(t *testing.T, _ string, _ fstest.MapFS, pub *string) {
			d := t.TempDir()
			*pub = filepath.Join(d, "other.pub")
			if err := Keygen(filepath.Join(d, "other.key"), *pub); err != nil {
				t.Fatal(err)
			}
		}, "signed with another key (key id "},
		{"the envelope's payload altered", func(t *testing.T, dir string, _ fstest.MapFS, _ *string) {
			b, err := os.ReadFile(filepath.Join(dir, File))
			if err != nil {
				t.Fatal(err)
			}
			var env map[string]any
			if err := json.Unmarshal(b, &env); err != nil {
				t.Fatal(err)
			}
			env["payload"] = base64.StdEncoding.EncodeToString([]byte(`{"_type":"forged"}`))
			b, _ = json.Marshal(env)
			if err := os.WriteFile(filepath.Join(dir, File), b, 0o644); err != nil {
				t.Fatal(err)
			}
		}, "the signature does not verify with this key: attestation.dsse.json was changed after it was signed"},
		{"not signed", func(t *testing.T, dir string, _ fstest.MapFS, _ *string) {
			os.Remove(filepath.Join(dir, File))
		}, "not signed: run with --attest KEY"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir, pub, features := attested(t)
			tc.tamper(t, dir, features, &pub)
			key, err := os.ReadFile(pub)
			if err != nil {
				t.Fatal(err)
			}
			v, err := Verify(context.Background(), key, dir, features)
			if tc.want == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				if len(v.Files) != len(reports.Files)+1 || !strings.Contains(string(v.Summary), "sandbox.example") {
					t.Errorf("verified %v, summary %s", v.Files, v.Summary)
				}
				return
			}
			if !errors.Is(err, ErrNotAttested) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want %q", err, tc.want)
			}
		})
	}
}

func rewrite(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestVerifyWithOpenSSL runs docs/attestation.md's third-party check, with openssl,
// jq and sha256sum, on an attestation, then on a tampered report.
func TestVerifyWithOpenSSL(t *testing.T) {
	for _, tool := range []string{"bash", "openssl", "jq", "base64", "sha256sum"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not installed: the third-party check cannot run here", tool)
		}
	}
	dir, pub, _ := attested(t)
	script, err := os.ReadFile(filepath.Join("testdata", "verify-with-openssl.sh"))
	if err != nil {
		t.Fatal(err)
	}
	run := func() (string, error) {
		cmd := exec.Command("bash", "-c", string(script), "verify", dir, pub)
		cmd.Dir = t.TempDir()
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	if out, err := run(); err != nil || !strings.Contains(out, "Signature Verified Successfully") {
		t.Fatalf("the documented check refused a good attestation: %v\n%s", err, out)
	}
	rewrite(t, filepath.Join(dir, reports.CucumberFile), "tampered")
	if out, err := run(); err == nil {
		t.Fatalf("the documented check accepted a tampered report:\n%s", out)
	}
}
