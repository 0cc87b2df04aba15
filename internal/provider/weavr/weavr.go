// Package weavr plugs the Weavr Multi API into conform.
package weavr

import (
	"github.com/conformhq/conform/internal/provider"
	sim "github.com/conformhq/conform/simulator/weavr"
	"github.com/conformhq/conform/specs/record"
	vocabulary "github.com/conformhq/conform/steps/weavr"
)

// Descriptor describes Weavr Multi by its record (specs/record).
func Descriptor() provider.Descriptor { return Of(record.Weavr()) }

// Of describes the provider of rec, a record of Weavr: the simulator serves
// its versions, the run chooses among them.
func Of(rec record.Provider) provider.Descriptor {
	return provider.Of(rec, sim.Of, vocabulary.Vocabulary)
}
