package steps

import (
	"context"
	"fmt"

	"github.com/cucumber/godog"

	"github.com/conformhq/conform/steps/pool"
)

// ScenarioKey names a scenario within a run: its feature's URI and its
// pickle's id (unique within the file).
func ScenarioKey(uri, pickleID string) string { return uri + "#" + pickleID }

// claimFixtures grants, without the control API, the fixtures a scenario
// claims (see pool.Claim) before its first step: not applicable when the
// run's plan denied it one, or when the config has none left to give.
func (w *World) claimFixtures(ctx context.Context, s *godog.Scenario, claims []pool.Claim) error {
	if len(claims) == 0 {
		return nil
	}
	if why, ok := w.env.Pools.Denied(ScenarioKey(s.Uri, s.Id)); ok {
		return w.NotApplicablef("%s", why)
	}
	leases, err := w.env.Pools.Exclusive(ctx, claims)
	if err != nil {
		if pool.IsNotApplicable(err) {
			return w.NotApplicablef("%s", err.Error())
		}
		return err
	}
	for _, l := range leases {
		w.leases[l.Provider()+"/"+l.Kind()] = l
	}
	return nil
}

// leaseFixture lends the scenario a config fixture of a kind: the one it
// claimed, or one it shares with others.
func (w *World) leaseFixture(ctx context.Context, provider, kind string) (*pool.Lease, error) {
	if l := w.leases[provider+"/"+kind]; l != nil {
		return l, nil
	}
	l, err := w.env.Pools.Shared(ctx, provider, kind, len(w.leases) > 0)
	if err != nil {
		if pool.IsNotApplicable(err) {
			return nil, w.NotApplicablef("%s", err.Error())
		}
		return nil, err
	}
	w.leases[provider+"/"+kind] = l
	return l, nil
}

// releaseFixtures ends the scenario's leases.
func (w *World) releaseFixtures() {
	for k, l := range w.leases {
		w.env.Pools.Release(l)
		delete(w.leases, k)
	}
}

// FixtureKey is the config key of the fixture of a kind the scenario
// holds (providers.weavr.fixtures.user[1]), or the kind's key when it holds
// none, for messages about its fields.
func (w *World) FixtureKey(provider, kind string) string {
	if l := w.leases[provider+"/"+kind]; l != nil {
		return l.Key
	}
	return "providers." + provider + ".fixtures." + kind
}

// FixtureUnusable sets the scenario's fixture of a kind aside for the rest
// of the run, because the target shows it breaks a rule a fixture of its
// kind must satisfy (a lockout user found locked): the scenario cannot be
// judged, and the error it returns names the fixture and why, a setup
// error, never a verdict on the target.
func (w *World) FixtureUnusable(provider, kind, why string) error {
	key := w.FixtureKey(provider, kind)
	if l := w.leases[provider+"/"+kind]; l != nil {
		l.Retire(why)
	}
	w.erred = true
	return fmt.Errorf("fixture %s cannot be used: %s (set aside for the rest of the run)", key, why)
}
