package runner

import (
	"github.com/conformhq/conform/steps"
	"github.com/conformhq/conform/steps/pool"
)

// planFixtures tells the run's fixture pools, before any scenario starts,
// which scenarios will start, in report order: without the control API,
// those that consume more fixtures of a kind than the config gives are
// then not applicable up front, the same ones whatever the timing. A
// scenario whose needs the target does not offer is left out: it will not
// run, and consumes nothing.
func planFixtures(env *steps.Env, r *runState, files []*featureFile) error {
	if env.Target.Control != "" {
		return nil
	}
	var planned []pool.PlannedScenario
	for _, f := range files {
		for _, p := range f.Pickles {
			if !r.sel.has(f, p) {
				continue
			}
			needs, err := env.NeedsOf(p)
			if err != nil {
				return err
			}
			if len(env.Missing(needs)) > 0 {
				continue
			}
			planned = append(planned, pool.PlannedScenario{Key: steps.ScenarioKey(f.URI, p.Id), Claims: f.tags[p.Id].Claims})
		}
	}
	env.Pools.Plan(planned)
	return nil
}
