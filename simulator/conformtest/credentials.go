package conformtest

import (
	"encoding/json"
	"maps"
	"slices"
)

// Credentials are what a fixtures document created, per provider: a
// provider the document left out has the zero value.
type Credentials struct {
	Weavr  WeavrCredentials
	Fliqa  FliqaCredentials
	Fiskil FiskilCredentials
}

// credentials decodes the simulator's raw credentials into their types,
// failing the test on a provider whose JSON does not fit (a simulator
// change this package has not followed).
func (s *Server) credentials(raw map[string]json.RawMessage) Credentials {
	s.t.Helper()
	var c Credentials
	into := map[string]any{"weavr": &c.Weavr, "fliqa": &c.Fliqa, "fiskil": &c.Fiskil}
	for _, name := range slices.Sorted(maps.Keys(raw)) {
		v, ok := into[name]
		if !ok {
			continue
		}
		if err := json.Unmarshal(raw[name], v); err != nil {
			s.t.Fatalf("conformtest: the simulator's %s credentials do not decode: %v", name, err)
		}
	}
	return c
}

// Weavr returns the Weavr credentials the sandbox was created with.
func (s *Server) Weavr() WeavrCredentials {
	s.t.Helper()
	return s.credentials(s.creds).Weavr
}

// Fliqa returns the Fliqa credentials the sandbox was created with.
func (s *Server) Fliqa() FliqaCredentials {
	s.t.Helper()
	return s.credentials(s.creds).Fliqa
}

// Fiskil returns the Fiskil credentials the sandbox was created with.
func (s *Server) Fiskil() FiskilCredentials {
	s.t.Helper()
	return s.credentials(s.creds).Fiskil
}
