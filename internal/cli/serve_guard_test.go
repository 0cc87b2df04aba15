package cli

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/conformhq/conform/internal/provider/all"
)

// TestServeBeyondLoopbackNeedsItsToken: `conform serve` on every interface
// says so, generates a control token and prints it once; the control API
// refuses requests without it; `conform run` with the token in its config
// runs the whole suite against it, and without the token stops before the
// run instead of going on without the control API.
func TestServeBeyondLoopbackNeedsItsToken(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	pr, pw := io.Pipe()
	var stderr syncBuffer
	done := make(chan int, 1)
	go func() {
		done <- MainContext(ctx, all.Providers(), []string{"serve", "--addr", "0.0.0.0:0"}, pw, &stderr)
		pw.Close()
	}()
	lines := bufio.NewScanner(pr)
	port := regexp.MustCompile(`listening on http://[^ ]*:(\d+): every interface`)
	tokenLine := regexp.MustCompile(`needs this token \(header Conform-Control-Token\), since the simulator is reachable beyond this machine: (\S+)`)
	var base, token string
	for (base == "" || token == "") && lines.Scan() {
		if m := port.FindStringSubmatch(lines.Text()); m != nil {
			base = "http://127.0.0.1:" + m[1]
		}
		if m := tokenLine.FindStringSubmatch(lines.Text()); m != nil {
			token = m[1]
		}
	}
	go func() { _, _ = io.Copy(io.Discard, pr) }()
	if base == "" || token == "" {
		cancel()
		t.Fatalf("serve did not say where it listens and its token; stderr: %s", stderr.String())
	}

	for _, tc := range []struct {
		name  string
		token string
		want  int
	}{{"without the token", "", http.StatusUnauthorized}, {"with it", token, http.StatusOK}} {
		req, _ := http.NewRequest(http.MethodGet, base+"/_control/sandboxes", nil)
		if tc.token != "" {
			req.Header.Set("Conform-Control-Token", tc.token)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != tc.want {
			t.Errorf("%s: %d, want %d", tc.name, resp.StatusCode, tc.want)
		}
	}

	dir := t.TempDir()
	withToken := filepath.Join(dir, "with.yaml")
	if err := os.WriteFile(withToken, []byte("target: "+base+"\ncontrolToken: ${CONFORM_TEST_CONTROL_TOKEN}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("CONFORM_TEST_CONTROL_TOKEN", token)
	code, stdout, errOut := mainWith(t, context.Background(), "run", "--config", withToken, "--progress", "none", "--report-dir", filepath.Join(dir, "r"))
	if code != ExitOK || !strings.Contains(stdout, "control API: found") || !strings.Contains(stdout, "0 failed") {
		t.Errorf("run with the token: exit %d\n%s\n%s", code, stdout, errOut)
	}
	for _, f := range []string{"summary.json", "junit.xml", "cucumber.json", "report.html"} {
		b, _ := os.ReadFile(filepath.Join(dir, "r", f))
		if strings.Contains(string(b), token) {
			t.Errorf("%s contains the control token", f)
		}
	}
	code, _, errOut = mainWith(t, context.Background(), "run", "--target", base, "--progress", "none", "--report-dir", filepath.Join(dir, "r2"))
	if code != ExitUsage || !strings.Contains(errOut, "needs its token") {
		t.Errorf("run without the token: exit %d, want 2 naming the token\n%s", code, errOut)
	}

	cancel()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not stop")
	}
}
