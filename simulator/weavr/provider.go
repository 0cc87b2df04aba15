// Package weavr simulates the authentication subset of the Weavr Multi API
// (v3) as specs/weavr.yaml documents it: login with lockout, AUTH, ACCESS and
// temporary tokens with a sliding five-minute life, identities, step-up by
// SMS one-time password or push notification, OTP factor enrolment, password
// update and logout. Every request is identified by its `api-key` header;
// the state of each sandbox lives in its own *state.
package weavr

import (
	"crypto/rand"
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

// New builds the Weavr provider.
func New() (*core.Provider, error) {
	spec, err := oas.Load(Name)
	if err != nil {
		return nil, err
	}
	p := &core.Provider{
		Name:      Name,
		Spec:      spec,
		ErrorCode: "errorCode",
		Handlers: map[string]core.Handler{
			"loginWithPassword": login,
			"getIdentities":     getIdentities,
			"createAccessToken": createAccessToken,
			"startStepupOtp":    startStepupOtp,
			"verifyStepupOtp":   verifyStepupOtp,
			"startStepupPush":   startStepupPush,
			"logout":            logout,
			"updatePassword":    updatePassword,
			"enrolOtpFactor":    enrolOtpFactor,
			"verifyOtpFactor":   verifyOtpFactor,
		},
		Resolve:         resolve,
		Invalid:         invalid,
		Fault:           fault,
		NotFound:        func(c *core.Call) { c.Empty(http.StatusNotFound) },
		Before:          before,
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

// before gives every response its request-ref. It runs before the sandbox is
// known (and unlocked), so the id comes from crypto/rand, not the sandbox's
// seeded generator.
func before(c *core.Call) {
	c.W.Header().Set("request-ref", rand.Text())
}

// resolve finds the sandbox from the api key alone: a request with a good
// key and a bad token still belongs to that sandbox (its faults, its rate
// limit), and its handler answers 401.
func resolve(c *core.Call) *core.Sandbox {
	return c.Registry.Lookup(apiKeyKind, apiKey(c))
}

func apiKey(c *core.Call) string { return c.R.Header.Get("api-key") }

func rateLimited(c *core.Call, limit int, reset time.Duration) {
	h := c.W.Header()
	h.Set("x-ratelimit-limit", strconv.Itoa(max(limit, 0)))
	h.Set("x-ratelimit-reset", strconv.Itoa(int(math.Ceil(max(reset, 0).Seconds()))))
	c.Empty(http.StatusTooManyRequests)
}
