package container_test

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/conformhq/conform/internal/cli"
	"github.com/conformhq/conform/internal/container"
	"github.com/conformhq/conform/internal/provider/all"
)

// buildImage builds the repository's image (its Dockerfile: FROM scratch,
// a static conform serving the simulator), the only kind of image this
// machine can make, since no registry is reachable.
func buildImage(t *testing.T, ctx context.Context) string {
	t.Helper()
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	tag := "conform-test:" + strings.ToLower(strings.ReplaceAll(t.Name(), "/", "-"))
	if err := container.BuildImage(ctx, root, tag); err != nil {
		t.Fatalf("building the image: %v", err)
	}
	t.Cleanup(func() { _ = exec.Command("docker", "rmi", "-f", tag).Run() })
	return tag
}

// TestRunAgainstAnImage certifies an image the way a vendor would:
// `conform run --image`, the whole suite, reports written, exit 0, and the
// container removed afterwards.
func TestRunAgainstAnImage(t *testing.T) {
	// Image builds retry forever on transient errors: bound everything.
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	if err := container.Available(ctx); err != nil {
		t.Skipf("not run: %v", err)
	}
	image := buildImage(t, ctx)
	reports := t.TempDir()
	const token = "container-control-token-0001"
	var stdout, stderr bytes.Buffer
	code := cli.MainContext(ctx, all.Providers(), []string{"run", "--image", image, "--image-ready-path", "/healthz", "--report-dir", reports,
		// conform serve in a container listens on every interface of it, so
		// its control API wants a token: the image gets one, the harness too.
		"--image-env", "CONFORM_CONTROL_TOKEN=" + token, "--control-token", token}, &stdout, &stderr)
	if code != cli.ExitOK {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout.String(), stderr.String())
	}
	out := stdout.String()
	if !strings.Contains(out, " 0 failed, 0 not applicable") {
		t.Fatalf("expected every scenario to run and pass against the container:\n%s", out)
	}
	if _, err := os.Stat(filepath.Join(reports, "summary.json")); err != nil {
		t.Fatal(err)
	}
	ps, _ := exec.Command("docker", "ps", "-q", "--filter", "ancestor="+image).Output()
	if len(bytes.TrimSpace(ps)) > 0 {
		t.Fatalf("the container outlived the run: %s", ps)
	}
}

func TestStartRefusesAMissingImage(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := container.Available(ctx); err != nil {
		t.Skipf("not run: %v", err)
	}
	var stdout, stderr bytes.Buffer
	code := cli.MainContext(ctx, all.Providers(), []string{"run", "--image", "conform-test/does-not-exist:never"}, &stdout, &stderr)
	if code != cli.ExitUsage || !strings.Contains(stderr.String(), "does-not-exist") {
		t.Fatalf("exit %d, stderr: %s", code, stderr.String())
	}
}

func TestStartWithoutImage(t *testing.T) {
	if _, err := container.Start(context.Background(), container.Options{}); err == nil {
		t.Fatal("no image must be an error")
	}
}
