// Package weavr plugs the Weavr Multi API into conform.
package weavr

import (
	"github.com/conformhq/conform/features"
	"github.com/conformhq/conform/internal/provider"
	sim "github.com/conformhq/conform/simulator/weavr"
	"github.com/conformhq/conform/specs/oas"
	"github.com/conformhq/conform/steps"
)

// Descriptor describes Weavr Multi: password login, identities, access
// tokens, step-up and logout.
func Descriptor() provider.Descriptor {
	return provider.Descriptor{
		Name:  sim.Name,
		Title: "Weavr",
		Versions: []provider.Version{
			{Name: "3.32", Spec: func() (*oas.Spec, error) { return oas.Load("weavr") }},
		},
		ErrorCode:   provider.ErrorCode{Property: "errorCode", PerOperation: true},
		Simulator:   sim.New,
		Vocabulary:  func() steps.Vocabulary { return steps.Vocabulary{Name: sim.Name, Title: "Weavr"} },
		Features:    features.Of(sim.Name),
		Credentials: []string{"apiKey"},
	}
}
