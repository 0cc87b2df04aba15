package cli

import (
	"bufio"
	"context"
	"io"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"

	"github.com/conformhq/conform/internal/provider/all"
)

// TestREADMEWalkThroughsRunAsPasted runs the walk-throughs (docs/walkthroughs.md,
// which the README links), as written, against `conform serve`, pasted twice
// in a row into one shell, and checks that every status their comments
// promise is the status printed, both times: a walk-through must not depend
// on a simulator nobody used before.
func TestREADMEWalkThroughsRunAsPasted(t *testing.T) {
	for _, tool := range []string{"bash", "curl", "jq"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not installed: the walk-throughs need it", tool)
		}
	}
	script := walkThroughScript(t, "../../docs/walkthroughs.md")
	base := serveForTest(t)
	text := strings.Replace(script, "B=http://127.0.0.1:8080", "B="+base, 1)
	if text == script {
		t.Fatal("the walk-throughs no longer set B=http://127.0.0.1:8080")
	}
	var once []string
	for _, m := range regexp.MustCompile(`#\s+(\d{3})\b`).FindAllStringSubmatch(text, -1) {
		once = append(once, m[1])
	}
	if len(once) < 8 {
		t.Fatalf("only %d statuses promised: the walk-throughs lost their comments", len(once))
	}
	want := append(append([]string(nil), once...), once...)
	cmd := exec.Command("bash", "-c", "set -euo pipefail\n"+text+"\n"+text)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("the walk-throughs, pasted twice, failed: %v\n%s", err, out)
	}
	var got []string
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		if m := regexp.MustCompile(`^(\d{3})\b`).FindStringSubmatch(line); m != nil {
			got = append(got, m[1])
		}
	}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("statuses %v, the walk-throughs pasted twice promise %v\noutput:\n%s", got, want, out)
	}
	if n := strings.Count(string(out), "https://acme.example/success?consent_id="); n != 2 {
		t.Errorf("the consent redirected to redirect_uri with its consent_id %d times, want 2:\n%s", n, out)
	}
}

// walkThroughScript is every ```sh block of the walk-through page, in order.
func walkThroughScript(t *testing.T, path string) string {
	t.Helper()
	page, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var script strings.Builder
	for _, block := range regexp.MustCompile("(?s)```sh\n(.*?)```").FindAllStringSubmatch(string(page), -1) {
		script.WriteString(block[1])
	}
	if script.Len() == 0 {
		t.Fatalf("%s has no sh block", path)
	}
	return script.String()
}

// serveForTest runs `conform serve` on a loopback port until the test ends
// and returns its root URL.
func serveForTest(t *testing.T) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan struct{})
	go func() {
		defer close(done)
		MainContext(ctx, all.Providers(), []string{"serve", "--addr", "127.0.0.1:0"}, pw, io.Discard)
		pw.Close()
	}()
	t.Cleanup(func() { cancel(); <-done })
	lines := bufio.NewScanner(pr)
	listening := regexp.MustCompile(`listening on (http://127\.0\.0\.1:\d+)`)
	for lines.Scan() {
		if m := listening.FindStringSubmatch(lines.Text()); m != nil {
			go func() { _, _ = io.Copy(io.Discard, pr) }()
			return m[1]
		}
	}
	t.Fatal("conform serve did not say where it listens")
	return ""
}
