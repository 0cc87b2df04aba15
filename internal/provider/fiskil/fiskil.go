// Package fiskil plugs the Fiskil Data API into conform.
package fiskil

import (
	"github.com/conformhq/conform/features"
	"github.com/conformhq/conform/internal/provider"
	sim "github.com/conformhq/conform/simulator/fiskil"
	"github.com/conformhq/conform/specs/oas"
	vocabulary "github.com/conformhq/conform/steps/fiskil"
)

// Descriptor describes the Fiskil Data API v1: tokens, end users and auth
// sessions that send an end user through a bank consent flow.
func Descriptor() provider.Descriptor {
	return provider.Descriptor{
		Name: sim.Name,
		Versions: []provider.Version{
			{Name: "1", Spec: func() (*oas.Spec, error) { return oas.Load("fiskil") }},
		},
		// goa errors carry their name; each operation declares its own.
		ErrorCode:   provider.ErrorCode{Property: "name", PerOperation: true},
		Simulator:   sim.New,
		Vocabulary:  vocabulary.Vocabulary,
		Features:    features.Of(sim.Name),
		Credentials: []string{"clientId", "clientSecret"},
	}
}
