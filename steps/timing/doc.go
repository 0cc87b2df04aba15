// Package timing is the step library's clock: the named timings of a
// provider (Timing, with the contract's defaults and a deployment's own
// from the config file: Table), the expressions clock steps advance by
// (Expr, "lockoutPeriod - 1s"), what a scenario's clock steps add up to
// (ScenarioWait), and real waits for a target without a movable clock
// (Sleep, MaxWait), during which a scenario gives its concurrency slot
// back to the run (Slot).
//
// It knows nothing of scenarios: package steps holds a scenario's state
// (the timings its steps set, its waits so far) and turns this package's
// typed errors (UnfixedError, TooShortError) into "not applicable".
package timing
