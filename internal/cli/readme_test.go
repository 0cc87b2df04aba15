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

// TestREADMEWalkThroughsRunAsPasted runs the README's walk-throughs, as
// written, against `conform serve`, and checks that every status their
// comments promise is the status printed.
func TestREADMEWalkThroughsRunAsPasted(t *testing.T) {
	for _, tool := range []string{"bash", "curl", "jq"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not installed: the walk-throughs need it", tool)
		}
	}
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	section := string(readme)
	start := strings.Index(section, "### Walk-throughs")
	end := strings.Index(section, "### The control API")
	if start < 0 || end < start {
		t.Fatal("the README has no walk-through section")
	}
	var script strings.Builder
	for _, block := range regexp.MustCompile("(?s)```sh\n(.*?)```").FindAllStringSubmatch(section[start:end], -1) {
		script.WriteString(block[1])
	}
	base := serveForTest(t)
	text := strings.Replace(script.String(), "B=http://127.0.0.1:8080", "B="+base, 1)
	if text == script.String() {
		t.Fatal("the walk-throughs no longer set B=http://127.0.0.1:8080")
	}
	var want []string
	for _, m := range regexp.MustCompile(`#\s+(\d{3})\b`).FindAllStringSubmatch(text, -1) {
		want = append(want, m[1])
	}
	cmd := exec.Command("bash", "-c", "set -euo pipefail\n"+text)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("the walk-throughs failed: %v\n%s", err, out)
	}
	var got []string
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		if m := regexp.MustCompile(`^(\d{3})\b`).FindStringSubmatch(line); m != nil {
			got = append(got, m[1])
		}
	}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("statuses %v, the README promises %v\noutput:\n%s", got, want, out)
	}
	if !strings.Contains(string(out), "https://acme.example/success?consent_id=") {
		t.Errorf("the consent did not redirect to redirect_uri with its consent_id:\n%s", out)
	}
	if len(want) < 8 {
		t.Errorf("only %d statuses promised: the walk-throughs lost their comments", len(want))
	}
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
