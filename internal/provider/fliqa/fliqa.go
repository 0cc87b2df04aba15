// Package fliqa plugs the Fliqa account API into conform.
package fliqa

import (
	"github.com/conformhq/conform/internal/provider"
	sim "github.com/conformhq/conform/simulator/fliqa"
	"github.com/conformhq/conform/specs/record"
	vocabulary "github.com/conformhq/conform/steps/fliqa"
)

// Descriptor describes the Fliqa account API by its record (specs/record).
func Descriptor() provider.Descriptor { return Of(record.Fliqa()) }

// Of describes the provider of rec, a record of Fliqa: the simulator serves
// its versions, the run chooses among them.
func Of(rec record.Provider) provider.Descriptor {
	return provider.Of(rec, sim.Of, vocabulary.Vocabulary)
}
