package steps

import (
	"errors"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"time"
)

// Timing is a named duration of a provider's behaviour that scenarios
// advance the clock by: a token's lifetime, a lockout period, a
// challenge's expiry. Its default is the contract's; a deployment declares
// its own under providers.<provider>.timings.<name> in the config file.
type Timing struct {
	// Name is how clock steps and the config file write it
	// ("lockoutPeriod"): lower camel case.
	Name string
	// Default is the contract's value.
	Default time.Duration
	// Source says where the default comes from, for docs and messages.
	Source string
	// Unfixed, when set, says why the contract fixes no value (the
	// default is then conform's choice, its simulator's): against a target
	// without the control API, a scenario uses such a timing only when the
	// config declares it or an earlier step learnt it from the target's
	// answers (World.SetTiming), and is not applicable otherwise, since the
	// default is no ground to judge a deployment on.
	Unfixed string
}

// TimingSetter is a step that sets a timing for the rest of its scenario
// ("the sandbox allows 2 requests per "1m" for each api key" sets
// rateLimitWindow): ScenarioWait reads it from the step's text, the step
// itself calls World.SetTiming.
type TimingSetter struct {
	// Pattern matches the step's text; its first group is a TimingExpr
	// ("1m", "1/5 tokenIdleLifetime").
	Pattern *regexp.Regexp
	// Timing is the name it sets.
	Timing string
}

// Timings are durations by timing name.
type Timings map[string]time.Duration

// ClockStep matches the step that moves the sandbox's clock; its group is
// a TimingExpr. Exported for the tools that read scenarios (needs,
// ScenarioWait).
var ClockStep = regexp.MustCompile(`^the sandbox clock advances by "([^"]+)"$`)

// RateLimitWindow is the timing the engine's rate-limit step sets: the
// window the scenario gave its sandbox.
const RateLimitWindow = "rateLimitWindow"

// engineSetters are the timing setters of the engine's own steps.
var engineSetters = []TimingSetter{{
	Pattern: regexp.MustCompile(`^the sandbox allows (?:\d+) requests? per "([^"]+)" for each api key$`),
	Timing:  RateLimitWindow,
}}

// Timings are the durations a provider's scenarios advance the clock by
// at this target: the vocabulary's defaults, replaced by those the config
// file declares (providers.<provider>.timings).
func (e *Env) Timings(provider string) Timings {
	out := Timings{}
	if v, ok := e.vocabulary(provider); ok {
		for _, t := range v.Timings {
			out[t.Name] = t.Default
		}
	}
	if e.Target != nil && e.Target.Config != nil {
		maps.Copy(out, e.Target.Config.Provider(provider).Timings)
	}
	return out
}

// declared reports whether the config file declares a provider's timing.
func (e *Env) declared(provider, name string) bool {
	if e.Target == nil || e.Target.Config == nil {
		return false
	}
	_, ok := e.Target.Config.Provider(provider).Timings[name]
	return ok
}

// timing is a provider's declared Timing, by name.
func (e *Env) timing(provider, name string) (Timing, bool) {
	v, ok := e.vocabulary(provider)
	if !ok {
		return Timing{}, false
	}
	i := slices.IndexFunc(v.Timings, func(t Timing) bool { return t.Name == name })
	if i < 0 {
		return Timing{}, false
	}
	return v.Timings[i], true
}

// setters are the timing setters of the engine and of a provider.
func (e *Env) setters(provider string) []TimingSetter {
	out := append([]TimingSetter(nil), engineSetters...)
	if v, ok := e.vocabulary(provider); ok {
		out = append(out, v.TimingSetters...)
	}
	return out
}

// Wait is what a scenario's clock steps add up to, when the clock is
// moved by waiting for real.
type Wait struct {
	// Total is the sum of the scenario's clock steps.
	Total time.Duration
	// Timings are the timings the clock steps name, in order, once each.
	Timings []string
}

// ScenarioWait adds up the clock steps of a scenario (its steps' texts, in
// order) with the given timings, and the setters' values for the steps
// after a setter. A scenario without clock step waits 0.
func ScenarioWait(steps []string, timings Timings, setters []TimingSetter) (Wait, error) {
	var w Wait
	set := Timings{}
	lookup := func(name string) (time.Duration, bool) {
		if d, ok := set[name]; ok {
			return d, true
		}
		d, ok := timings[name]
		return d, ok
	}
	for _, text := range steps {
		for _, s := range setters {
			if m := s.Pattern.FindStringSubmatch(text); m != nil {
				expr, err := ParseTimingExpr(m[1])
				if err != nil {
					return w, fmt.Errorf("step %q: %w", text, err)
				}
				d, err := expr.Eval(lookup)
				if err != nil {
					return w, fmt.Errorf("step %q: %w", text, err)
				}
				set[s.Timing] = d
			}
		}
		m := ClockStep.FindStringSubmatch(text)
		if m == nil {
			continue
		}
		expr, err := ParseTimingExpr(m[1])
		if err != nil {
			return w, err
		}
		d, err := expr.Eval(lookup)
		if err != nil {
			var u *UnknownTimingError
			if errors.As(err, &u) {
				u.Known = slices.Sorted(maps.Keys(mergeTimings(timings, set)))
			}
			return w, err
		}
		w.Total += d
		for _, n := range expr.Names() {
			if !slices.Contains(w.Timings, n) {
				w.Timings = append(w.Timings, n)
			}
		}
	}
	return w, nil
}

// ScenarioWait adds up the clock steps of one of a provider's scenarios
// with the timings of this target (Timings) and the setters of the engine
// and the provider.
func (e *Env) ScenarioWait(provider string, steps []string) (Wait, error) {
	return ScenarioWait(steps, e.Timings(provider), e.setters(provider))
}

// CanWait reports whether the run may wait for real as long as total: the
// target offers no control API to move its clock, and --max-wait (config
// maxWait) allows it. A run with the control API never waits.
func (e *Env) CanWait(total time.Duration) bool {
	return e.MaxWait > 0 && total <= e.MaxWait
}

// WaitShortfall says why a scenario's wait is not allowed, naming the
// flag and config keys that would change that: --max-wait (maxWait) and
// the timings it is made of (providers.<provider>.timings.<name>).
func (e *Env) WaitShortfall(provider string, w Wait) string {
	t := e.Timings(provider)
	var parts []string
	for _, n := range w.Timings {
		parts = append(parts, fmt.Sprintf("providers.%s.timings.%s = %s", provider, n, t[n]))
	}
	allowed := "waiting is off"
	if e.MaxWait > 0 {
		allowed = "beyond --max-wait " + e.MaxWait.String()
	}
	return fmt.Sprintf("needs a movable clock: the target offers no control API, and waiting for real takes %s (%s), %s: allow it with --max-wait %s (config maxWait), or declare the deployment's shorter timings",
		w.Total, strings.Join(parts, ", "), allowed, w.Total)
}

func mergeTimings(a, b Timings) Timings {
	out := maps.Clone(a)
	if out == nil {
		out = Timings{}
	}
	maps.Copy(out, b)
	return out
}
