package fiskil

import "github.com/conformhq/conform/simulator/core"

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
