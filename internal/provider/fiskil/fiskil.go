// Package fiskil plugs the Fiskil Data API into conform.
package fiskil

import (
	"github.com/conformhq/conform/internal/provider"
	sim "github.com/conformhq/conform/simulator/fiskil"
	"github.com/conformhq/conform/specs/record"
	vocabulary "github.com/conformhq/conform/steps/fiskil"
)

// Descriptor describes the Fiskil Data API v1 by its record (specs/record).
func Descriptor() provider.Descriptor { return Of(record.Fiskil()) }

// Of describes the provider of rec, a record of Fiskil: the simulator serves
// its versions, the run chooses among them.
func Of(rec record.Provider) provider.Descriptor {
	return provider.Of(rec, sim.Of, vocabulary.Vocabulary)
}
