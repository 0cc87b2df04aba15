// Package weavr plugs the Weavr Multi API into conform.
package weavr

import (
	"github.com/conformhq/conform/features"
	"github.com/conformhq/conform/internal/provider"
	sim "github.com/conformhq/conform/simulator/weavr"
	"github.com/conformhq/conform/specs/oas"
	vocabulary "github.com/conformhq/conform/steps/weavr"
)

// Descriptor describes Weavr Multi: password login, identities, access
// tokens, step-up and logout.
func Descriptor() provider.Descriptor {
	return provider.Descriptor{
		Name: sim.Name,
		Versions: []provider.Version{
			// 3.63, what Weavr serves today, is the default (API.md version 3);
			// 3.32, the seed page's, stays selectable (--spec weavr=3.32).
			{Name: "3.63", Spec: func() (*oas.Spec, error) { return oas.Load("weavr-3.63") }},
			{Name: "3.32", Spec: func() (*oas.Spec, error) { return oas.Load("weavr-3.32") }},
		},
		ErrorCode:   provider.ErrorCode{Property: "errorCode", PerOperation: true},
		Simulator:   sim.New,
		Vocabulary:  vocabulary.Vocabulary,
		Features:    features.Of(sim.Name),
		Credentials: []string{"apiKey"},
	}
}
