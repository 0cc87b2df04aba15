package weavr

import (
	"errors"
	"net/http"
	"slices"

	"github.com/conformhq/conform/simulator/core"
	"github.com/conformhq/conform/specs/oas"
)

// fault answers a fault injected through the control API, in the shape the
// spec documents for the operation and status:
//   - 400: a SyntaxError with a message and no invalid fields;
//   - 409: {errorCode: f.Code} when f.Code is one of the operation's codes,
//     else the first code the spec lists; login's 409 carries a temporary
//     token instead, a random one that is bound to nothing (it gets 401);
//   - 429: the rate-limit headers, from the sandbox's limit and window;
//   - any other error status: no body, as the spec has none for them;
//   - a success status: the request goes through to its handler (validated
//     first), since a made-up success would be a lie about the state.
func fault(p *core.Provider, c *core.Call, f core.Fault) {
	switch {
	case f.Status < 300:
		handle(p, c)
	case f.Status == http.StatusBadRequest:
		badRequest(c, "Bad Request (simulated by the sandbox's fault control)", nil)
	case f.Status == http.StatusConflict:
		codes, hasCode := conflictCodes(c.Op)
		if !hasCode {
			c.JSON(http.StatusConflict, map[string]string{"token": c.Sandbox.IDs.Alnum(40)})
			return
		}
		code := f.Code
		if !slices.Contains(codes, code) {
			code = codes[0]
		}
		conflict(c, code)
	case f.Status == http.StatusTooManyRequests:
		// As if the window had just begun: the whole window is left.
		rateLimited(c, c.Sandbox.Limiter.Limit.Limit, c.Sandbox.Limiter.Limit.Window)
	default:
		c.Empty(f.Status)
	}
}

// handle validates the request and runs its handler, as the pipeline would
// have without the fault.
func handle(p *core.Provider, c *core.Call) {
	if _, _, err := p.Spec.ValidateRequest(c.R.Context(), c.R, c.Body); err != nil {
		var re *oas.RequestError
		if !errors.As(err, &re) {
			re = &oas.RequestError{Operation: c.Op, Err: err, Problems: []oas.Problem{{In: "body", Kind: "syntax", Reason: err.Error()}}}
		}
		p.Invalid(c, re)
		return
	}
	p.Handlers[c.Op.ID](c)
}

// conflictCodes reads the errorCode enum of the operation's 409 body from the
// spec; false when the body has no errorCode (login's temporary token).
func conflictCodes(op *oas.Operation) ([]string, bool) {
	resp := op.Response(http.StatusConflict)
	if resp == nil {
		return nil, false
	}
	mt := resp.Content.Get("application/json")
	if mt == nil || mt.Schema == nil || mt.Schema.Value == nil {
		return nil, false
	}
	prop := mt.Schema.Value.Properties["errorCode"]
	if prop == nil || prop.Value == nil {
		return nil, false
	}
	var codes []string
	for _, e := range prop.Value.Enum {
		if s, ok := e.(string); ok {
			codes = append(codes, s)
		}
	}
	return codes, len(codes) > 0
}
