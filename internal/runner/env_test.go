package runner

import (
	"maps"
	"strings"
	"testing"
	"time"

	"github.com/conformhq/conform/internal/provider"
	"github.com/conformhq/conform/specs/oas"
	"github.com/conformhq/conform/steps"
	"github.com/conformhq/conform/steps/config"
)

// toyVersioned is a list of a provider of two versions (default "a") and
// one of a single version, with specs of no operation.
func toyVersioned(t *testing.T) provider.List {
	t.Helper()
	spec, err := oas.Parse("toy", []byte("openapi: 3.0.3\ninfo: {title: toy, version: '1'}\npaths: {}\n"))
	if err != nil {
		t.Fatal(err)
	}
	load := func() (*oas.Spec, error) { return spec, nil }
	return provider.List{
		{Name: "two", Versions: []provider.Version{{Name: "a", Spec: load}, {Name: "b", Spec: load}},
			Vocabulary: func() steps.Vocabulary { return steps.Vocabulary{Name: "two", Title: "Two"} }},
		{Name: "one", Versions: []provider.Version{{Name: "1", Spec: load}},
			Vocabulary: func() steps.Vocabulary { return steps.Vocabulary{Name: "one", Title: "One"} }},
	}
}

// TestVersionsUnderTest: the one decision of the versions a run tests, the
// chosen one else the descriptor's default, refusing what the list lacks.
func TestVersionsUnderTest(t *testing.T) {
	tests := []struct {
		name    string
		choice  map[string]string
		want    map[string]string
		wantErr string
	}{
		{"none chosen: the defaults", nil, map[string]string{"two": "a", "one": "1"}, ""},
		{"one chosen", map[string]string{"two": "b"}, map[string]string{"two": "b", "one": "1"}, ""},
		{"an empty choice is the default", map[string]string{"two": ""}, map[string]string{"two": "a", "one": "1"}, ""},
		{"unknown version", map[string]string{"two": "c"}, nil, `two has no version "c" (a, b)`},
		{"unknown provider", map[string]string{"three": "a"}, nil, `version of an unknown provider "three" (two, one)`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := versionsUnderTest(toyVersioned(t), tc.choice)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("error %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !maps.Equal(got, tc.want) {
				t.Errorf("versions %v, want %v", got, tc.want)
			}
		})
	}
}

// TestNewEnvWhole: the Env comes out of NewEnv complete, with what the plan
// chose (flags over config) and the versions decided once: every provider's
// for the reports, the several-version providers' for the sandbox.
func TestNewEnvWhole(t *testing.T) {
	p := Plan{Versions: map[string]string{"two": "b"}, Retries: 2, MaxWait: time.Minute, MaxWaitSet: true}
	cfg := &config.Config{MaxWait: time.Hour, Providers: map[string]*config.Provider{"two": {Version: "a"}}}
	env, err := NewEnv(&steps.Target{Config: &config.Config{}}, toyVersioned(t), p.envChoice(cfg))
	if err != nil {
		t.Fatal(err)
	}
	if want := map[string]string{"two": "b", "one": "1"}; !maps.Equal(env.Versions, want) {
		t.Errorf("Versions %v, want %v", env.Versions, want)
	}
	if want := map[string]string{"two": "b"}; !maps.Equal(env.SandboxVersions, want) {
		t.Errorf("SandboxVersions %v, want %v", env.SandboxVersions, want)
	}
	if env.Retries != 2 || env.MaxWait != time.Minute {
		t.Errorf("Retries %d, MaxWait %s; want 2, 1m0s", env.Retries, env.MaxWait)
	}
	if env.Specs["two"] == nil || env.Specs["one"] == nil {
		t.Errorf("specs %v, want both providers'", env.Specs)
	}
	// Without flags, the config's version and maxWait hold.
	env, err = NewEnv(&steps.Target{Config: &config.Config{}}, toyVersioned(t), (&Plan{}).envChoice(cfg))
	if err != nil {
		t.Fatal(err)
	}
	if env.Versions["two"] != "a" || env.MaxWait != time.Hour {
		t.Errorf("version %q, MaxWait %s; want the config's a, 1h0m0s", env.Versions["two"], env.MaxWait)
	}
}
