// Package fliqa plugs the Fliqa account API into conform.
package fliqa

import (
	"github.com/conformhq/conform/features"
	"github.com/conformhq/conform/internal/provider"
	sim "github.com/conformhq/conform/simulator/fliqa"
	"github.com/conformhq/conform/specs/oas"
	vocabulary "github.com/conformhq/conform/steps/fliqa"
)

// Descriptor describes the Fliqa account API: a consent owner's OTP by SMS
// or e-mail, and the consent it unlocks.
func Descriptor() provider.Descriptor {
	return provider.Descriptor{
		Name: sim.Name,
		Versions: []provider.Version{
			{Name: "1", Spec: func() (*oas.Spec, error) { return oas.Load("fliqa") }},
		},
		// One error schema is shared by every operation: its subcodes
		// count provider-wide.
		ErrorCode:   provider.ErrorCode{Property: "errorSubCode", PerOperation: false},
		Simulator:   sim.New,
		Vocabulary:  vocabulary.Vocabulary,
		Features:    features.Of(sim.Name),
		Credentials: []string{"apiKey", "apiSecret"},
	}
}
