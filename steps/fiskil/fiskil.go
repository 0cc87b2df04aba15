package fiskil

import (
	"context"
	"time"

	"github.com/conformhq/conform/specs/record"
	"github.com/conformhq/conform/steps"
	"github.com/conformhq/conform/steps/timing"
)

// Variables the Fiskil steps set, for {{name}} in feature files.
const (
	clientIDVar     = "fiskil_client_id"     // the scenario's client (the sandbox's, or the config's)
	clientSecretVar = "fiskil_client_secret" // its secret
	seqVar          = "fiskil_seq"           // counter behind unique
	runVar          = "fiskil_run"           // random part of unique without a sandbox
)

// credentials makes the scenario's Fiskil client known to the feature
// files as {{fiskil_client_id}} and {{fiskil_client_secret}}. Fiskil has
// no static credential header: a bearer token comes from POST /v1/token
// ("Given a Fiskil access token"). The hook runs again whenever fixtures add
// clients; the first client it sees (the sandbox's own, or the config's
// credentials clientId and clientSecret) stays the scenario's client. A
// config that gives a ready-made bearer token (credentials.token) gets it
// sent on every Fiskil request.
func credentials(w *steps.World) {
	if _, ok := w.Get(clientIDVar); !ok {
		id, okID := w.Credential(name, "clientId")
		secret, okSecret := w.Credential(name, "clientSecret")
		if okID && okSecret {
			w.Set(clientIDVar, id)
			w.Set(clientSecretVar, secret)
		}
	}
	if tok, ok := w.Credential(name, "token"); ok {
		if !w.HasHeader(name, "Authorization") {
			w.SetHeader(name, "Authorization", "Bearer "+tok)
		}
	}
}

// name is Fiskil's key: its URL prefix, feature folder, tag and config
// section.
const name = record.FiskilName

// Vocabulary is Fiskil's step vocabulary.
func Vocabulary() steps.Vocabulary {
	rec := record.Fiskil()
	return steps.Vocabulary{Name: rec.Name, Title: rec.Title, Credentials: credentials,
		Register:     steps.Registers(registerTokens, registerFixtures, registerConsentPage, registerConsentPageChecks, registerRedirects, registerLinkChecks, registerAnswers),
		FixtureKinds: []string{endUserKind, institutionKind, readOnlyClientKind},
		FixtureRules: fixtureRules(), Needs: needs(),
		Timings: timings}
}

// timings are Fiskil's named durations, with the contract's values.
var timings = []timing.Timing{
	{Name: "tokenLifetime", Default: 15 * time.Minute, Source: "POST /v1/token answers expires_in: 900"},
	{Name: "authSessionExpiry", Default: 5 * 24 * time.Hour, Source: "an auth session expires after 5 days (expires_at = now + 5 days)"},
}

// world is a scenario's World seen by the Fiskil steps, with their own
// helpers as methods.
type world struct{ *steps.World }

func worldOf(ctx context.Context) world { return world{steps.WorldFrom(ctx)} }
