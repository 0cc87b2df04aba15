package steps

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/cucumber/godog"
	"github.com/tidwall/gjson"
)

// registerClock installs the step that moves the scenario's clock.
func registerClock(sc *ScenarioContext) {
	sc.Step(ClockStep.String(), func(ctx context.Context, expr string) error {
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
		w.timings = Timings{}
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

// Timing is the value of a timing for this scenario: set by an earlier step
// (SetTiming), else declared in the config file, else the provider's
// default. A timing the contract does not fix (Timing.Unfixed) that the
// scenario did not learn makes it not applicable against a target without
// the control API, unless the config declares it.
func (w *World) Timing(name string) (time.Duration, error) {
	if d, ok := w.timings[name]; ok {
		return d, nil
	}
	p := w.TimingsProvider()
	all := w.env.Timings(p)
	d, ok := all[name]
	if !ok {
		known := slices.Sorted(maps.Keys(mergeTimings(all, w.timings)))
		return 0, &UnknownTimingError{Name: name, Expr: name, Known: known}
	}
	if t, ok := w.env.timing(p, name); ok && t.Unfixed != "" && !w.HasControl() && !w.env.declared(p, name) {
		return 0, w.NotApplicablef("the contract fixes no %s %s (%s), the target did not state it, and the config declares no providers.%s.timings.%s", p, name, t.Unfixed, p, name)
	}
	return d, nil
}

// AdvanceClock moves the scenario's clock by a TimingExpr ("lockoutPeriod
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

// EvalTiming computes a TimingExpr with the scenario's timings (Timing).
// An expression that comes to nothing or less with the declared timings
// makes the scenario not applicable, naming them: they are too short for
// its margins ("authSessionExpiry - 1m" with a declared 1m).
func (w *World) EvalTiming(text string) (TimingExpr, time.Duration, error) {
	expr, err := ParseTimingExpr(text)
	if err != nil {
		return expr, 0, err
	}
	values := Timings{}
	var parts []string
	for _, n := range expr.Names() {
		d, err := w.Timing(n)
		if err != nil {
			var u *UnknownTimingError
			if errors.As(err, &u) {
				u.Expr = text
			}
			return expr, 0, err
		}
		values[n] = d
		parts = append(parts, fmt.Sprintf("%s = %s", n, d))
	}
	d, err := expr.Eval(func(n string) (time.Duration, bool) { v, ok := values[n]; return v, ok })
	if err != nil && len(parts) > 0 {
		return expr, 0, w.NotApplicablef("%v, with %s: the timings are too short for this scenario's margins", err, strings.Join(parts, ", "))
	}
	return expr, d, err
}

// wait moves the clock by waiting for real. Precision: a scenario says
// "1 second before the edge" or "1 second after", and the edge is reached
// at the target, whose clock started when it handled the previous request,
// somewhere between when that request was sent and when its answer came
// back. A before wait (TimingExpr.Before) therefore counts from when the
// previous request was sent, an after wait from when its answer arrived:
// the target sees the next request no later than d after its event plus
// the next request's trip for a before wait, and no sooner than d after
// it for an after wait. The scenarios' one-second margins must cover that
// trip. Waits in a row count from where the previous one ended. While it
// waits, the scenario gives its concurrency slot back to the run.
func (w *World) wait(ctx context.Context, expr TimingExpr, d time.Duration) error {
	p := w.TimingsProvider()
	total := w.waited + d
	if !w.env.CanWait(total) {
		return w.NotApplicablef("%s", w.env.WaitShortfall(p, Wait{Total: total, Timings: expr.Names()}))
	}
	from := w.lastAnswered
	if expr.Before() {
		from = w.lastSent
	}
	if from.IsZero() {
		from = time.Now()
	}
	until := from.Add(d)
	// The slot is taken again a little before the end, so that scenarios
	// holding it do not make this one late.
	tolerance := expr.Tolerance(d)
	slot := slotFrom(ctx)
	began := time.Now()
	slot.release()
	err := SleepUntil(ctx, until.Add(-tolerance))
	if err == nil {
		err = slot.acquire(ctx)
	}
	if err == nil {
		err = SleepUntil(ctx, until)
	}
	if err != nil {
		// Without its slot: the run is stopping.
		return fmt.Errorf("waiting %s (%s): %w", d, expr.Text, err)
	}
	if w.env.OnWait != nil {
		w.env.OnWait(expr.Text, began, time.Now())
	}
	if late := time.Since(until); expr.Before() && late > tolerance {
		// Past its margin the next request may reach the target on the
		// wrong side of the edge: no ground to judge on. (An after wait
		// that ends late is only further past its edge.)
		return w.NotApplicablef("the real wait of %s (%s) ended %s late, beyond its margin of %s: the harness was too slow (a busy host, a slow earlier step) to vouch for the timing", d, expr.Text, late.Round(time.Millisecond), tolerance)
	}
	w.waited = total
	w.lastSent, w.lastAnswered = until, until
	return nil
}

// SleepUntil waits until a time, or until ctx ends (its error).
func SleepUntil(ctx context.Context, until time.Time) error {
	d := time.Until(until)
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return context.Cause(ctx)
	case <-t.C:
		return nil
	}
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
	p := w.TimingsProvider()
	wait, err := w.env.ScenarioWait(p, texts)
	if err != nil || wait.Total == 0 {
		// A wrong expression fails at its step, with the step named.
		return nil
	}
	if !w.env.CanWait(wait.Total) {
		return w.NotApplicablef("%s", w.env.WaitShortfall(p, wait))
	}
	return nil
}

// Slot is a scenario's hold on one of the run's concurrency slots: a
// scenario that waits for real gives it back meanwhile, so that waiting
// scenarios do not keep the others from running.
type Slot struct {
	// Release gives the slot back; Acquire takes one again, or fails when
	// ctx ends first.
	Release func()
	Acquire func(ctx context.Context) error
}

type slotKey struct{}

// WithSlot gives a scenario's context the slot it holds.
func WithSlot(ctx context.Context, s Slot) context.Context {
	return context.WithValue(ctx, slotKey{}, s)
}

func slotFrom(ctx context.Context) Slot {
	s, _ := ctx.Value(slotKey{}).(Slot)
	return s
}

func (s Slot) release() {
	if s.Release != nil {
		s.Release()
	}
}

// awaitChange gives up mu, and the scenario's concurrency slot, until
// changed is closed (a hold on a fixture or a lane ended) or ctx is done;
// called and returning with mu held. A scenario waiting for a fixture or
// the fault gate must not keep the one it waits for from finishing, which
// may need a slot again after a real wait of its own (regression:
// TestCertifyWithoutControlAPI hung with every slot held by scenarios
// waiting for the fixture a waiting scenario held).
func awaitChange(ctx context.Context, mu *sync.Mutex, changed <-chan struct{}, what string) error {
	mu.Unlock()
	defer mu.Lock()
	slot := slotFrom(ctx)
	slot.release()
	select {
	case <-changed:
		return slot.acquire(ctx)
	case <-ctx.Done():
		return fmt.Errorf("waiting for %s: %w", what, context.Cause(ctx))
	}
}

func (s Slot) acquire(ctx context.Context) error {
	if s.Acquire != nil {
		return s.Acquire(ctx)
	}
	return nil
}
