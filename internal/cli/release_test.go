package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/conformhq/conform/internal/provider/all"
)

// TestVersionJSON: version --json names the build and every provider's
// spec versions, the default first.
func TestVersionJSON(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := MainContext(context.Background(), all.Providers(), []string{"version", "--json"}, &stdout, &stderr); code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	var got versionReport
	if err := json.Unmarshal(stdout.Bytes(), &got); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, stdout.String())
	}
	if got.Version == "" || !strings.HasPrefix(got.GoVersion, "go") {
		t.Errorf("version %q, go %q: want both", got.Version, got.GoVersion)
	}
	for _, d := range all.Providers() {
		p, ok := got.Providers[d.Name]
		if !ok || len(p.Versions) != len(d.Versions) || p.Default != d.Versions[0].Name {
			t.Errorf("%s: %+v, want versions %v, default first", d.Name, p, d.VersionNames())
		}
	}
}

// TestReleaseCommandsUsage: the new commands refuse what they cannot use.
func TestReleaseCommandsUsage(t *testing.T) {
	tests := []struct {
		name   string
		args   []string
		want   int
		stderr string
	}{
		{"version argument", []string{"version", "extra"}, ExitUsage, "unexpected arguments"},
		{"version unknown flag", []string{"version", "--jsno"}, ExitUsage, "did you mean --json"},
		{"completion without shell", []string{"completion"}, ExitUsage, "bash|zsh|fish"},
		{"completion of another shell", []string{"completion", "powershell"}, ExitUsage, `no completion for the shell "powershell"`},
		{"completion help", []string{"completion", "-h"}, ExitOK, ""},
		{"healthcheck bad timeout", []string{"healthcheck", "--timeout", "0s"}, ExitUsage, "--timeout must be positive"},
		{"healthcheck bad url", []string{"healthcheck", "--url", "::"}, ExitUsage, "bad --url"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := MainContext(context.Background(), all.Providers(), tc.args, &stdout, &stderr)
			if code != tc.want || !strings.Contains(stderr.String(), tc.stderr) {
				t.Errorf("exit %d, stderr %q; want exit %d mentioning %q", code, stderr.String(), tc.want, tc.stderr)
			}
		})
	}
}

// TestHealthcheck: 0 only for a 200 from the health endpoint; 1 for any
// other status or no answer.
func TestHealthcheck(t *testing.T) {
	answering := func(status int) string {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(status) }))
		t.Cleanup(srv.Close)
		return srv.URL + "/healthz"
	}
	closed := httptest.NewServer(http.NotFoundHandler())
	closed.Close()
	tests := []struct {
		name   string
		url    string
		want   int
		output string
	}{
		{"healthy", answering(http.StatusOK), ExitOK, "healthy"},
		{"unhealthy status", answering(http.StatusServiceUnavailable), ExitFailed, "503"},
		{"not found", answering(http.StatusNotFound), ExitFailed, "404"},
		{"nothing listening", closed.URL + "/healthz", ExitFailed, "unhealthy"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := MainContext(context.Background(), all.Providers(), []string{"healthcheck", "--url", tc.url, "--timeout", "2s"}, &stdout, &stderr)
			if code != tc.want || !strings.Contains(stdout.String()+stderr.String(), tc.output) {
				t.Errorf("exit %d, output %q; want exit %d mentioning %q", code, stdout.String()+stderr.String(), tc.want, tc.output)
			}
		})
	}
}

// TestCompletionScripts: each shell's script offers every command, the
// flags each command defines, and the shells for completion itself.
func TestCompletionScripts(t *testing.T) {
	for _, shell := range strings.Fields(shells) {
		t.Run(shell, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			if code := MainContext(context.Background(), all.Providers(), []string{"completion", shell}, &stdout, &stderr); code != ExitOK {
				t.Fatalf("exit %d: %s", code, stderr.String())
			}
			script := stdout.String()
			for _, c := range commands() {
				if !strings.Contains(script, c.name) {
					t.Errorf("the command %s is missing", c.name)
				}
			}
			// A flag of each kind of command: serve, run, version, healthcheck.
			for _, flag := range []string{"addr", "report-dir", "json", "url"} {
				if !strings.Contains(script, "--"+flag) && !strings.Contains(script, "-l "+flag) {
					t.Errorf("the flag --%s is missing", flag)
				}
			}
		})
	}
}

