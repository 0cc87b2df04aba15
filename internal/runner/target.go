package runner

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"time"

	"github.com/conformhq/conform/internal/provider"
	"github.com/conformhq/conform/simulator"
	"github.com/conformhq/conform/steps"
	"github.com/conformhq/conform/steps/config"
)

// inProcessURL is the made-up root of the built-in simulator: requests to
// it never touch the network.
const inProcessURL = "http://simulator.conform.invalid"

// handlerTransport serves requests with an http.Handler in-process, so the
// built-in simulator costs no sockets.
type handlerTransport struct{ h http.Handler }

func (t handlerTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if err := r.Context().Err(); err != nil {
		return nil, err
	}
	rec := httptest.NewRecorder()
	t.h.ServeHTTP(rec, r)
	resp := rec.Result()
	resp.Request = r
	return resp, nil
}

// BuiltIn is the simulator of the listed providers, in-process, with no
// default sandbox: each scenario makes its own.
func BuiltIn(list provider.List, timeout time.Duration) (*steps.Target, error) {
	sim, err := simulator.New(simulator.Options{Providers: list.Simulators(), NoDefaultSandbox: true})
	if err != nil {
		return nil, err
	}
	return &steps.Target{
		Name:    "built-in simulator",
		Client:  &http.Client{Transport: handlerTransport{sim}, Timeout: timeout},
		Control: inProcessURL,
		Config:  &config.Config{Target: inProcessURL},
	}, nil
}

// Remote points at a deployment and finds out whether it offers the
// control API. An unreachable target is an error (exit 2), not a run of
// failing scenarios.
func Remote(ctx context.Context, cfg *config.Config, timeout time.Duration) (*steps.Target, error) {
	client := &http.Client{Timeout: timeout}
	t := &steps.Target{Name: cfg.Target, Client: client, Config: cfg}
	probe := cfg.Target
	if probe == "" {
		for _, name := range slices.Sorted(maps.Keys(cfg.Providers)) {
			if p := cfg.Providers[name]; p != nil && p.BaseURL != "" {
				probe = p.BaseURL
				break
			}
		}
	}
	if t.Name == "" {
		t.Name = probe
	}
	if probe == "" {
		return nil, fmt.Errorf("no target: give --target URL or a config file with target or providers.<name>.baseUrl")
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, probe, nil)
	if err != nil {
		return nil, err
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("the target %s is unreachable: %v", probe, err)
	}
	resp.Body.Close()
	switch cfg.Control {
	case "yes":
		t.Control = cfg.Target
	case "auto":
		if cfg.Target != "" && hasControl(ctx, client, cfg.Target) {
			t.Control = cfg.Target
		}
	}
	return t, nil
}

func hasControl(ctx context.Context, client *http.Client, root string) bool {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, strings.TrimSuffix(root, "/")+"/_control/sandboxes", nil)
	if err != nil {
		return false
	}
	resp, err := client.Do(req)
	if err != nil {
		return false
	}
	defer resp.Body.Close()
	var v struct {
		Sandboxes []string `json:"sandboxes"`
	}
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	return resp.StatusCode == http.StatusOK && json.Unmarshal(b, &v) == nil && v.Sandboxes != nil
}
