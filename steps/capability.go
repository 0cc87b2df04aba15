package steps

import (
	"fmt"
	"slices"
	"strings"
)

// Capability is something a scenario may need of the target beyond the
// provider's API, in its string form: "clock", "faults", "rate-limit:weavr",
// "outbox", "settings:fliqa", "otp:weavr", "fixture:weavr/user",
// "simulate:weavr", "state:weavr", "credential:fiskil/clientId". The same
// names appear in not-applicable reasons, `conform run --list-needs`,
// @needs:<capability> tags and docs/certify.md ("Capabilities").
type Capability string

// The capability kinds: what comes before the ":" (or the whole name).
const (
	// KindClock moves the target's clock.
	KindClock = "clock"
	// KindFaults injects failures.
	KindFaults = "faults"
	// KindRateLimit provokes a provider's rate limit: conform's control API
	// sets one, a deployment declares its own (providers.<p>.rateLimit).
	KindRateLimit = "rate-limit"
	// KindOutbox counts the messages the target sent.
	KindOutbox = "outbox"
	// KindSettings changes a provider's sandbox settings (Fliqa's OTP
	// length and lifetime).
	KindSettings = "settings"
	// KindOTP reads an OTP the provider sent.
	KindOTP = "otp"
	// KindSandboxCode is a provider's documented sandbox OTP that a
	// scenario sends as it stands (Weavr's 123456): only a deployment that
	// accepts that very code offers it; any other OTP source would make the
	// scenario fail for a code the deployment never sent.
	KindSandboxCode = "sandbox-code"
	// KindFixture is a pre-provisioned fixture of a kind.
	KindFixture = "fixture"
	// KindSimulate is a provider's sandbox simulate API (Weavr's push
	// challenge completion).
	KindSimulate = "simulate"
	// KindState reads or sets what a provider's API does not show (the
	// status of a Weavr push challenge): conform's control API only.
	KindState = "state"
	// KindCredential is one credential of the provider (Fiskil's client
	// id), which a step cannot do without.
	KindCredential = "credential"
	// KindBrowser is a browser on the machine that runs conform, which
	// drives hosted pages (Fiskil's consent page).
	KindBrowser = "browser"
	// KindConsentPage is a provider's consent page that the harness can
	// drive: described in the config, or conform's own; with an argument,
	// one control of it (consent-page:fiskil/ineligible).
	KindConsentPage = "consent-page"
)

// The capabilities that name no provider.
const (
	Clock   Capability = KindClock
	Faults  Capability = KindFaults
	Outbox  Capability = KindOutbox
	Browser Capability = KindBrowser
)

// RateLimitOf is the capability of provoking a provider's rate limit.
func RateLimitOf(provider string) Capability { return Capability(KindRateLimit + ":" + provider) }

// Settings is the capability of changing a provider's sandbox settings.
func Settings(provider string) Capability { return Capability(KindSettings + ":" + provider) }

// OTP is the capability of reading an OTP a provider sent.
func OTP(provider string) Capability { return Capability(KindOTP + ":" + provider) }

// SandboxCode is the capability of a deployment that accepts the
// provider's documented sandbox OTP code.
func SandboxCode(provider, code string) Capability {
	return Capability(KindSandboxCode + ":" + provider + "/" + code)
}

// Fixture is the capability of a pre-provisioned fixture of a kind.
func Fixture(provider, kind string) Capability {
	return Capability(KindFixture + ":" + provider + "/" + kind)
}

// Simulate is the capability of a provider's sandbox simulate API.
func Simulate(provider string) Capability { return Capability(KindSimulate + ":" + provider) }

// State is the capability of reading or setting a provider's state beyond
// its API.
func State(provider string) Capability { return Capability(KindState + ":" + provider) }

// ConsentPage is the capability of driving a provider's consent page;
// with control names, of using those controls of it.
func ConsentPage(provider string, control ...string) Capability {
	if len(control) > 0 && control[0] != "" {
		return Capability(KindConsentPage + ":" + provider + "/" + control[0])
	}
	return Capability(KindConsentPage + ":" + provider)
}

// Credential is the capability of one credential of a provider.
func Credential(provider, key string) Capability {
	return Capability(KindCredential + ":" + provider + "/" + key)
}

// capabilityKind describes one kind: whether it names a provider
// (settings:<p>) and an argument (fixture:<p>/<kind>).
type capabilityKind struct {
	name     string
	provider bool
	arg      string // what the argument is, "" when none
	optArg   bool   // the argument may be left out
}

// capabilityKinds lists every kind; a function, so that no package state
// can be changed.
func capabilityKinds() []capabilityKind {
	return []capabilityKind{
		{name: KindClock}, {name: KindFaults}, {name: KindRateLimit, provider: true}, {name: KindOutbox},
		{name: KindSettings, provider: true}, {name: KindOTP, provider: true},
		{name: KindSandboxCode, provider: true, arg: "code"},
		{name: KindFixture, provider: true, arg: "fixture kind"},
		{name: KindSimulate, provider: true}, {name: KindState, provider: true},
		{name: KindCredential, provider: true, arg: "credential key"},
		{name: KindLimit, provider: true, arg: "limit name"},
		{name: KindBrowser}, {name: KindConsentPage, provider: true, arg: "control", optArg: true},
	}
}

// Kind is the capability's kind ("fixture" of "fixture:weavr/user").
func (c Capability) Kind() string {
	k, _, _ := strings.Cut(string(c), ":")
	return k
}

// Provider is the provider the capability names ("weavr" of
// "fixture:weavr/user"), "" for none.
func (c Capability) Provider() string {
	_, rest, _ := strings.Cut(string(c), ":")
	p, _, _ := strings.Cut(rest, "/")
	return p
}

// Arg is the capability's argument ("user" of "fixture:weavr/user"), ""
// for none.
func (c Capability) Arg() string {
	_, rest, _ := strings.Cut(string(c), ":")
	_, a, _ := strings.Cut(rest, "/")
	return a
}

// ErrCapability is a capability name that names no capability.
type ErrCapability struct {
	Name   string
	Reason string
}

func (e *ErrCapability) Error() string {
	return fmt.Sprintf("%q is no capability: %s", e.Name, e.Reason)
}

// ParseCapability reads a capability's string form (an @needs: tag's),
// refusing an unknown kind, a missing or extra provider or argument.
func ParseCapability(s string) (Capability, error) {
	c := Capability(s)
	i := slices.IndexFunc(capabilityKinds(), func(k capabilityKind) bool { return k.name == c.Kind() })
	if i < 0 {
		var names []string
		for _, k := range capabilityKinds() {
			names = append(names, k.name)
		}
		return "", &ErrCapability{Name: s, Reason: "unknown kind (known: " + strings.Join(names, ", ") + ")"}
	}
	k := capabilityKinds()[i]
	hasProvider := strings.Contains(s, ":")
	_, hasArg := strings.CutPrefix(strings.TrimPrefix(s, k.name+":"+c.Provider()), "/")
	switch {
	case k.provider && c.Provider() == "":
		return "", &ErrCapability{Name: s, Reason: fmt.Sprintf("write %s:<provider>", k.name)}
	case !k.provider && hasProvider:
		return "", &ErrCapability{Name: s, Reason: k.name + " names no provider"}
	case k.arg != "" && c.Arg() == "" && !k.optArg:
		return "", &ErrCapability{Name: s, Reason: fmt.Sprintf("write %s:<provider>/<%s>", k.name, k.arg)}
	case k.arg == "" && hasArg:
		return "", &ErrCapability{Name: s, Reason: k.name + " takes no /argument"}
	}
	return c, nil
}
