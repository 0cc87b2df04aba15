package weavr

import (
	"net/http"

	"github.com/conformhq/conform/simulator/core"
)

// getIdentities lists the identities of the token's credentials, of the
// requested type if any (the spec has already checked the type's value).
func getIdentities(c *core.Call) {
	_, t, ok := authorize(c, sessionToken)
	if !ok {
		return
	}
	want := c.R.URL.Query().Get("type")
	out := []identity{}
	for _, id := range t.session.user.identities {
		if want == "" || id.ID.Type == want {
			out = append(out, id)
		}
	}
	c.JSON(http.StatusOK, out)
}

type accessTokenRequest struct {
	Identity identityID `json:"identity"`
}

type accessTokenResponse struct {
	Token       string        `json:"token"`
	Identity    identityID    `json:"identity"`
	Credentials credentialsID `json:"credentials"`
}

// createAccessToken issues an ACCESS token for one identity, in the session of
// the token presented. A lockout that began after the login refuses it (423):
// the session is still alive, but the credentials may not act.
func createAccessToken(c *core.Call) {
	s, t, ok := authorize(c, sessionToken)
	if !ok {
		return
	}
	var req accessTokenRequest
	if err := c.Decode(&req); err != nil {
		badRequest(c, "the request body is not an access token request: "+err.Error(), nil)
		return
	}
	now := c.Now()
	u := t.session.user
	if u.locked(now) {
		c.Empty(http.StatusLocked)
		return
	}
	if !u.hasIdentity(req.Identity) {
		c.Empty(http.StatusForbidden)
		return
	}
	at := s.issue(c.Sandbox, t.session, accessToken, req.Identity, now)
	c.JSON(http.StatusOK, accessTokenResponse{Token: at.value, Identity: req.Identity, Credentials: u.credentials})
}
