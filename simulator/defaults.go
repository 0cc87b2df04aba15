package simulator

import (
	"encoding/json"
)

// DefaultFixtures returns the fixtures of the default sandbox, as JSON: each
// provider's own defaults under its name. `conform serve --fixtures FILE`
// replaces them; the walk-throughs (docs/walkthroughs.md) use these credentials.
func (s *Simulator) DefaultFixtures() []byte {
	doc := map[string]json.RawMessage{}
	for _, name := range s.names {
		if d := s.providers[name].DefaultFixtures; d != nil {
			doc[name] = d
		}
	}
	b, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		// The providers' documents are checked by their own tests.
		panic(err)
	}
	return b
}
