package timing

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
	// answers (steps.World.SetTiming), and is not applicable otherwise,
	// since the default is no ground to judge a deployment on.
	Unfixed string
}

// Setter is a step that sets a timing for the rest of its scenario
// ("the sandbox allows 2 requests per "1m" for each api key" sets
// rateLimitWindow): ScenarioWait reads it from the step's text, the step
// itself calls steps.World.SetTiming.
type Setter struct {
	// Pattern matches the step's text; its first group is an Expr ("1m",
	// "1/5 tokenIdleLifetime").
	Pattern *regexp.Regexp
	// Timing is the name it sets.
	Timing string
}

// Durations are durations by timing name.
type Durations map[string]time.Duration

// ClockStep matches the step that moves the sandbox's clock; its group is
// an Expr. Exported for the tools that read scenarios (needs,
// ScenarioWait).
var ClockStep = regexp.MustCompile(`^the sandbox clock advances by "([^"]+)"$`)

// RateLimitWindow is the timing the engine's rate-limit step sets: the
// window the scenario gave its sandbox.
const RateLimitWindow = "rateLimitWindow"

// EngineSetters are the timing setters of the engine's own steps (not the
// providers'). A function, so that no caller can change them for others.
func EngineSetters() []Setter {
	return []Setter{{
		Pattern: regexp.MustCompile(`^the sandbox allows (?:\d+) requests? per "([^"]+)" for each api key$`),
		Timing:  RateLimitWindow,
	}}
}

// Table is what a target knows of one provider's timings: those its
// vocabulary declares, with the contract's defaults, those the config
// file declares for the deployment, and the provider's setters.
type Table struct {
	// Provider names the provider, for messages and config keys.
	Provider string
	// Declared are the provider's timings (its vocabulary's).
	Declared []Timing
	// Config are the deployment's own values (providers.<provider>.timings).
	Config Durations
	// Setters are the provider's timing setters; the engine's are added.
	Setters []Setter
}

// Values are the durations the provider's scenarios advance the clock by
// at this target: the defaults, replaced by those the config declares.
func (t Table) Values() Durations {
	out := Durations{}
	for _, d := range t.Declared {
		out[d.Name] = d.Default
	}
	maps.Copy(out, t.Config)
	return out
}

// Configured reports whether the config file declares a timing.
func (t Table) Configured(name string) bool {
	_, ok := t.Config[name]
	return ok
}

// Lookup is a declared Timing, by name.
func (t Table) Lookup(name string) (Timing, bool) {
	i := slices.IndexFunc(t.Declared, func(d Timing) bool { return d.Name == name })
	if i < 0 {
		return Timing{}, false
	}
	return t.Declared[i], true
}

// AllSetters are the timing setters of the engine and of the provider.
func (t Table) AllSetters() []Setter {
	return append(EngineSetters(), t.Setters...)
}

// ScenarioWait adds up the clock steps of one of the provider's scenarios
// with its timings at this target (Values) and the setters of the engine
// and the provider.
func (t Table) ScenarioWait(steps []string) (Wait, error) {
	return ScenarioWait(steps, t.Values(), t.AllSetters())
}

// Resolve is the value of a timing for a scenario: set by an earlier step
// (set), else declared in the config file, else the default. A timing the
// contract does not fix (Timing.Unfixed) that the scenario did not learn
// is an *UnfixedError against a target without the control API (control
// false), unless the config declares it; a name nobody knows is an
// *UnknownError.
func (t Table) Resolve(name string, set Durations, control bool) (time.Duration, error) {
	if d, ok := set[name]; ok {
		return d, nil
	}
	all := t.Values()
	d, ok := all[name]
	if !ok {
		known := slices.Sorted(maps.Keys(merge(all, set)))
		return 0, &UnknownError{Name: name, Expr: name, Known: known}
	}
	if def, ok := t.Lookup(name); ok && def.Unfixed != "" && !control && !t.Configured(name) {
		return 0, &UnfixedError{Provider: t.Provider, Name: name, Why: def.Unfixed}
	}
	return d, nil
}

// UnfixedError is a timing the contract fixes no value for, that neither
// the scenario learnt nor the config declares, at a target whose clock
// cannot be moved: the scenario is not applicable.
type UnfixedError struct {
	Provider, Name string
	// Why is the timing's Unfixed: why the contract fixes no value.
	Why string
}

func (e *UnfixedError) Error() string {
	return fmt.Sprintf("the contract fixes no %s %s (%s), the target did not state it, and the config declares no providers.%s.timings.%s", e.Provider, e.Name, e.Why, e.Provider, e.Name)
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
func ScenarioWait(steps []string, timings Durations, setters []Setter) (Wait, error) {
	var w Wait
	set := Durations{}
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
				expr, err := ParseExpr(m[1])
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
		expr, err := ParseExpr(m[1])
		if err != nil {
			return w, err
		}
		d, err := expr.Eval(lookup)
		if err != nil {
			var u *UnknownError
			if errors.As(err, &u) {
				u.Known = slices.Sorted(maps.Keys(merge(timings, set)))
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

// MaxWait is how long a run may wait for real, in all, for one scenario
// (--max-wait, config maxWait); zero turns waiting off.
type MaxWait time.Duration

// Allows reports whether a scenario may wait for real as long as total.
func (m MaxWait) Allows(total time.Duration) bool {
	return m > 0 && total <= time.Duration(m)
}

// Shortfall says why a scenario's wait is not allowed, naming the flag
// and config keys that would change that: --max-wait (maxWait) and the
// timings it is made of (providers.<provider>.timings.<name>).
func (m MaxWait) Shortfall(t Table, w Wait) string {
	values := t.Values()
	var parts []string
	for _, n := range w.Timings {
		parts = append(parts, fmt.Sprintf("providers.%s.timings.%s = %s", t.Provider, n, values[n]))
	}
	allowed := "waiting is off"
	if m > 0 {
		allowed = "beyond --max-wait " + time.Duration(m).String()
	}
	return fmt.Sprintf("needs a movable clock: the target offers no control API, and waiting for real takes %s (%s), %s: allow it with --max-wait %s (config maxWait), or declare the deployment's shorter timings",
		w.Total, strings.Join(parts, ", "), allowed, w.Total)
}

func merge(a, b Durations) Durations {
	out := maps.Clone(a)
	if out == nil {
		out = Durations{}
	}
	maps.Copy(out, b)
	return out
}
