package fliqa

import (
	"context"
	"regexp"
	"time"

	"github.com/conformhq/conform/specs/record"
	"github.com/conformhq/conform/steps"
	"github.com/conformhq/conform/steps/timing"
)

// name is Fliqa's key: its URL prefix, feature folder, tag and config
// section.
const name = record.FliqaName

// docsBase is where every Fliqa error's documentationUrl points, followed
// by its errorCode.
const docsBase = "https://documentation.fliqa.io/api/errors/"

// requestID is the shape of a Fliqa requestId: 32 lowercase hex digits.
var requestID = regexp.MustCompile(`^[0-9a-f]{32}$`)

// credentials sends the api key and secret (from the sandbox or the
// config file) on every Fliqa request: getAccessToken is authenticated by
// the Api-Key and Api-Secret headers.
func credentials(w *steps.World) {
	if k, ok := w.Credential(name, "apiKey"); ok {
		w.SetHeader(name, "Api-Key", k)
	}
	if s, ok := w.Credential(name, "apiSecret"); ok {
		w.SetHeader(name, "Api-Secret", s)
	}
}

// Vocabulary is Fliqa's step vocabulary.
func Vocabulary() steps.Vocabulary {
	rec := record.Fliqa()
	return steps.Vocabulary{Name: rec.Name, Title: rec.Title, Credentials: credentials,
		Register:     steps.Registers(registerFixtures, registerOTP, registerExpiry, registerAnswers, registerConsent),
		FixtureKinds: []string{"inquiry", "inquiryWithoutAccountOwner", "consentOwner", providerKind, "sandboxOnlyKey", "productionOnlyKey"},
		FixtureRules: fixtureRules(), Needs: needs(),
		Timings:       timings,
		TimingSetters: []timing.Setter{{Pattern: otpLifetimeStep, Timing: otpLifetime}}}
}

// Fliqa's timing names.
const (
	accessTokenLifetime = "accessTokenLifetime"
	otpLifetime         = "otpLifetime"
)

// timings are Fliqa's named durations. The reference fixes neither: the
// defaults are its example's and conform's simulator's.
var timings = []timing.Timing{
	{Name: accessTokenLifetime, Default: 360 * time.Second, Source: "the reference's example expiresIn: 360; each token answer states its own (expiresIn), which a scenario then uses",
		Unfixed: "only an example shows 360 s"},
	{Name: otpLifetime, Default: 5 * time.Minute, Source: "not in the reference: conform's simulator's default",
		Unfixed: "the reference does not state how long an OTP lives"},
}

// otpLifetimeStep sets the sandbox's OTP lifetime for its scenario.
var otpLifetimeStep = regexp.MustCompile(otpTTLStep)

// world is a scenario's World seen by the Fliqa steps, with their own
// helpers as methods.
type world struct{ *steps.World }

func worldOf(ctx context.Context) world { return world{steps.WorldFrom(ctx)} }
