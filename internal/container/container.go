// Package container starts an implementation under test from a container
// image (testcontainers-go), so that a vendor can certify an image as well
// as a URL: `conform run --image vendor/fiskil:1.4`.
package container

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/testcontainers/testcontainers-go"
	tclog "github.com/testcontainers/testcontainers-go/log"
)

// Options says which image to start and how to tell it is ready.
type Options struct {
	// Image is an image the Docker engine has (no registry is assumed to be
	// reachable: `docker load` or build it first).
	Image string
	// Port is the container port the HTTP API listens on (default 8080).
	Port string
	// Env is the container's environment.
	Env map[string]string
	// ReadyPath is polled until it answers any HTTP status (default "/"):
	// the image need not have a shell or a health endpoint.
	ReadyPath string
	// StartupTimeout bounds the wait for readiness (default 60s).
	StartupTimeout time.Duration
}

// Target is a started container.
type Target struct {
	// URL is the root URL of the container's API as seen from here.
	URL string
	// ImageID is the image's content-addressed id (sha256:…).
	ImageID string
	c       testcontainers.Container
}

// ErrNoDocker is returned (wrapped) when no Docker engine answers.
var ErrNoDocker = errors.New("no Docker engine is reachable")

// Start starts the image and waits until it answers HTTP.
func Start(ctx context.Context, opts Options) (*Target, error) {
	if opts.Image == "" {
		return nil, errors.New("container: no image given")
	}
	if opts.Port == "" {
		opts.Port = "8080"
	}
	if opts.ReadyPath == "" {
		opts.ReadyPath = "/"
	}
	if opts.StartupTimeout <= 0 {
		opts.StartupTimeout = 60 * time.Second
	}
	disableReaper()
	port := opts.Port + "/tcp"
	req := testcontainers.ContainerRequest{
		Image:        opts.Image,
		ExposedPorts: []string{port},
		Env:          opts.Env,
	}
	// testcontainers' progress lines would clutter conform's own output.
	c, err := testcontainers.GenericContainer(ctx, testcontainers.GenericContainerRequest{ContainerRequest: req, Started: true, Logger: tclog.NewNoopLogger()})
	if err != nil {
		if c != nil {
			_ = c.Terminate(context.WithoutCancel(ctx))
		}
		return nil, describe(opts.Image, err)
	}
	url, err := ready(ctx, c, port, opts)
	if err != nil {
		_ = c.Terminate(context.WithoutCancel(ctx))
		return nil, err
	}
	t := &Target{URL: url, c: c}
	// The image's id names exactly what was certified, whatever tag the
	// user gave; a failed inspection leaves it empty rather than failing
	// a container that runs.
	if info, err := c.Inspect(ctx); err == nil && info != nil {
		t.ImageID = info.Image
	}
	return t, nil
}

// ready polls the mapped port until the API answers any HTTP status. It
// tries the daemon host testcontainers reports and then loopback: inside a
// sandbox that looks like a container, testcontainers guesses the gateway,
// while a local engine publishes its ports on this host. testcontainers'
// own HTTP wait strategy knows only the first.
func ready(ctx context.Context, c testcontainers.Container, port string, opts Options) (string, error) {
	mapped, err := c.MappedPort(ctx, port)
	if err != nil {
		return "", fmt.Errorf("container: %s: no mapped port %s: %w", opts.Image, port, err)
	}
	hosts := []string{"127.0.0.1"}
	if h, err := c.Host(ctx); err == nil && h != "" && h != "localhost" && h != "127.0.0.1" {
		hosts = append([]string{h}, hosts...)
	}
	client := &http.Client{Timeout: time.Second, Transport: &http.Transport{Proxy: nil}}
	deadline := time.Now().Add(opts.StartupTimeout)
	for {
		for _, h := range hosts {
			base := "http://" + net.JoinHostPort(h, mapped.Port())
			req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+opts.ReadyPath, nil)
			if err != nil {
				return "", err
			}
			if resp, err := client.Do(req); err == nil {
				resp.Body.Close()
				return base, nil
			}
		}
		if st, err := c.State(ctx); err == nil && !st.Running {
			return "", fmt.Errorf("container: %s exited (code %d) before answering on port %s", opts.Image, st.ExitCode, opts.Port)
		}
		if time.Now().After(deadline) {
			return "", fmt.Errorf("container: %s did not answer HTTP on port %s within %s (tried %v)", opts.Image, opts.Port, opts.StartupTimeout, hosts)
		}
		select {
		case <-ctx.Done():
			return "", ctx.Err()
		case <-time.After(200 * time.Millisecond):
		}
	}
}

// Stop removes the container.
func (t *Target) Stop(ctx context.Context) error {
	if t == nil || t.c == nil {
		return nil
	}
	return t.c.Terminate(ctx)
}

// disableReaper keeps testcontainers from starting its Ryuk reaper, whose
// image cannot be pulled here; conform removes its containers itself.
func disableReaper() {
	if os.Getenv("TESTCONTAINERS_RYUK_DISABLED") == "" {
		_ = os.Setenv("TESTCONTAINERS_RYUK_DISABLED", "true")
	}
}

// Available reports whether a Docker engine answers, for callers that
// want to say so before trying.
func Available(ctx context.Context) error {
	disableReaper()
	p, err := testcontainers.NewDockerProvider()
	if err != nil {
		return fmt.Errorf("%w: %v", ErrNoDocker, err)
	}
	// Health closes the provider.
	if err := p.Health(ctx); err != nil {
		return fmt.Errorf("%w: %v", ErrNoDocker, err)
	}
	return nil
}

func describe(image string, err error) error {
	msg := err.Error()
	switch {
	case strings.Contains(msg, "Cannot connect to the Docker daemon"), strings.Contains(msg, "docker host"):
		return fmt.Errorf("container: %w: %v", ErrNoDocker, err)
	case strings.Contains(msg, "pull"), strings.Contains(msg, "No such image"), strings.Contains(msg, "not found"):
		return fmt.Errorf("container: the image %s is not available to the Docker engine (no registry is reachable: load or build it first): %w", image, err)
	}
	return fmt.Errorf("container: %s did not start: %w", image, err)
}

// Health is the container's health status as the Docker engine judges it
// from the image's HEALTHCHECK ("starting", "healthy", "unhealthy"), or ""
// when the image declares none.
func (t *Target) Health(ctx context.Context) (string, error) {
	if t == nil || t.c == nil {
		return "", errors.New("container: not started")
	}
	st, err := t.c.State(ctx)
	if err != nil {
		return "", err
	}
	if st.Health == nil {
		return "", nil
	}
	return string(st.Health.Status), nil
}
