package steps

import (
	"github.com/conformhq/conform/steps/config"
	"github.com/conformhq/conform/steps/pool"
)

// CheckFixtures checks every config fixture against its provider's rules
// (Vocabulary.FixtureRules, pool.CheckFixtures), before the run: a
// *pool.FixtureError names each field at fault.
func CheckFixtures(cfg *config.Config, vs []Vocabulary) error {
	rules := make([]pool.Rules, len(vs))
	for i, v := range vs {
		rules[i] = pool.Rules{Provider: v.Name, Title: v.Title, ByKind: v.FixtureRules}
	}
	return pool.CheckFixtures(cfg, rules)
}
