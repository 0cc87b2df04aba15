// Package container starts conform's simulator from its container image
// (`make image`, tag conform:dev) with testcontainers-go, for tests written
// in Go that want the simulator out of process, as their CI runs it: it
// hands back each provider's base URL and the typed credentials of a
// sandbox of the test's own.
//
//	sim := container.Run(t, container.Options{Fixtures: "weavr: {users: [{email: ada@example.com}]}"})
//	client := weavrclient.New(sim.BaseURL("weavr"), sim.Credentials.Weavr.APIKey)
//
// In-process tests are lighter with simulator/conformtest; this package is
// for the image. Docker must be reachable; no registry need be, as long as
// the engine has the image.
package container

import (
	"bytes"
	"cmp"
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	icontainer "github.com/conformhq/conform/internal/container"
	"github.com/conformhq/conform/simulator"
	"github.com/conformhq/conform/simulator/fiskil"
	"github.com/conformhq/conform/simulator/fliqa"
	"github.com/conformhq/conform/simulator/weavr"
)

// DefaultImage is the tag `make image` gives the simulator's image.
const DefaultImage = "conform:dev"

// ErrNoDocker is returned (wrapped) when no Docker engine answers.
var ErrNoDocker = icontainer.ErrNoDocker

// Options says which image to start and what the test's sandbox holds.
type Options struct {
	// Image is the simulator's image (default DefaultImage).
	Image string
	// Fixtures fill the test's sandbox: a YAML or JSON document as in
	// specs/control.yaml; "" generates credentials for every provider.
	Fixtures string
	// ControlToken guards the control API (the container's
	// CONFORM_CONTROL_TOKEN); "" draws a random one.
	ControlToken string
	// StartupTimeout bounds the wait for the simulator to answer (default 60s).
	StartupTimeout time.Duration
}

// Credentials are what the sandbox's fixtures created, per provider: a
// provider the fixtures left out has the zero value. (The same fields as
// conformtest.Credentials, from the simulator's own types, so that this
// package does not compile the harness.)
type Credentials struct {
	Weavr  weavr.Credentials
	Fliqa  fliqa.Credentials
	Fiskil fiskil.Credentials
}

// Simulator is a running simulator container with one sandbox of the
// caller's.
type Simulator struct {
	// URL is the simulator's root as seen from here: providers are under
	// /<provider>, the control API under /_control.
	URL string
	// ControlToken is the control API's token, for the header
	// Conform-Control-Token.
	ControlToken string
	// SandboxID is the id of the caller's sandbox.
	SandboxID string
	// Credentials are the sandbox's, typed.
	Credentials Credentials
	// Providers are the providers the image serves, in its order.
	Providers []string

	target *icontainer.Target
}

// Start starts the image, waits for /healthz, and creates a sandbox from
// opts.Fixtures. A failure after the container started removes it.
func Start(ctx context.Context, opts Options) (*Simulator, error) {
	if opts.Image == "" {
		opts.Image = DefaultImage
	}
	if opts.ControlToken == "" {
		opts.ControlToken = rand.Text()
	}
	target, err := icontainer.Start(ctx, icontainer.Options{
		Image:          opts.Image,
		Port:           "8080",
		Env:            map[string]string{"CONFORM_CONTROL_TOKEN": opts.ControlToken},
		ReadyPath:      "/healthz",
		StartupTimeout: opts.StartupTimeout,
	})
	if err != nil {
		return nil, err
	}
	s := &Simulator{URL: target.URL, ControlToken: opts.ControlToken, target: target}
	if err := s.open(ctx, opts.Fixtures); err != nil {
		_ = target.Stop(context.WithoutCancel(ctx))
		return nil, fmt.Errorf("container: %s: %w", opts.Image, err)
	}
	return s, nil
}

// open learns the providers from /healthz and creates the sandbox.
func (s *Simulator) open(ctx context.Context, fixtures string) error {
	var health struct {
		Providers []string `json:"providers"`
	}
	if err := s.call(ctx, http.MethodGet, "/healthz", nil, http.StatusOK, &health); err != nil {
		return err
	}
	s.Providers = health.Providers
	var sb struct {
		ID          string          `json:"id"`
		Credentials json.RawMessage `json:"credentials"`
	}
	if err := s.call(ctx, http.MethodPost, "/_control/sandboxes", []byte(fixtures), http.StatusCreated, &sb); err != nil {
		return fmt.Errorf("creating the sandbox: %w", err)
	}
	s.SandboxID = sb.ID
	// Keys match the fields case-insensitively (weavr → Weavr); a provider
	// the image serves and this package does not know is left out.
	if err := json.Unmarshal(sb.Credentials, &s.Credentials); err != nil {
		return fmt.Errorf("the sandbox's credentials do not decode (an image of another conform version?): %w", err)
	}
	return nil
}

// call sends one request to the simulator and decodes a JSON answer of the
// wanted status into out.
func (s *Simulator) call(ctx context.Context, method, path string, body []byte, want int, out any) error {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, method, s.URL+path, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set(simulator.ControlTokenHeader, s.ControlToken)
	if body != nil {
		req.Header.Set("Content-Type", "application/yaml")
	}
	resp, err := (&http.Client{Transport: &http.Transport{Proxy: nil}}).Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return err
	}
	if resp.StatusCode != want {
		var e struct {
			Error string `json:"error"`
		}
		_ = json.Unmarshal(b, &e)
		return fmt.Errorf("%s %s: status %d, want %d: %s", method, path, resp.StatusCode, want, cmp.Or(e.Error, strings.TrimSpace(string(b))))
	}
	return json.Unmarshal(b, out)
}

// BaseURL is a provider's base URL (…/weavr), what a client under test is
// configured with in place of the provider's sandbox; "" for a provider
// the image does not serve.
func (s *Simulator) BaseURL(provider string) string {
	if !slices.Contains(s.Providers, provider) {
		return ""
	}
	return s.URL + "/" + provider
}

// BaseURLs are every served provider's base URL, by name.
func (s *Simulator) BaseURLs() map[string]string {
	out := make(map[string]string, len(s.Providers))
	for _, p := range s.Providers {
		out[p] = s.URL + "/" + p
	}
	return out
}

// Health is the container's health as Docker judges it from the image's
// HEALTHCHECK: "starting", then "healthy".
func (s *Simulator) Health(ctx context.Context) (string, error) { return s.target.Health(ctx) }

// Stop removes the container.
func (s *Simulator) Stop(ctx context.Context) error {
	if s == nil {
		return nil
	}
	return s.target.Stop(ctx)
}

// Run is Start for a test: it skips t when no Docker engine is reachable,
// fails it on any other error, and removes the container when t ends.
func Run(t testing.TB, opts Options) *Simulator {
	t.Helper()
	// Bounds the start only: the container lives until t's cleanup.
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	if err := icontainer.Available(ctx); err != nil {
		t.Skipf("container: not run: %v", err)
	}
	s, err := Start(ctx, opts)
	if errors.Is(err, ErrNoDocker) {
		t.Skipf("container: not run: %v", err)
	}
	if err != nil {
		t.Fatalf("container: the simulator did not start: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		if err := s.Stop(ctx); err != nil {
			t.Errorf("container: removing the simulator: %v", err)
		}
	})
	return s
}
