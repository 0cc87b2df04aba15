package core

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/conformhq/conform/specs/oas"
	"github.com/conformhq/conform/specs/record"
)

// Provider is one simulated provider: its spec, its handlers by operationId,
// and the hooks that speak its error formats. A provider's New fills it in
// and calls Prepare last.
//
// Every request goes through one pipeline (Serve): route by the spec, read
// the body, Resolve the sandbox, lock it, take a pending fault, apply the
// rate limit, validate the request against the spec (Invalid on failure),
// then run the operation's handler. The hooks answer only what the pipeline
// hands them; none of them re-runs a step of it.
type Provider struct {
	Name string
	// Spec is the default version's spec. Prepare makes it Versions[0].Spec
	// when Versions is given, and Versions a single unnamed version of it
	// otherwise.
	Spec *oas.Spec
	// Versions are the versions of the API the provider serves, the default
	// first; a sandbox chooses one per provider through its fixtures
	// (Sandbox.SetVersion). Requests are routed and validated by the
	// sandbox's version's spec; handlers ask its traits (Call.Has).
	Versions []Version
	Handlers map[string]Handler
	// ErrorCode names the property of the provider's error bodies whose enum
	// lists the errors a status can mean: Weavr's "errorCode", Fliqa's
	// "errorSubCode", goa's "name" for Fiskil. Prepare reads the enums once;
	// hooks get them from Call.ErrorCodes.
	ErrorCode string
	// DefaultFixtures is the provider's section of the default sandbox's
	// fixtures document, as Fixtures takes it.
	DefaultFixtures json.RawMessage
	// Resolve finds the request's sandbox from its credential (api key,
	// client id or token); nil when there is none.
	Resolve func(c *Call) *Sandbox
	// Invalid answers a request that breaks the spec with the provider's 400.
	Invalid func(c *Call, err *oas.RequestError)
	// Fault answers with the error status a fault asks for, in a spec-valid
	// shape. It is called for error statuses only: a fault with a success
	// status (2xx) passes the call through to validation and its handler, as
	// if there were no fault, since a made-up success would lie about the
	// state. Either way the call is spent from the fault and skips the rate
	// limit: the fault, not the limiter, decides how it is answered.
	Fault func(c *Call, f Fault)
	// NotFound answers a request for which no operation is documented.
	NotFound func(c *Call)
	// Before runs first on every request: headers every response carries.
	Before func(c *Call)
	// RateKey names the rate-limit bucket of a request; "" exempts it.
	// Only operations that document 429 are rate-limited.
	RateKey func(c *Call) string
	// RateLimited answers a request over the limit.
	RateLimited func(c *Call, limit int, reset time.Duration)
	// Fixtures applies the provider's part of a fixtures document to a
	// sandbox (locked) and returns the credentials it created.
	Fixtures func(sb *Sandbox, raw json.RawMessage) (any, error)
	// Pages serves what the provider offers outside its API (Fiskil's
	// consent page); nil when none. It gets paths below the provider root.
	Pages http.Handler
	// LogPath returns the path as the request log shows it, with any
	// capability in it (a consent page's session id) masked; nil logs the
	// path as is.
	LogPath func(path string) string
	// Control serves /_control/sandboxes/{id}/<provider>/..., with the
	// sandbox locked; rest is the path below the provider's name.
	Control func(sb *Sandbox, w http.ResponseWriter, r *http.Request, rest string)

	errorCodes map[string]errorCodes // by version name
}

// FromRecord builds a provider of its record and its parts (handlers and
// hooks): its name, its versions with their specs loaded and its
// error-code property are the record's, whatever parts says. It returns
// the provider prepared (Prepare).
func FromRecord(rec record.Provider, parts Provider) (*Provider, error) {
	versions, err := Versions(rec)
	if err != nil {
		return nil, err
	}
	p := &parts
	p.Name, p.Versions, p.ErrorCode = rec.Name, versions, rec.ErrorCode.Property
	if err := p.Prepare(); err != nil {
		return nil, err
	}
	return p, nil
}

// Check reports a provider whose handlers and spec disagree: every
// documented operation must have a handler and every handler an operation.
// Every version's spec is checked the same way.
func (p *Provider) Check() error {
	var errs []error
	specs := []*oas.Spec{p.Spec}
	for _, v := range p.Versions {
		specs = append(specs, v.Spec)
	}
	for _, spec := range specs {
		if spec == nil {
			errs = append(errs, fmt.Errorf("%s: a version without a spec", p.Name))
			continue
		}
		for _, op := range spec.Operations() {
			if p.Handlers[op.ID] == nil {
				errs = append(errs, fmt.Errorf("%s: no handler for %s (%s)", p.Name, op.ID, spec.Name))
			}
		}
		for id := range p.Handlers {
			if _, ok := spec.Operation(id); !ok {
				errs = append(errs, fmt.Errorf("%s: handler for %s, which %s does not document", p.Name, id, spec.Name))
			}
		}
	}
	return errors.Join(errs...)
}

// Prepare makes a filled-in provider ready to serve: it settles Spec and
// Versions, runs Check, then reads from each version's spec, once, the
// ErrorCode enum of every documented response,
// so that no fault or error answer walks the spec again.
func (p *Provider) Prepare() error {
	if len(p.Versions) == 0 {
		p.Versions = []Version{{Spec: p.Spec}}
	}
	p.Spec = p.Versions[0].Spec
	if err := p.Check(); err != nil {
		return err
	}
	p.errorCodes = map[string]errorCodes{}
	for _, v := range p.Versions {
		p.errorCodes[v.Name] = readErrorCodes(v.Spec, p.ErrorCode)
	}
	return nil
}
