// Package all is the one list of the providers conform is built with: the
// composition root. Adding a provider is one line here, beside its own
// folders (specs, simulator, steps, features, internal/provider/<name>).
package all

import (
	"github.com/conformhq/conform/internal/provider"
	"github.com/conformhq/conform/internal/provider/fiskil"
	"github.com/conformhq/conform/internal/provider/fliqa"
	"github.com/conformhq/conform/internal/provider/weavr"
)

// Providers returns the built-in providers, in the order reports list them.
func Providers() provider.List {
	return provider.List{
		fliqa.Descriptor(),
		weavr.Descriptor(),
		fiskil.Descriptor(),
	}
}
