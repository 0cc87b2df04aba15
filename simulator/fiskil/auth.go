package fiskil

import "github.com/conformhq/conform/simulator/core"

// bearer returns the request's valid token, or nil when the header is
// missing or its token unknown or expired; an expired token is forgotten.
func bearer(c *core.Call) *token {
	if c.Sandbox == nil {
		return nil
	}
	st := stateOf(c.Sandbox)
	v := c.Bearer()
	t := st.tokens[v]
	if t == nil {
		return nil
	}
	if !c.Now().Before(t.expires) {
		delete(st.tokens, v)
		c.Sandbox.Unbind(kindToken, v)
		return nil
	}
	return t
}
