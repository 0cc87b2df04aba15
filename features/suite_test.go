package features_test

import (
	"context"
	"github.com/conformhq/conform/internal/load"
	"github.com/conformhq/conform/internal/provider"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"
	"time"

	"github.com/conformhq/conform/internal/provider/all"
	"github.com/conformhq/conform/internal/runner"
	"github.com/conformhq/conform/reports"
	"github.com/conformhq/conform/simulator"
	"github.com/conformhq/conform/steps"
	"github.com/conformhq/conform/steps/config"
)

// TestSuiteAgainstSimulator runs every scenario against the built-in
// simulator: the simulator is the reference implementation, so every
// scenario must pass, and none may be left not applicable.
func TestSuiteAgainstSimulator(t *testing.T) {
	target, err := runner.BuiltIn(all.Providers(), 10*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	runSuite(t, target)
}

// TestSuiteAgainstSimulatorEveryVersion runs the scenarios of every
// non-default version of each provider (Weavr 3.63) against the built-in
// simulator, whose sandboxes serve the version asked for.
func TestSuiteAgainstSimulatorEveryVersion(t *testing.T) {
	target, err := runner.BuiltIn(all.Providers(), 10*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range all.Providers() {
		for _, v := range d.Versions[1:] {
			t.Run(d.Name+" "+v.Name, func(t *testing.T) {
				run := runVersion(t, target, d.Name, v.Name)
				totals := reports.CountScenarios(run)
				if totals.Scenarios == 0 || totals.Passed != totals.Scenarios {
					for _, f := range run.Features {
						for _, s := range f.Scenarios {
							if s.Outcome != reports.Passed {
								t.Errorf("%s:%d %q: %s: %s", f.URI, s.Line, s.Name, s.Outcome, run.Secrets.String(s.Reason))
							}
						}
					}
					t.Fatalf("%+v", totals)
				}
				if run.Versions[d.Name] != v.Name {
					t.Errorf("the run records %s %q, want %q", d.Name, run.Versions[d.Name], v.Name)
				}
			})
		}
	}
}

// TestSuiteAgainstServe runs the suite over HTTP against a separately
// served simulator, as `conform run --target http://127.0.0.1:8080` does
// against `conform serve`: same outcome, found through the control API probe.
func TestSuiteAgainstServe(t *testing.T) {
	sim, err := simulator.New(simulator.Options{Providers: all.Providers().Simulators()})
	if err != nil {
		t.Fatal(err)
	}
	runSuite(t, served(t, sim))
}

// served serves h over HTTP for the test and returns it as a remote target,
// whose control API must be found by the probe.
func served(t *testing.T, h http.Handler) *steps.Target {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	target, err := runner.Remote(context.Background(), &config.Config{Target: srv.URL, Control: "auto"}, 10*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if target.Control == "" {
		t.Fatal("the control API of a served simulator was not found")
	}
	return target
}

// runAll runs every scenario against target.
func runAll(t *testing.T, target *steps.Target) *reports.Run {
	t.Helper()
	return runProviders(t, target)
}

// runProviders runs the scenarios of the named providers (all when none)
// against target.
func runProviders(t *testing.T, target *steps.Target, names ...string) *reports.Run {
	t.Helper()
	return runChoosing(t, target, nil, names...)
}

// runVersion runs one provider's scenarios for one of its versions.
func runVersion(t *testing.T, target *steps.Target, provider, version string) *reports.Run {
	t.Helper()
	return runChoosing(t, target, map[string]string{provider: version}, provider)
}

// runChoosing runs the named providers' scenarios (all when none) with the
// versions chosen (provider → version; the rest at their default).
func runChoosing(t *testing.T, target *steps.Target, versions map[string]string, names ...string) *reports.Run {
	t.Helper()
	list, err := all.Providers().Select(names)
	if err != nil {
		t.Fatal(err)
	}
	return runIn(t, target, all.Providers(), list, versions)
}

// runIn runs list's scenarios in an Env of known's providers (one version
// chosen per provider: versions) against target.
func runIn(t *testing.T, target *steps.Target, known, list provider.List, versions map[string]string) *reports.Run {
	t.Helper()
	env, err := runner.NewEnv(target, known, runner.EnvChoice{Versions: versions})
	if err != nil {
		t.Fatal(err)
	}
	run, err := runner.Run(context.Background(), env, runner.Plan{Providers: list, Concurrency: 4})
	if err != nil {
		t.Fatal(err)
	}
	return run
}

func runSuite(t *testing.T, target *steps.Target) {
	t.Helper()
	run := runAll(t, target)
	totals := reports.CountScenarios(run)
	if totals.Scenarios == 0 {
		t.Fatal("no scenario ran")
	}
	noBrowser := 0
	for _, f := range run.Features {
		for _, s := range f.Scenarios {
			// Without chromium (.ci/run installs it) the consent page's
			// scenarios cannot run: said, not failed.
			if s.Outcome == reports.NotApplicable && slices.ContainsFunc(s.Missing, func(m steps.Missing) bool { return m.Capability == steps.Browser }) {
				noBrowser++
				continue
			}
			if s.Outcome != reports.Passed {
				t.Errorf("%s:%d %q: %s: %s", f.URI, s.Line, s.Name, s.Outcome, run.Secrets.String(s.Reason))
			}
		}
	}
	if noBrowser > 0 {
		t.Logf("chromium is not installed: %d scenarios of the consent page did not run (apt-get install -y chromium)", noBrowser)
	}
	t.Logf("%d scenarios passed in %s", totals.Passed, run.Duration)
}

// BenchmarkSuite measures the whole suite against the in-process simulator.
func BenchmarkSuite(b *testing.B) {
	target, err := runner.BuiltIn(all.Providers(), 10*time.Second)
	if err != nil {
		b.Fatal(err)
	}
	env, err := runner.NewEnv(target, all.Providers(), runner.EnvChoice{})
	if err != nil {
		b.Fatal(err)
	}
	cpu0 := load.CPUSeconds()
	for b.Loop() {
		run, err := runner.Run(context.Background(), env, runner.Plan{Providers: all.Providers(), Concurrency: 4})
		if err != nil {
			b.Fatal(err)
		}
		if t := reports.CountScenarios(run); t.Failed > 0 || t.Scenarios == 0 {
			b.Fatalf("suite not green: %+v", t)
		}
	}
	b.ReportMetric((load.CPUSeconds()-cpu0)*1000/float64(b.N), "cpu-ms/op")
}

// BenchmarkSuiteInProcess measures what `make conformance` does in-process:
// the whole suite (every provider at its default version), then the suite
// of Weavr's other version (3.32), each as `conform run` executes it from
// its plan: simulator, specs, scenarios and every report written.
func BenchmarkSuiteInProcess(b *testing.B) {
	plans := []runner.Plan{
		{Providers: all.Providers(), Timeout: 10 * time.Second, ReportDir: b.TempDir()},
		{Providers: all.Providers(), Only: []string{"weavr"}, Versions: map[string]string{"weavr": "3.32"}, Timeout: 10 * time.Second, ReportDir: b.TempDir()},
	}
	scenarios := 0
	cpu0 := load.CPUSeconds()
	for b.Loop() {
		scenarios = 0
		for _, p := range plans {
			res, err := runner.Execute(context.Background(), p)
			if err != nil {
				b.Fatal(err)
			}
			if t := res.Scenarios; t.Failed > 0 || t.Errored > 0 || t.Scenarios == 0 {
				b.Fatalf("suite not green: %+v", t)
			}
			scenarios += res.Scenarios.Scenarios
		}
	}
	b.ReportMetric(float64(scenarios), "scenarios")
	b.ReportMetric((load.CPUSeconds()-cpu0)*1000/float64(b.N), "cpu-ms/op")
}
