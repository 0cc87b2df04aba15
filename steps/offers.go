package steps

import (
	"fmt"
	"sort"
	"strings"
)

// Missing is a need the target does not offer, with what would provide it.
type Missing struct {
	Capability Capability `json:"capability"`
	// Provide names the config key or flag that would offer it, or says
	// that only conform's control API does.
	Provide string `json:"provide"`
}

// String is the need as reasons write it: "faults (only conform's control
// API offers it)".
func (m Missing) String() string { return string(m.Capability) + " (" + m.Provide + ")" }

// MissingReason is the not-applicable reason of a scenario whose needs are
// not met: every missing capability and what would provide it.
func MissingReason(missing []Missing) string {
	parts := make([]string, len(missing))
	for i, m := range missing {
		parts[i] = m.String()
	}
	return "needs " + strings.Join(parts, ", ")
}

// controlOnly is what Provide says of a capability that only conform's
// control API offers.
const controlOnly = "only conform's control API offers it"

// Offer is a target's answer to one need: offered, and by what, or what
// would offer it.
type Offer struct {
	Offered bool
	// By names what offers the need: conform's control API, or a config key.
	By string
	// Provide names the config key or flag that would offer the need when
	// it is not offered.
	Provide string
}

// OfferRule decides whether a target without conform's control API offers
// a need (the control API offers every capability).
type OfferRule func(e *Env, n Need) Offer

// offerRules is THE table of what a target without the control API offers,
// by capability kind; a kind without a rule is never offered.
//
// Where the "waits" work plugs in: KindClock becomes real waits (offered
// when --max-wait / maxWait covers the scenario's total wait, computed from
// the steps in n.Steps and providers.<p>.timings), and KindOTP an OTP
// source (providers.<p>.otp: Weavr's sandboxCode, a command, an inbox).
func offerRules() map[string]OfferRule {
	return map[string]OfferRule{
		KindClock:       offerClock,
		KindOTP:         offerOTP,
		KindSandboxCode: offerSandboxCode,
		KindFaults:      offerFaults,
		KindRateLimit:   offerRateLimit,
		KindOutbox:      offerNever,
		KindSettings:    offerNever,
		KindState:       offerNever,
		KindFixture:     offerFixture,
		KindSimulate:    offerSimulate,
		KindCredential:  offerCredential,
		KindLimit:       offerLimit,
		KindBrowser:     offerBrowser,
		KindConsentPage: offerConsentPage,
	}
}

// offerClock: real waits, when --max-wait (config maxWait) allows any. A
// scenario whose clock steps add up to more than it allows is not
// applicable all the same, with the total and the timings named
// (World.checkWaits): its total needs the scenario's provider and every
// step (timing setters), which a Need does not carry.
func offerClock(e *Env, _ Need) Offer {
	if e.MaxWait > 0 {
		return Offer{Offered: true, By: "real waits up to --max-wait " + e.MaxWait.String() + " (config maxWait)"}
	}
	return Offer{Provide: "--max-wait D, config maxWait, at least the scenario's total wait from providers.<p>.timings"}
}

// offerOTP: the config's OTP source, providers.<p>.otp.
func offerOTP(e *Env, n Need) Offer {
	p := n.Capability.Provider()
	key := fmt.Sprintf("config providers.%s.otp", p)
	if src, ok := e.Target.OTPSource(p); ok {
		return Offer{Offered: true, By: key + " (" + src.Kind() + ")"}
	}
	return Offer{Provide: key + ": sandboxCode, command or inbox"}
}

// offerSandboxCode: the config's providers.<p>.otp.sandboxCode, when it is
// the very code the scenario sends.
func offerSandboxCode(e *Env, n Need) Offer {
	p, code := n.Capability.Provider(), n.Capability.Arg()
	key := fmt.Sprintf("config providers.%s.otp.sandboxCode", p)
	if o := e.Target.Config.Provider(p).OTP; o != nil && o.SandboxCode == code {
		return Offer{Offered: true, By: key}
	}
	return Offer{Provide: fmt.Sprintf("%s: %q, for a deployment that accepts it", key, code)}
}

