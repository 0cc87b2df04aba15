package steps

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"
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
// scenario context: each scenario gets a fresh World, is found not
// applicable before its first step when the target does not offer what it
// needs (Env.NeedsOf, Env.Missing), and, when the target offers the
// control API, gets its own sandbox, deleted when it ends.
func Register(gsc *godog.ScenarioContext, env *Env, done Finished) {
	sc := &ScenarioContext{ScenarioContext: gsc, patterns: env.patterns}
	registerScenarioHooks(sc, env, done)
	registerStepHooks(sc)
	registerGeneric(sc, env)
	registerControl(sc, env)
	registerClock(sc)
	registerOutbox(sc)
	for _, v := range env.Vocabularies {
		if v.Register != nil {
			v.Register(sc)
		}
	}
}

// registerGeneric installs the provider-neutral steps: choosing a provider,
// headers, sending requests, and assertions on status, headers and JSON.
func registerGeneric(sc *ScenarioContext, env *Env) {
	registerProviderChoice(sc, env)
	registerRequests(sc)
	registerMemory(sc)
	registerResponseAssertions(sc)
	registerJSONValueAssertions(sc)
	registerJSONShapeAssertions(sc)
	registerProvenance(sc)
}

// registerScenarioHooks gives each scenario its World and sandbox, and
// hands the finished World to done.
func registerScenarioHooks(sc *ScenarioContext, env *Env, done Finished) {
	sc.Before(func(ctx context.Context, s *godog.Scenario) (context.Context, error) {
		if ctx.Value(unselectedKey{}) != nil {
			return ctx, nil // not run at all: no World, no sandbox, no result
		}
		w := newWorld(env)
		w.Started = time.Now()
		w.Secrets.Public(literals(s)...)
		ctx = context.WithValue(ctx, worldKey{}, w)
		tags, err := ScenarioTags(s)
		if err != nil {
			return ctx, err
		}
		w.expects429 = expects429(s, tags)
		for _, t := range tags.Other {
			if v, ok := env.vocabulary(strings.TrimPrefix(t, "@")); ok && w.scenarioProvider == "" {
				w.scenarioProvider = v.Name
			}
		}
		// What the scenario needs of the target is decided before its
		// first step, so that a scenario the target cannot run sends
		// nothing and says every capability it lacks.
		needs := env.needsOf(s, tags)
		if missing := env.Missing(needs); len(missing) > 0 {
			w.Missing = missing
			return ctx, w.NotApplicablef("%s", MissingReason(missing))
		}
		// The clock offer says real waits are allowed; whether this
		// scenario's total wait fits in them is decided here.
		if err := w.checkWaits(s); err != nil {
			return ctx, err
		}
		if w.HasControl() {
			if err := w.createSandbox(ctx); err != nil {
				return ctx, err
			}
		} else {
			w.useConfigCredentials()
			// The gate before the fixtures: a scenario never waits for
			// it holding a fixture that the gate's holders may wait for.
			if err := w.enterGate(ctx, env.scenarioProvider(s), needs); err != nil {
				return ctx, err
			}
			if err := w.claimFixtures(ctx, s, tags.Claims); err != nil {
				return ctx, err
			}
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
		w.closeTab()
		w.releaseFixtures()
		w.leaveGate()
		w.Duration = time.Since(w.Started)
		if done != nil {
			done(s, w, err)
		}
		return ctx, err
	})
}

// registerStepHooks records godog's verdict and the duration of each step.
func registerStepHooks(sc *ScenarioContext) {
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
}

// expects429 tells a scenario about rate limiting (tagged @status:429, or
// a step that names 429): its 429 is its answer, not a reason to wait.
func expects429(s *godog.Scenario, tags Tags) bool {
	if slices.Contains(tags.Statuses, http.StatusTooManyRequests) {
		return true
	}
	for _, st := range s.Steps {
		if strings.Contains(st.Text, "429") {
			return true
		}
	}
	return false
}

type unselectedKey struct{}

// Unselected marks a scenario that the run leaves out (it names other
// scenarios by file and line): the step library gives it no World and no
// sandbox, and reports nothing of it. The hook that marks it must also stop
// its steps (godog.ErrSkip).
func Unselected(ctx context.Context) context.Context {
	return context.WithValue(ctx, unselectedKey{}, true)
}

// useConfigCredentials takes each provider's credentials from the config
// file when the target has no control API.
func (w *World) useConfigCredentials() {
	for _, v := range w.env.Vocabularies {
		creds := w.env.Target.Config.Provider(v.Name).Credentials
		if len(creds) == 0 {
			continue
		}
		m := map[string]any{}
		for k, x := range creds {
			m[k] = x
		}
		w.learn(m)
		w.Credentials[v.Name] = m
		if v.Credentials != nil {
			v.Credentials(w)
		}
	}
}
