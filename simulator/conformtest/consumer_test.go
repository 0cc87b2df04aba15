package conformtest_test

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// maxConsumerPackages bounds the packages outside the standard library a
// consumer's tests link through conformtest (its own and conform's
// included): the simulator, kin-openapi, yaml, gjson, phonenumbers (with
// protobuf) — 70 when this was written. A new dependency of the simulator
// that crosses it is a decision to make, not an accident.
const maxConsumerPackages = 80

// TestConsumerModule copies testdata/consumer, a module outside conform
// that tests Weavr, Fliqa and Fiskil flows and a client's resilience
// through conformtest, to a temporary folder (so that the go tool's
// updates to its go.mod never touch the repository), points its replace at
// this checkout and, as another project would:
//   - vets it and lists what its tests link: no cucumber or godog package,
//     and at most maxConsumerPackages outside the standard library;
//   - runs its tests, which pass;
//   - runs the one that fails on purpose, whose failure must be reported
//     at the consumer's own line, not inside conformtest;
//   - checks that its go.mod still says go 1.25.0: conform's go line does
//     not force a newer Go on its consumers.
//
// conform's go.sum is copied in, so that nothing is fetched that conform
// did not already need; GOPROXY is the environment's.
func TestConsumerModule(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: the consumer module test builds another module with the go tool (about a minute cold)")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("the go tool is not on PATH, so the consumer module cannot be built")
	}
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, name := range []string{"go.mod", "doc.go", "consumer_test.go", "failing_test.go", "resilience_test.go"} {
		copyFile(t, filepath.Join("testdata", "consumer", name), filepath.Join(dir, name))
	}
	copyFile(t, filepath.Join(root, "go.sum"), filepath.Join(dir, "go.sum"))

	goCmd := func(env []string, args ...string) (string, error) {
		t.Helper()
		cmd := exec.Command(goTool, args...)
		cmd.Dir = dir
		cmd.Env = append(append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off"), env...)
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	run := func(args ...string) string {
		t.Helper()
		out, err := goCmd(nil, args...)
		if err != nil {
			t.Fatalf("go %v in the consumer module: %v\n%s", args, err, out)
		}
		return out
	}
	run("mod", "edit", "-replace", "github.com/conformhq/conform="+root)
	run("vet", "./...")

	deps := strings.Fields(run("list", "-deps", "-test", "-f", "{{if not .Standard}}{{.ImportPath}}{{end}}", "./..."))
	var linked []string
	for _, d := range deps {
		low := strings.ToLower(d)
		if strings.Contains(low, "cucumber") || strings.Contains(low, "godog") {
			t.Errorf("the consumer's tests link %s", d)
		}
		if !strings.HasPrefix(d, "example.com/consumer") {
			linked = append(linked, d)
		}
	}
	t.Logf("the consumer's tests link %d packages outside the standard library", len(linked))
	if len(linked) > maxConsumerPackages {
		t.Errorf("the consumer's tests link %d packages outside the standard library, more than %d:\n%s",
			len(linked), maxConsumerPackages, strings.Join(linked, "\n"))
	}

	run("test", "-count=1", "./...")

	out, err := goCmd([]string{"CONSUMER_MUST_FAIL=1"}, "test", "-count=1", "-run", "^TestFailsAtItsOwnLine$", "./...")
	if err == nil {
		t.Fatalf("the failing consumer test passed:\n%s", out)
	}
	want := "failing_test.go:" + strconv.Itoa(markedLine(t, filepath.Join(dir, "failing_test.go"), "// reported here")) + ": conformtest: AddFault"
	if !strings.Contains(out, want) {
		t.Errorf("the failure is not reported at the consumer's line (%q):\n%s", want, out)
	}

	mod, err := os.ReadFile(filepath.Join(dir, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	goLine := regexp.MustCompile(`(?m)^go (\S+)$`).FindSubmatch(mod)
	if goLine == nil || string(goLine[1]) != "1.25.0" || regexp.MustCompile(`(?m)^toolchain `).Match(mod) {
		t.Errorf("building against conform changed the consumer's go line or toolchain:\n%s", mod)
	}
}

// markedLine is the number of the line of file that contains marker.
func markedLine(t *testing.T, file, marker string) int {
	t.Helper()
	fh, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	sc := bufio.NewScanner(fh)
	for n := 1; sc.Scan(); n++ {
		if strings.Contains(sc.Text(), marker) {
			return n
		}
	}
	t.Fatalf("%s has no line marked %q", file, marker)
	return 0
}

// copyFile copies one file, failing t.
func copyFile(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, b, 0o644); err != nil {
		t.Fatal(err)
	}
}
