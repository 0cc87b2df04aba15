// Package fliqa simulates Fliqa's account (consent owner) API: access tokens
// for an inquiry, consent-owner login by OTP sent by SMS or e-mail, and
// consent creation with that OTP, answering every documented error of
// specs/fliqa.yaml from real per-sandbox state.
package fliqa

import (
	"net/http"

	"github.com/conformhq/conform/simulator/core"
	"github.com/conformhq/conform/specs/oas"
)

// Name is the provider's name: its spec, URL prefix, state and outbox key.
const Name = "fliqa"

// Operation ids of specs/fliqa.yaml.
const (
	opGetAccessToken = "getAccessToken"
	opAccountLogin   = "consentGetOtp"
	opCreateConsent  = "createConsent"
)

// New builds the Fliqa provider from its embedded spec.
func New() (*core.Provider, error) {
	spec, err := oas.Load(Name)
	if err != nil {
		return nil, err
	}
	p := &core.Provider{
		Name:      Name,
		Spec:      spec,
		ErrorCode: "errorSubCode",
		Handlers: map[string]core.Handler{
			opGetAccessToken: getAccessToken,
			opAccountLogin:   consentGetOtp,
			opCreateConsent:  createConsent,
		},
		Resolve:         resolve,
		Invalid:         invalid,
		Fault:           fault,
		NotFound:        notFound,
		Fixtures:        applyFixtures,
		DefaultFixtures: DefaultFixtures,
		Control:         control,
	}
	if err := p.Prepare(); err != nil {
		return nil, err
	}
	return p, nil
}

// resolve finds the sandbox from the credential the operation is secured
// by: the api key for getAccessToken, the bearer token otherwise.
func resolve(c *core.Call) *core.Sandbox {
	if c.Op != nil && c.Op.ID == opGetAccessToken {
		return c.Registry.Lookup(kindAPIKey, c.R.Header.Get("Api-Key"))
	}
	return c.Registry.Lookup(kindToken, c.Bearer())
}

// notFound answers a path or method Fliqa does not serve.
func notFound(c *core.Call) {
	fail(c, http.StatusNotFound, "", "Resource not found", "")
}
