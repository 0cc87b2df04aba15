package conformtest_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestConsumerModule runs testdata/consumer, a module outside conform that
// tests a Weavr, a Fliqa and a Fiskil flow through conformtest, as another
// project would: it must build against conform by its import path alone
// (no internal package reached, no test helper missing) and pass.
//
// The module is copied to a temporary folder so that the go tool's
// updates to its go.mod never touch the repository; its replace points
// at this checkout, and conform's go.sum is its own, so that nothing has
// to be fetched that conform itself did not.
func TestConsumerModule(t *testing.T) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("the go tool is not on PATH, so the consumer module cannot be built")
	}
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, name := range []string{"go.mod", "doc.go", "consumer_test.go"} {
		copyFile(t, filepath.Join("testdata", "consumer", name), filepath.Join(dir, name))
	}
	copyFile(t, filepath.Join(root, "go.sum"), filepath.Join(dir, "go.sum"))

	run := func(args ...string) {
		t.Helper()
		cmd := exec.Command(goTool, args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("go %v in the consumer module: %v\n%s", args, err, out)
		}
	}
	run("mod", "edit", "-replace", "github.com/conformhq/conform="+root)
	run("test", "-count=1", "./...")
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
