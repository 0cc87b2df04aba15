// Package pool lends a run's config fixtures to its scenarios, for a
// target without the control API (Pools, Lease, the Claim a scenario tags),
// checks those fixtures against their providers' rules before the run
// (Rule, CheckFixtures), and keeps the scenarios that arm faults alone with
// their provider (Gate).
//
// It knows nothing of scenarios' state: package steps holds a scenario's
// leases and hold, and turns this package's errors into "not applicable"
// (IsNotApplicable).
package pool
