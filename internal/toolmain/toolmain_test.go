package toolmain

import (
	"errors"
	"flag"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/conformhq/conform/internal/load"
	"github.com/conformhq/conform/internal/soak"
)

type config struct {
	Rounds   int           `flag:"rounds" usage:"rounds of the mix"`
	Wait     time.Duration `flag:"wait" usage:"how long"`
	Growth   float64       `flag:"max-growth" usage:"at most"`
	Seed     uint64        `flag:"seed" usage:"seed"`
	Internal int
}

func TestToolMain(t *testing.T) {
	tests := []struct {
		name       string
		args       []string
		passed     bool
		err        error
		wantCode   int
		wantCfg    config
		wantStderr string
	}{
		{name: "defaults", passed: true, wantCode: ExitOK, wantCfg: config{Rounds: 5, Wait: time.Second, Growth: 1.5, Seed: 1, Internal: 7}},
		{name: "every kind of flag", args: []string{"-rounds", "2", "-wait", "3s", "-max-growth", "2.5", "-seed", "9"}, passed: true,
			wantCode: ExitOK, wantCfg: config{Rounds: 2, Wait: 3 * time.Second, Growth: 2.5, Seed: 9, Internal: 7}},
		{name: "a check failed", passed: false, wantCode: ExitFailed, wantCfg: config{Rounds: 5, Wait: time.Second, Growth: 1.5, Seed: 1, Internal: 7}},
		{name: "the run could not go", err: errors.New("no port"), wantCode: ExitError, wantStderr: "tool: no port",
			wantCfg: config{Rounds: 5, Wait: time.Second, Growth: 1.5, Seed: 1, Internal: 7}},
		{name: "unknown flag", args: []string{"-internal", "1"}, wantCode: ExitError, wantStderr: "flag provided but not defined: -internal"},
		{name: "bad value", args: []string{"-wait", "soon"}, wantCode: ExitError, wantStderr: `invalid value "soon" for flag -wait`},
		{name: "help", args: []string{"-h"}, wantCode: ExitOK, wantStderr: "rounds of the mix"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cfg := config{Rounds: 5, Wait: time.Second, Growth: 1.5, Seed: 1, Internal: 7}
			var stderr strings.Builder
			ran := false
			code := Main("tool", tc.args, &stderr, &cfg, func() (bool, error) {
				ran = true
				return tc.passed, tc.err
			})
			if code != tc.wantCode {
				t.Fatalf("exit %d, want %d; stderr %q", code, tc.wantCode, stderr.String())
			}
			if !strings.Contains(stderr.String(), tc.wantStderr) {
				t.Errorf("stderr %q lacks %q", stderr.String(), tc.wantStderr)
			}
			if ran != (tc.wantCfg != config{}) {
				t.Fatalf("ran = %v", ran)
			}
			if ran && cfg != tc.wantCfg {
				t.Errorf("config %+v, want %+v", cfg, tc.wantCfg)
			}
		})
	}
}

func TestFlagsRefusesWhatItCannotDeclare(t *testing.T) {
	var stderr strings.Builder
	bad := struct {
		Name string `flag:"name"`
	}{}
	if code := Main("tool", nil, &stderr, &bad, func() (bool, error) { t.Fatal("ran"); return true, nil }); code != ExitError || !strings.Contains(stderr.String(), "flag name: a field of type string") {
		t.Errorf("exit %d, stderr %q", code, stderr.String())
	}
	if code := Main("tool", nil, &stderr, config{}, func() (bool, error) { t.Fatal("ran"); return true, nil }); code != ExitError {
		t.Errorf("a struct, not a pointer: exit %d", code)
	}
}

// The tools' configs declare their flags, each under the name make's
// LOADFLAGS and SOAKFLAGS use.
func TestToolsFlags(t *testing.T) {
	tests := []struct {
		name string
		cfg  any
		want []string
	}{
		{"load", ptr(load.DefaultConfig()), []string{"rounds", "duration", "rate", "connections"}},
		{"soak", ptr(soak.DefaultConfig()), []string{"requests", "every", "sandboxes", "churned", "churn-every", "workers", "slow", "slow-duration", "deadline", "max-growth"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fs := flag.NewFlagSet(tc.name, flag.ContinueOnError)
			if err := Flags(fs, tc.cfg); err != nil {
				t.Fatal(err)
			}
			var got []string
			fs.VisitAll(func(f *flag.Flag) { got = append(got, f.Name) })
			slices.Sort(got)
			slices.Sort(tc.want)
			if !slices.Equal(got, tc.want) {
				t.Errorf("flags %q, want %q", got, tc.want)
			}
		})
	}
}

func ptr[T any](v T) *T { return &v }

func TestSelect(t *testing.T) {
	tools := func(ran *string) []Tool {
		var a, b config
		return []Tool{
			{Name: "load", Config: &a, Run: func() (bool, error) { *ran = "load"; return true, nil }},
			{Name: "soak", Config: &b, Run: func() (bool, error) { *ran = "soak"; return false, nil }},
		}
	}
	tests := []struct {
		name       string
		args       []string
		wantCode   int
		wantRan    string
		wantStderr string
	}{
		{"first tool", []string{"load", "-rounds", "1"}, ExitOK, "load", ""},
		{"second tool, failed", []string{"soak"}, ExitFailed, "soak", ""},
		{"no tool", nil, ExitError, "", "TOOL one of: load, soak"},
		{"unknown tool", []string{"-rounds", "1"}, ExitError, "", "TOOL one of: load, soak"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var ran string
			var stderr strings.Builder
			code := Select(tc.args, &stderr, tools(&ran))
			if code != tc.wantCode || ran != tc.wantRan || !strings.Contains(stderr.String(), tc.wantStderr) {
				t.Errorf("exit %d, ran %q, stderr %q; want %d, %q, %q", code, ran, stderr.String(), tc.wantCode, tc.wantRan, tc.wantStderr)
			}
		})
	}
}