// TestBuiltBinary builds conform as make does and checks what a user sees
// of it: the version make stamps, and a bash completion that loads and
// completes.
func TestBuiltBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := filepath.Join(t.TempDir(), "conform")
	const stamp = "v9.8.7-1-gabcdef0"
	build := exec.Command("go", "build", "-ldflags", "-X github.com/conformhq/conform/internal/version.stamped="+stamp, "-o", bin, "../../cmd/conform")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	t.Run("stamped version", func(t *testing.T) {
		out, err := exec.Command(bin, "version", "--json").Output()
		if err != nil {
			t.Fatal(err)
		}
		var got versionReport
		if err := json.Unmarshal(out, &got); err != nil || got.Version != stamp {
			t.Errorf("version %q (%v), want the stamp %q", got.Version, err, stamp)
		}
		line, _ := exec.Command(bin, "version").Output()
		if !strings.HasPrefix(string(line), "conform "+stamp+" ") {
			t.Errorf("version line %q, want it to start with conform %s", line, stamp)
		}
	})
	t.Run("bash completion loads", func(t *testing.T) {
		if _, err := exec.LookPath("bash"); err != nil {
			t.Skip("no bash")
		}
		// `conform` must be found by name, as a user's shell finds it.
		env := append(os.Environ(), "PATH="+filepath.Dir(bin)+string(os.PathListSeparator)+os.Getenv("PATH"))
		tests := []struct {
			name, script, want string
		}{
			{"registered", `source <(conform completion bash) && complete -p conform`, "complete -o default -F _conform conform"},
			{"commands", `source <(conform completion bash); COMP_WORDS=(conform he); COMP_CWORD=1; _conform; echo "${COMPREPLY[@]}"`, "healthcheck help"},
			{"flags", `source <(conform completion bash); COMP_WORDS=(conform serve --ad); COMP_CWORD=2; _conform; echo "${COMPREPLY[@]}"`, "--addr"},
			{"shells", `source <(conform completion bash); COMP_WORDS=(conform completion z); COMP_CWORD=2; _conform; echo "${COMPREPLY[@]}"`, "zsh"},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				cmd := exec.Command("bash", "-c", tc.script)
				cmd.Env = env
				out, err := cmd.CombinedOutput()
				if err != nil || strings.TrimSpace(string(out)) != tc.want {
					t.Errorf("%s: %q (%v), want %q", tc.script, out, err, tc.want)
				}
			})
		}
	})
	t.Run("zsh and fish parse", func(t *testing.T) {
		for _, shell := range []string{"zsh", "fish"} {
			if _, err := exec.LookPath(shell); err != nil {
				t.Logf("%s is not installed: its script is not parsed", shell)
				continue
			}
			script, err := exec.Command(bin, "completion", shell).Output()
			if err != nil {
				t.Fatal(err)
			}
			cmd := exec.Command(shell, "-n")
			cmd.Stdin = bytes.NewReader(script)
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Errorf("%s -n: %v\n%s", shell, err, out)
			}
		}
	})
}

// TestCompletionKnowsEveryCommand: every command the usage names is one
// completion offers, so that a new command cannot be left out of it.
func TestCompletionKnowsEveryCommand(t *testing.T) {
	offered := map[string]bool{}
	for _, c := range commands() {
		offered[c.name] = true
	}
	named := regexp.MustCompile(`(?m)^  conform ([a-z]+)`).FindAllStringSubmatch(usageHeader, -1)
	if len(named) < 5 {
		t.Fatalf("the usage names only %d commands: has its layout changed?", len(named))
	}
	for _, m := range named {
		if !offered[m[1]] {
			t.Errorf("the usage names %q, which completion does not offer (add it to commands())", m[1])
		}
	}
}
