// Package weavr simulates the authentication subset of the Weavr Multi API
// in its two published versions, 3.32 (the default) and 3.63, as
// specs/weavr-3.32.yaml and specs/weavr-3.63.yaml document them; a sandbox
// chooses through its fixtures (`versions: {weavr: "3.63"}`), and handlers
// read the choice from Call.Version where the answers differ (identities
// paging, 403 bodies, the codes of the attempt limit). It serves login with
// lockout, AUTH, ACCESS and temporary tokens with a sliding five-minute
// life, identities, step-up by SMS one-time password or push notification
// (completed through Weavr's sandbox simulate API, also served), OTP factor
// enrolment, password update and logout. Every request is identified by its `api-key` header;
// the state of each sandbox lives in its own *state.
package weavr

import (
	"math"
	"net/http"
	"strconv"
	"time"

	"github.com/conformhq/conform/simulator/core"
	"github.com/conformhq/conform/specs/oas"
)

// Name is the provider's name: its prefix in the simulator (/weavr), its
// fixtures section and its spec.
const Name = "weavr"

// The registry kinds of Weavr's credentials: api keys lead to their sandbox;
// tokens are bound too, so that no two sandboxes ever draw the same one.
const (
	apiKeyKind = "weavr-api-key"
	tokenKind  = "weavr-token"
)

// The versions of Weavr's API the simulator serves; the first is the
// default (the seed's), and a sandbox chooses another through its fixtures'
// `versions: {weavr: "3.63"}`.
const (
	v332 = "3.32"
	v363 = "3.63"
)

// New builds the Weavr provider, serving both versions.
func New() (*core.Provider, error) {
	var versions []core.Version
	for _, name := range []string{v332, v363} {
		spec, err := oas.Load(Name + "-" + name)
		if err != nil {
			return nil, err
		}
		versions = append(versions, core.Version{Name: name, Spec: spec})
	}
	p := &core.Provider{
		Name:      Name,
		Versions:  versions,
		ErrorCode: "errorCode",
		Handlers: map[string]core.Handler{
			"loginWithPassword":          login,
			"userIdentities":             userIdentities,
			"requestAccessToken":         requestAccessToken,
			"stepupSCAChallenge":         stepupSCAChallenge,
			"stepupSCAVerify":            stepupSCAVerify,
			"stepupSCAChallengePush":     stepupSCAChallengePush,
			"logout":                     logout,
			"passwordUpdate":             passwordUpdate,
			"enrolDeviceUsingOtpStepOne": enrolDeviceUsingOtpStepOne,
			"enrolDeviceUsingOtpStepTwo": enrolDeviceUsingOtpStepTwo,
		},
		Resolve:         resolve,
		Invalid:         invalid,
		Fault:           fault,
		NotFound:        notFound,
		Before:          newRequestRefs().before,
		RateKey:         func(c *core.Call) string { return apiKey(c) },
		RateLimited:     rateLimited,
		Fixtures:        applyFixtures,
		DefaultFixtures: DefaultFixtures,
		Control:         control,
	}
	if err := p.Prepare(); err != nil {
		return nil, err
	}
	return p, nil
}

// resolve finds the sandbox from the api key alone: a request with a good
// key and a bad token still belongs to that sandbox (its faults, its rate
// limit), and its handler answers 401.
func resolve(c *core.Call) *core.Sandbox {
	return c.Registry.Lookup(apiKeyKind, apiKey(c))
}

// apiKey reads the api-key header by its canonical name, which Get then
// need not allocate on every request.
func apiKey(c *core.Call) string { return c.R.Header.Get("Api-Key") }

// rateLimited answers 429 with Weavr's headers: x-ratelimit-limit is a
// policy list, the limit exceeded then each limit with its window in
// seconds ("20, 20;w=60"); x-ratelimit-reset the seconds left.
func rateLimited(c *core.Call, limit int, reset time.Duration) {
	h := c.W.Header()
	n := strconv.Itoa(max(limit, 0))
	window := int(math.Ceil(c.Sandbox.Limiter.Limit.Window.Seconds()))
	h.Set("x-ratelimit-limit", n+", "+n+";w="+strconv.Itoa(max(window, 1)))
	h.Set("x-ratelimit-reset", strconv.Itoa(int(math.Ceil(max(reset, 0).Seconds()))))
	c.Empty(http.StatusTooManyRequests)
}
