package runner

import (
	"github.com/conformhq/conform/specs/oas"
	"github.com/conformhq/conform/steps"
	"github.com/conformhq/conform/steps/fiskil"
	"github.com/conformhq/conform/steps/fliqa"
	"github.com/conformhq/conform/steps/weavr"
)

// NewEnv is the step engine's Env for a run against a target with every
// provider conform knows: the one place that lists their vocabularies and
// loads their specs.
func NewEnv(t *steps.Target) (*steps.Env, error) {
	vocabularies := []steps.Vocabulary{fliqa.Vocabulary(), weavr.Vocabulary(), fiskil.Vocabulary()}
	specs := make(map[string]*oas.Spec, len(vocabularies))
	for _, v := range vocabularies {
		s, err := oas.Load(v.Name)
		if err != nil {
			return nil, err
		}
		specs[v.Name] = s
	}
	return steps.NewEnv(t, specs, vocabularies)
}
