package fiskil

import (
	"crypto/subtle"
	"net/http"
	"slices"

	"github.com/conformhq/conform/simulator/core"
)

// tokenRequest is createToken's body, already validated.
type tokenRequest struct {
	ClientID     string `json:"client_id"`
	ClientSecret string `json:"client_secret"`
}

// tokenResponse is the Token schema. token_type is what the newest guide
// (F-AUTH-NEW) shows; the Platform API omits it, and the spec allows both.
type tokenResponse struct {
	Token     string `json:"token"`
	TokenType string `json:"token_type"`
	ExpiresIn int    `json:"expires_in"`
}

// createToken exchanges client credentials for a bearer token valid
// the sandbox's token lifetime (tokenTTL unless its fixtures set one), carrying the client's scopes.
func createToken(c *core.Call) {
	var req tokenRequest
	if c.Sandbox == nil || c.Decode(&req) != nil {
		errorf(c, http.StatusUnauthorized, "unauthorized", "invalid client credentials")
		return
	}
	st := stateOf(c.Sandbox)
	cl := st.clients[req.ClientID]
	if cl == nil || subtle.ConstantTimeCompare([]byte(cl.secret), []byte(req.ClientSecret)) != 1 {
		errorf(c, http.StatusUnauthorized, "unauthorized", "invalid client credentials")
		return
	}
	now := c.Now()
	st.collect(c.Sandbox, now)
	t := &token{
		value:    c.Sandbox.Token(kindToken, "tok_", 27),
		clientID: cl.id,
		scopes:   slices.Clone(cl.scopes),
		expires:  now.Add(st.tokenLifetime),
	}
	st.tokens[t.value] = t
	st.tokenExpiry.Add(t.expires, t)
	c.JSON(http.StatusOK, tokenResponse{Token: t.value, TokenType: "Bearer", ExpiresIn: int(st.tokenLifetime.Seconds())})
}
