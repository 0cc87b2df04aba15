// Package all is the one list of the providers conform is built with: the
// composition root. Each provider is one line here: its descriptor, made
// of its record (specs/record), its simulator and its step vocabulary; its
// features are the folder of its name.
package all

import (
	"github.com/conformhq/conform/internal/provider"
	fiskilsim "github.com/conformhq/conform/simulator/fiskil"
	fliqasim "github.com/conformhq/conform/simulator/fliqa"
	weavrsim "github.com/conformhq/conform/simulator/weavr"
	"github.com/conformhq/conform/specs/record"
	fiskilsteps "github.com/conformhq/conform/steps/fiskil"
	fliqasteps "github.com/conformhq/conform/steps/fliqa"
	weavrsteps "github.com/conformhq/conform/steps/weavr"
)

// Providers returns the built-in providers, in the order reports list them.
func Providers() provider.List {
	return provider.List{
		Fliqa(record.Fliqa()),
		Weavr(record.Weavr()),
		Fiskil(record.Fiskil()),
	}
}

// Fliqa describes the Fliqa account API of rec, a record of Fliqa: a
// consent owner's OTP by SMS or e-mail, and the consent it unlocks.
func Fliqa(rec record.Provider) provider.Descriptor {
	return provider.Of(rec, fliqasim.Of, fliqasteps.Vocabulary)
}

// Weavr describes Weavr Multi of rec, a record of Weavr (a test adds a
// version through it): password login, identities, access tokens, step-up
// and logout.
func Weavr(rec record.Provider) provider.Descriptor {
	return provider.Of(rec, weavrsim.Of, weavrsteps.Vocabulary)
}

// Fiskil describes the Fiskil Data API v1 of rec, a record of Fiskil:
// tokens, end users and auth sessions that send an end user through a bank
// consent flow.
func Fiskil(rec record.Provider) provider.Descriptor {
	return provider.Of(rec, fiskilsim.Of, fiskilsteps.Vocabulary)
}
