package fiskil

import (
	"net/http"

	"github.com/conformhq/conform/simulator/core"
)

// bearer returns the request's valid token, or nil when the header is
// missing or its token unknown or expired; an expired token is forgotten.
func bearer(c *core.Call) *token {
	if c.Sandbox == nil {
		return nil
	}
	st, now := stateOf(c.Sandbox), c.Now()
	st.collect(c.Sandbox, now)
	t := st.tokens[c.Bearer()]
	if t == nil {
		return nil
	}
	if !now.Before(t.expires) {
		st.forgetToken(c.Sandbox, t)
		return nil
	}
	return t
}

// writeRequest admits a call to an operation that needs the api:user.write
// scope and decodes its (already validated) body into req; it answers the
// refusal itself (401, 403, 400 decode_payload) and reports false when the
// call may not go on.
func writeRequest(c *core.Call, req any) bool {
	t := bearer(c)
	if t == nil {
		errorf(c, http.StatusUnauthorized, "unauthorized", "missing, unknown or expired bearer token")
		return false
	}
	if !t.has(ScopeUserWrite) {
		errorf(c, http.StatusForbidden, "forbidden", "the token lacks the scope %s", ScopeUserWrite)
		return false
	}
	if err := c.Decode(req); err != nil {
		errorf(c, http.StatusBadRequest, "decode_payload", "the body does not decode: %v", err)
		return false
	}
	return true
}
