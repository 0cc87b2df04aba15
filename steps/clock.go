package steps

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/cucumber/godog"
	"github.com/tidwall/gjson"

	"github.com/conformhq/conform/steps/timing"
)

// registerClock installs the step that moves the scenario's clock.
func registerClock(sc *ScenarioContext) {
	sc.Step(timing.ClockStep.String(), func(ctx context.Context, expr string) error {
		return world(ctx).AdvanceClock(ctx, expr)
	})
	sc.Step(`^the JSON at "([^"]*)" should be the seconds of "([^"]+)"$`, func(ctx context.Context, path, expr string) error {
		return world(ctx).jsonIsSeconds(path, expr)
	})
}

// jsonIsSeconds checks that the last response states a timing in whole
// seconds (Fiskil's expires_in): the contract's value under the defaults
// (900 for tokenLifetime), the deployment's own where the config declares
// it, so that a staging deployment with 10-second tokens is not failed for
// following its own configuration.
func (w *World) jsonIsSeconds(path, expr string) error {
	_, d, err := w.EvalTiming(expr)
	if err != nil {
		return err
	}
	r, err := w.JSONAt(path)
	if err != nil {
		return err
	}
	want := int64(d / time.Second)
	if r.Type != gjson.Number || r.Num != float64(want) {
		return fmt.Errorf("expected %d (the seconds of %s = %s) at %q, got %s", want, expr, d, path, w.Describe(path, r))
	}
	return nil
}

// SetTiming sets a timing for the rest of the scenario: a step that set
// the sandbox's own (a rate-limit window, an OTP lifetime) or read it in
// the target's answer (a token's expiresIn). It wins over the declared
// timings.
func (w *World) SetTiming(name string, d time.Duration) {
	if w.timings == nil {
		w.timings = timing.Durations{}
	}
	w.timings[name] = d
}

// TimingsProvider is the provider whose timings the scenario's clock steps
// name: the one its tags name (@weavr, its feature folder's), else the one
// it sends requests to.
func (w *World) TimingsProvider() string {
	if w.scenarioProvider != "" {
		return w.scenarioProvider
	}
	return w.Provider
}

// Timing is the value of a timing for this scenario (timing.Table.Resolve):
// set by an earlier step (SetTiming), else declared in the config file,
// else the provider's default. A timing the contract does not fix that the
// scenario did not learn makes it not applicable against a target without
// the control API, unless the config declares it.
func (w *World) Timing(name string) (time.Duration, error) {
	d, err := w.env.TimingTable(w.TimingsProvider()).Resolve(name, w.timings, w.HasControl())
	var unfixed *timing.UnfixedError
	if errors.As(err, &unfixed) {
		return 0, w.NotApplicablef("%s", unfixed)
	}
	return d, err
}

// AdvanceClock moves the scenario's clock by a timing.Expr ("lockoutPeriod
// - 1s"). With the control API the sandbox's clock jumps; without, the
// scenario waits for real when the run allows it (Env.MaxWait), and is not
// applicable otherwise.
func (w *World) AdvanceClock(ctx context.Context, text string) error {
	expr, d, err := w.EvalTiming(text)
	if err != nil {
		return err
	}
	if w.HasControl() {
		return w.advanceSandboxClock(ctx, d)
	}
	return w.wait(ctx, expr, d)
}

// EvalTiming computes a timing.Expr with the scenario's timings (Timing).
// An expression that comes to nothing or less with the declared timings
// makes the scenario not applicable, naming them: they are too short for
// its margins ("authSessionExpiry - 1m" with a declared 1m).
func (w *World) EvalTiming(text string) (timing.Expr, time.Duration, error) {
	expr, d, err := timing.Evaluate(text, w.Timing)
	var short *timing.TooShortError
	if errors.As(err, &short) {
		return expr, 0, w.NotApplicablef("%s", short)
	}
	return expr, d, err
}

// wait moves the clock by waiting for real (timing.Sleep), from the last
// request's frame, when the run allows the scenario's waits so far.
func (w *World) wait(ctx context.Context, expr timing.Expr, d time.Duration) error {
	total := w.waited + d
	if max := timing.MaxWait(w.env.MaxWait); !max.Allows(total) {
		return w.NotApplicablef("%s", max.Shortfall(w.env.TimingTable(w.TimingsProvider()), timing.Wait{Total: total, Timings: expr.Names()}))
	}
	r, err := timing.Sleep(ctx, expr, d, w.lastSent, w.lastAnswered)
	if err != nil {
		return err
	}
	if w.env.OnWait != nil {
		w.env.OnWait(expr.Text, r.Began, r.Ended)
	}
	if r.Late > 0 {
		return w.NotApplicablef("the real wait of %s (%s) ended %s late, beyond its margin of %s: the harness was too slow (a busy host, a slow earlier step) to vouch for the timing", d, expr.Text, r.Late.Round(time.Millisecond), r.Tolerance)
	}
	w.waited = total
	w.lastSent, w.lastAnswered = r.Until, r.Until
	return nil
}

// SleepUntil waits until a time, or until ctx ends (its error); kept for
// the HTTP steps' rate-limit wait, which is to call timing.SleepUntil.
func SleepUntil(ctx context.Context, until time.Time) error {
	return timing.SleepUntil(ctx, until)
}

// checkWaits makes a scenario that would wait for real longer than the run
// allows not applicable before it starts, naming --max-wait and the
// timings: better than a scenario stopped half-way, its fixtures used.
func (w *World) checkWaits(s *godog.Scenario) error {
	if w.HasControl() {
		return nil
	}
	texts := make([]string, len(s.Steps))
	for i, st := range s.Steps {
		texts[i] = st.Text
	}
	table := w.env.TimingTable(w.TimingsProvider())
	wait, err := table.ScenarioWait(texts)
	if err != nil || wait.Total == 0 {
		// A wrong expression fails at its step, with the step named.
		return nil
	}
	if max := timing.MaxWait(w.env.MaxWait); !max.Allows(wait.Total) {
		return w.NotApplicablef("%s", max.Shortfall(table, wait))
	}
	return nil
}

// TimingTable is what this target knows of a provider's timings: its
// vocabulary's, with the contract's defaults, and those the config file
// declares (providers.<provider>.timings).
func (e *Env) TimingTable(provider string) timing.Table {
	t := timing.Table{Provider: provider}
	if v, ok := e.vocabulary(provider); ok {
		t.Declared, t.Setters = v.Timings, v.TimingSetters
	}
	if e.Target != nil && e.Target.Config != nil {
		t.Config = e.Target.Config.Provider(provider).Timings
	}
	return t
}
