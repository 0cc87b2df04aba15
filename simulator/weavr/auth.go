package weavr

import (
	"net/http"

	"github.com/conformhq/conform/simulator/core"
)

// policy is which tokens an operation takes, and how it refuses the others:
// the spec answers a token of the wrong type with 403 on some operations and
// 401 on others.
type policy int

const (
	// anyToken: AUTH, ACCESS or temporary (password update).
	anyToken policy = iota
	// sessionToken: AUTH or ACCESS; a temporary token gets 403.
	sessionToken
	// accessOr403: ACCESS only; AUTH and temporary tokens get 403 (step-up).
	accessOr403
	// accessOr401: ACCESS only; AUTH and temporary tokens get 401 (factors).
	accessOr401
	// sessionOr401: AUTH or ACCESS; a temporary token gets 401 (logout,
	// which documents no 403): the contract allows a temporary token
	// nowhere but /passwords/update.
	sessionOr401
)

// authorizeBody is the opening of a handler that takes a body: authorize,
// then decode the body (what names it in the 400), each refusal answered
// here.
func authorizeBody[T any](c *core.Call, need policy, what string) (*state, *token, T, bool) {
	var req T
	s, t, ok := authorize(c, need)
	if !ok || !decode(c, &req, what) {
		return nil, nil, req, false
	}
	return s, t, req, true
}

// decode reads the request's body into req, answering the 400 itself when
// it does not fit; what names the request ("a login request").
func decode(c *core.Call, req any, what string) bool {
	if err := c.Decode(req); err != nil {
		badRequest(c, "the request body is not "+what+": "+err.Error(), nil)
		return false
	}
	return true
}

// authorize checks the request's token against the policy and answers the
// refusal itself; on success the token's life is extended from now. The
// token must have been issued in this sandbox through the same api key.
func authorize(c *core.Call, need policy) (*state, *token, bool) {
	if c.Sandbox == nil {
		c.Empty(http.StatusUnauthorized)
		return nil, nil, false
	}
	s := stateOf(c.Sandbox)
	now := c.Now()
	s.collect(c.Sandbox, now)
	t := s.tokens[c.Bearer()]
	if t == nil || t.session.apiKey != apiKey(c) {
		c.Empty(http.StatusUnauthorized)
		return nil, nil, false
	}
	if t.expired(now) {
		s.revoke(c.Sandbox, t)
		c.Empty(http.StatusUnauthorized)
		return nil, nil, false
	}
	switch {
	case need == sessionToken && t.typ == temporaryToken,
		need == accessOr403 && t.typ != accessToken:
		forbidden(c)
		return nil, nil, false
	case need == accessOr401 && t.typ != accessToken,
		need == sessionOr401 && t.typ == temporaryToken:
		c.Empty(http.StatusUnauthorized)
		return nil, nil, false
	}
	t.lastUsed = now
	return s, t, true
}
