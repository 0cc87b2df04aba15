package simulator

import (
	"encoding/json"

	"github.com/conformhq/conform/simulator/fiskil"
	"github.com/conformhq/conform/simulator/fliqa"
	"github.com/conformhq/conform/simulator/weavr"
)

// DefaultFixtures returns the fixtures of the default sandbox, as JSON: each
// provider's own defaults under its name. `conform serve --fixtures FILE`
// replaces them; the README's walk-throughs use these credentials.
func DefaultFixtures() []byte {
	doc := map[string]json.RawMessage{
		fliqa.Name:  fliqa.DefaultFixtures,
		weavr.Name:  weavr.DefaultFixtures,
		fiskil.Name: fiskil.DefaultFixtures,
	}
	b, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		// The embedded documents are checked by the providers' tests.
		panic(err)
	}
	return b
}
