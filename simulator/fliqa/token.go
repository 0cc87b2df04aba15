package fliqa

import (
	"net/http"
	"time"

	"github.com/conformhq/conform/simulator/core"
)

type accessTokenResponse struct {
	AccessToken string   `json:"accessToken"`
	Expires     string   `json:"expires"`
	ExpiresIn   int      `json:"expiresIn"`
	Scope       []string `json:"scope"`
}

// getAccessToken issues a token for an inquiry to a key enabled for the
// requested environment. The channel (api or sdk) only has to be valid.
func getAccessToken(c *core.Call) {
	k, aerr := checkKey(c)
	if aerr != nil {
		fail(c, aerr.status, aerr.sub, "", "")
		return
	}
	env := c.Params["environment"]
	if !contains(k.environments, env) {
		fail(c, http.StatusForbidden, "access_not_allowed", "Api key is not enabled for the "+env+" environment", "")
		return
	}
	st := stateOf(c.Sandbox)
	id := c.Params["inquiryId"]
	inq := st.inquiries[id]
	if inq == nil {
		// The reference gives no status for an unknown inquiry (contract
		// rule 4): [decided] the key is not allowed access to it.
		fail(c, http.StatusForbidden, "access_not_allowed", "Access not allowed to inquiry "+id, id)
		return
	}
	now := c.Now()
	st.collect(c.Sandbox, now)
	tok := c.Sandbox.Token(kindToken, "fliqa_at_", 40)
	t := &accessToken{value: tok, inquiry: inq.id, scope: append([]string{}, inq.scope...), expires: now.Add(st.tokenLifetime)}
	st.tokens[tok] = t
	st.tokenExp.Add(t.expires.Add(tokenKept), t)
	c.JSON(http.StatusOK, accessTokenResponse{
		AccessToken: tok,
		Expires:     stamp(t.expires),
		ExpiresIn:   int(st.tokenLifetime / time.Second),
		Scope:       t.scope,
	})
}
