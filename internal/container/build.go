package container

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/testcontainers/testcontainers-go"
)

// BuildImage builds the simulator's image from the repository's own
// Dockerfile, as `make image` does: a static conform binary (CGO_ENABLED=0)
// built with the local Go toolchain, then `docker build` of FROM scratch,
// so that no registry is needed. root is the repository's root; the image
// is tagged tag and kept (the caller removes it). Tests use it to run the
// image they ship, not a copy of its Dockerfile.
func BuildImage(ctx context.Context, root, tag string) error {
	dir, err := os.MkdirTemp("", "conform-image-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	bin := filepath.Join(dir, "bin", "image", "conform")
	build := exec.CommandContext(ctx, "go", "build", "-trimpath", "-ldflags", "-s -w", "-o", bin, "./cmd/conform")
	build.Dir = root
	build.Env = append(os.Environ(), "CGO_ENABLED=0", "GOOS=linux")
	if out, err := build.CombinedOutput(); err != nil {
		return fmt.Errorf("container: go build: %v\n%s", err, out)
	}
	for _, f := range []string{"Dockerfile", ".dockerignore"} {
		b, err := os.ReadFile(filepath.Join(root, f))
		if err != nil {
			return fmt.Errorf("container: the repository's %s: %w", f, err)
		}
		if err := os.WriteFile(filepath.Join(dir, f), b, 0o644); err != nil {
			return err
		}
	}
	disableReaper()
	p, err := testcontainers.NewDockerProvider()
	if err != nil {
		return fmt.Errorf("%w: %v", ErrNoDocker, err)
	}
	defer p.Close()
	repo, version, _ := strings.Cut(tag, ":")
	if version == "" {
		version = "latest"
	}
	req := testcontainers.ContainerRequest{FromDockerfile: testcontainers.FromDockerfile{
		Context: dir, Repo: repo, Tag: version, KeepImage: true,
	}}
	if _, err := p.BuildImage(ctx, &req); err != nil {
		return fmt.Errorf("container: docker build: %w", err)
	}
	return nil
}
