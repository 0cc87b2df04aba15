package features_test

import (
	"context"
	"testing"
	"time"

	"github.com/conformhq/conform/features"
	"github.com/conformhq/conform/internal/runner"
	"github.com/conformhq/conform/reports"
	"github.com/conformhq/conform/steps"
)

// TestSuiteAgainstSimulator runs every scenario against the built-in
// simulator: the simulator is the reference implementation, so every
// scenario must pass, and none may be left not applicable.
func TestSuiteAgainstSimulator(t *testing.T) {
	target, err := runner.BuiltIn(10 * time.Second)
	if err != nil {
		t.Fatal(err)
	}
	env, err := steps.NewEnv(target)
	if err != nil {
		t.Fatal(err)
	}
	run, err := runner.Run(context.Background(), env, runner.Options{Features: features.FS, Concurrency: 4})
	if err != nil {
		t.Fatal(err)
	}
	totals := reports.CountScenarios(run)
	if totals.Scenarios == 0 {
		t.Fatal("no scenario ran")
	}
	for _, f := range run.Features {
		for _, s := range f.Scenarios {
			if s.Outcome != reports.Passed {
				t.Errorf("%s:%d %q: %s: %s", f.URI, s.Line, s.Name, s.Outcome, run.Secrets.String(s.Reason))
			}
		}
	}
	t.Logf("%d scenarios passed in %s", totals.Passed, run.Duration)
}

// BenchmarkSuite measures the whole suite against the in-process simulator.
func BenchmarkSuite(b *testing.B) {
	target, err := runner.BuiltIn(10 * time.Second)
	if err != nil {
		b.Fatal(err)
	}
	env, err := steps.NewEnv(target)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		run, err := runner.Run(context.Background(), env, runner.Options{Features: features.FS, Concurrency: 4})
		if err != nil {
			b.Fatal(err)
		}
		if t := reports.CountScenarios(run); t.Failed > 0 || t.Scenarios == 0 {
			b.Fatalf("suite not green: %+v", t)
		}
	}
}
