package steps

import (
	"context"
	"errors"
	"time"

	"github.com/cucumber/godog"
)

// StepResult is godog's verdict on one step of a scenario.
type StepResult struct {
	Status   godog.StepResultStatus
	Err      error
	Duration time.Duration
}

// Finished is called when a scenario ends, with its World (step results,
// exchanges, not-applicable reason) and godog's scenario error.
type Finished func(sc *godog.Scenario, w *World, err error)

// Register installs the step library and the per-scenario hooks on a
// scenario context: each scenario gets a fresh World and, when the target
// offers the control API, its own sandbox, deleted when it ends.
func Register(sc *godog.ScenarioContext, env *Env, done Finished) {
	sc.Before(func(ctx context.Context, s *godog.Scenario) (context.Context, error) {
		w := newWorld(env)
		w.Started = time.Now()
		ctx = context.WithValue(ctx, worldKey{}, w)
		for _, t := range s.Tags {
			if t.Name == "@needs-control" && !w.HasControl() {
				return ctx, w.NotApplicablef("the scenario needs conform's control API (clock, faults, outbox or fixtures), which the target does not offer")
			}
		}
		if w.HasControl() {
			if err := w.createSandbox(ctx); err != nil {
				return ctx, err
			}
		} else {
			w.useConfigCredentials()
		}
		return ctx, nil
	})
	sc.StepContext().Before(func(ctx context.Context, st *godog.Step) (context.Context, error) {
		if w := WorldFrom(ctx); w != nil {
			w.stepStart = time.Now()
		}
		return ctx, nil
	})
	sc.StepContext().After(func(ctx context.Context, st *godog.Step, status godog.StepResultStatus, err error) (context.Context, error) {
		if w := WorldFrom(ctx); w != nil {
			var d time.Duration
			if !w.stepStart.IsZero() {
				d = time.Since(w.stepStart)
			}
			w.Steps[st.Id] = StepResult{Status: status, Err: err, Duration: d}
			w.stepStart = time.Time{}
		}
		return ctx, nil
	})
	sc.After(func(ctx context.Context, s *godog.Scenario, err error) (context.Context, error) {
		w := WorldFrom(ctx)
		if w == nil {
			return ctx, err
		}
		// The scenario's context may already be cancelled: clean up with a
		// fresh one, bounded by the client's timeout.
		if derr := w.deleteSandbox(context.WithoutCancel(ctx)); derr != nil && err == nil && !errors.Is(derr, ErrNotApplicable) {
			err = derr
		}
		w.Duration = time.Since(w.Started)
		if done != nil {
			done(s, w, err)
		}
		return ctx, err
	})
	registerGeneric(sc)
	registerControl(sc)
	for _, p := range providerSteps {
		p(sc)
	}
}

// useConfigCredentials takes each provider's credentials from the config
// file when the target has no control API.
func (w *World) useConfigCredentials() {
	for p := range credentialHooks {
		creds := w.env.Target.Config.Provider(p).Credentials
		if len(creds) == 0 {
			continue
		}
		m := map[string]any{}
		for k, v := range creds {
			m[k] = v
		}
		w.learn(m)
		w.Credentials[p] = m
		credentialHooks[p](w)
	}
}
