package cli

import (
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/conformhq/conform/internal/provider"
	"github.com/conformhq/conform/internal/provider/all"
	"github.com/conformhq/conform/simulator/core"
	"github.com/conformhq/conform/specs/oas"
	"github.com/conformhq/conform/steps"
)

// The toy provider is a fourth provider made of a spec of one operation, a
// handler and one feature file, plugged in through its descriptor alone:
// nothing outside this file names it.
const toySpec = `openapi: 3.0.3
info: {title: Toy, version: "1"}
paths:
  /ping:
    get:
      operationId: ping
      parameters:
        - {name: toy-key, in: header, required: false, schema: {type: string}}
      responses:
        "200":
          description: the key is known
          content:
            application/json:
              schema:
                type: object
                required: [pong]
                properties:
                  pong: {type: boolean}
        "401": {description: "no key, or an unknown one"}
`

const toyFeature = `@toy
Feature: ping

  @op:ping @status:200
  Scenario: a known key gets a pong
    Given I use the Toy API
    When I send a GET request to "/ping"
    Then the response status should be 200
    And the JSON at "pong" should be true

  @op:ping @status:401
  Scenario: no key, no pong
    Given I use the Toy API
    And the request omits the header "toy-key"
    When I send a GET request to "/ping"
    Then the response status should be 401
`

// toy describes the toy provider; pong is what its simulator answers, so
// that a test can break it.
func toy(pong bool, feature string) provider.Descriptor {
	const name, keyKind = "toy", "toy-key"
	spec := func() (*oas.Spec, error) { return oas.Parse(name, []byte(toySpec)) }
	return provider.Descriptor{
		Name:     name,
		Versions: []provider.Version{{Name: "1", Spec: spec}},
		Simulator: func() (*core.Provider, error) {
			s, err := spec()
			if err != nil {
				return nil, err
			}
			return &core.Provider{
				Name: name,
				Spec: s,
				Handlers: map[string]core.Handler{"ping": func(c *core.Call) {
					if c.Sandbox == nil {
						c.Empty(http.StatusUnauthorized)
						return
					}
					c.JSON(http.StatusOK, map[string]bool{"pong": pong})
				}},
				Resolve:  func(c *core.Call) *core.Sandbox { return c.Registry.Lookup(keyKind, c.R.Header.Get("toy-key")) },
				Invalid:  func(c *core.Call, _ *oas.RequestError) { c.Empty(http.StatusUnauthorized) },
				Fault:    func(c *core.Call, f core.Fault) { c.Empty(f.Status) },
				NotFound: func(c *core.Call) { c.Empty(http.StatusNotFound) },
				Fixtures: func(sb *core.Sandbox, _ json.RawMessage) (any, error) {
					return map[string]string{"key": sb.Token(keyKind, "toy_", 16)}, nil
				},
			}, nil
		},
		Vocabulary: func() steps.Vocabulary {
			return steps.Vocabulary{Name: name, Title: "Toy", Credentials: func(w *steps.World) {
				if k, ok := w.Credential(name, "key"); ok {
					w.SetHeader(name, "toy-key", k)
				}
			}}
		},
		Features:    fstest.MapFS{"ping.feature": {Data: []byte(feature)}},
		Credentials: []string{"key"},
	}
}

// TestToyProviderThroughItsDescriptor: `conform coverage` and `conform run`
// pick up a provider that only its descriptor adds, find its uncovered
// codes, pass its faithful simulator and fail a broken one.
func TestToyProviderThroughItsDescriptor(t *testing.T) {
	withoutUnauthorized := toyFeature[:strings.Index(toyFeature, "  @op:ping @status:401")]
	tests := []struct {
		name     string
		toy      provider.Descriptor
		args     []string
		wantCode int
		want     []string
	}{
		{"coverage finds every toy code covered", toy(true, toyFeature), []string{"coverage"}, ExitOK,
			[]string{"every documented code is covered"}},
		{"coverage finds the toy's uncovered code", toy(true, withoutUnauthorized), []string{"coverage"}, ExitFailed,
			[]string{"not covered: @toy @op:ping @status:401", "1 documented codes have no scenario"}},
		{"run passes a faithful toy", toy(true, toyFeature), []string{"run", "--provider", "toy"}, ExitOK,
			[]string{"2 scenarios: 2 passed, 0 failed", "2 documented codes: 2 passed"}},
		{"run fails a broken toy", toy(false, toyFeature), []string{"run", "--provider", "toy"}, ExitFailed,
			[]string{"2 scenarios: 1 passed, 1 failed", `expected true`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			list := append(all.Providers(), tc.toy)
			args := tc.args
			dir := t.TempDir()
			if args[0] == "run" {
				args = append(args, "--report-dir", dir)
			}
			var stdout, stderr strings.Builder
			code := MainContext(context.Background(), list, args, &stdout, &stderr)
			if code != tc.wantCode {
				t.Fatalf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tc.wantCode, stdout.String(), stderr.String())
			}
			for _, w := range tc.want {
				if !strings.Contains(stdout.String(), w) {
					t.Errorf("stdout lacks %q:\n%s", w, stdout.String())
				}
			}
			if args[0] != "run" {
				return
			}
			b, err := os.ReadFile(filepath.Join(dir, "summary.json"))
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(b), `"provider": "toy"`) {
				t.Errorf("summary.json does not score the toy's codes:\n%s", b)
			}
		})
	}
}