// offerFaults: the deployment's fault hook, config faults.url.
func offerFaults(e *Env, _ Need) Offer {
	if e.Target.Config != nil && e.Target.Config.Faults != nil {
		return Offer{Offered: true, By: faultHookKey + ", the deployment's fault hook"}
	}
	return Offer{Provide: faultHookKey + ", the deployment's fault hook"}
}

// offerRateLimit: the deployment's declared rate limit,
// providers.<p>.rateLimit, with real waits long enough for its window
// (the scenario first lets a whole window pass since the provider's last
// request, so that its api key's budget is whole).
func offerRateLimit(e *Env, n Need) Offer {
	p := n.Capability.Provider()
	key := fmt.Sprintf("config providers.%s.rateLimit", p)
	r := e.Target.Config.Provider(p).RateLimit
	switch {
	case r == nil:
		return Offer{Provide: key + ": {limit, window}, the deployment's own rate limit per api key"}
	case e.MaxWait < r.Window:
		return Offer{Provide: fmt.Sprintf("--max-wait (config maxWait) of at least %s, %s's window", r.Window, key)}
	}
	return Offer{Offered: true, By: fmt.Sprintf("%s (%d requests per %s)", key, r.Limit, r.Window)}
}

// offerNever: only conform's control API offers the capability.
func offerNever(*Env, Need) Offer { return Offer{Provide: controlOnly} }

// offerFixture: the config's providers.<p>.fixtures.<kind>.
func offerFixture(e *Env, n Need) Offer {
	p, kind := n.Capability.Provider(), n.Capability.Arg()
	key := fmt.Sprintf("config providers.%s.fixtures.%s", p, kind)
	if len(e.Target.Config.Provider(p).Fixtures[kind]) > 0 {
		return Offer{Offered: true, By: key}
	}
	return Offer{Provide: key}
}

// offerSimulate: the config's providers.<p>.simulate: true, for a
// deployment that serves the provider's sandbox simulate API.
func offerSimulate(e *Env, n Need) Offer {
	p := n.Capability.Provider()
	key := fmt.Sprintf("config providers.%s.simulate: true", p)
	if e.Target.Config.Provider(p).Simulate {
		return Offer{Offered: true, By: key}
	}
	return Offer{Provide: key}
}

// offerCredential: the config's providers.<p>.credentials.<key>.
func offerCredential(e *Env, n Need) Offer {
	p, key := n.Capability.Provider(), n.Capability.Arg()
	path := fmt.Sprintf("config providers.%s.credentials.%s", p, key)
	if e.Target.Config.Provider(p).Credentials[key] != "" {
		return Offer{Offered: true, By: path}
	}
	return Offer{Provide: path}
}

// Offer is whether the target offers a need: the control API offers every
// capability; without it, the kind's rule decides.
func (e *Env) Offer(n Need) Offer {
	if e.Target.Control != "" && !beyondControl(n.Capability.Kind()) {
		return Offer{Offered: true, By: "conform's control API"}
	}
	rule, ok := offerRules()[n.Capability.Kind()]
	if !ok {
		return Offer{Provide: controlOnly}
	}
	return rule(e, n)
}

// Missing lists the needs the target does not offer, by capability.
func (e *Env) Missing(needs []Need) []Missing {
	var out []Missing
	for _, n := range needs {
		if o := e.Offer(n); !o.Offered {
			out = append(out, Missing{Capability: n.Capability, Provide: o.Provide})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Capability < out[j].Capability })
	return out
}

// NotApplicableLacking marks the scenario not applicable for a capability
// that a step found missing while running: the safety net behind the
// inference of the Before hook, which should have found it first (the
// features package's completeness test fails when it did not).
func (w *World) NotApplicableLacking(c Capability) error {
	return w.NotApplicablef("%s", MissingReason([]Missing{{Capability: c, Provide: w.env.Offer(Need{Capability: c}).Provide}}))
}
