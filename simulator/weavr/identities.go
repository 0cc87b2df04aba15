package weavr

import (
	"net/http"
	"strconv"

	"github.com/conformhq/conform/simulator/core"
)

// maxIdentitiesPage is the most identities one 3.63 page holds [C:6188].
const maxIdentitiesPage = 100

// identitiesPage is 3.63's answer: one page and the total.
type identitiesPage struct {
	Identities    []identity `json:"identities"`
	Count         int        `json:"count"`
	ResponseCount int        `json:"responseCount"`
}

// userIdentities lists the identities of the token's credentials: 3.32 as a
// bare array, 3.63 as a page chosen by offset and limit (the spec has
// checked their ranges).
func userIdentities(c *core.Call) {
	_, t, ok := authorize(c, sessionToken)
	if !ok {
		return
	}
	all := t.session.user.identities
	if c.Version() == v332 {
		c.RawJSON(http.StatusOK, t.session.user.encodedIdentities())
		return
	}
	q := c.R.URL.Query()
	offset, _ := strconv.Atoi(q.Get("offset"))
	limit, err := strconv.Atoi(q.Get("limit"))
	if err != nil || limit > maxIdentitiesPage {
		limit = maxIdentitiesPage
	}
	page := []identity{}
	if offset < len(all) {
		page = all[offset:min(len(all), offset+limit)]
	}
	c.JSON(http.StatusOK, identitiesPage{Identities: page, Count: len(all), ResponseCount: len(page)})
}

type accessTokenRequest struct {
	Identity identityID `json:"identity"`
}

type accessTokenResponse struct {
	Token       string        `json:"token"`
	Identity    identityID    `json:"identity"`
	Credentials credentialsID `json:"credentials"`
	// Status is 3.63's: STEPPED_UP once the session is stepped up.
	Status string `json:"status,omitempty"`
}

// requestAccessToken issues an ACCESS token for one identity, in the session of
// the token presented. A lockout that began after the login refuses it (423):
// the session is still alive, but the credentials may not act.
func requestAccessToken(c *core.Call) {
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
		forbidden(c)
		return
	}
	at := s.issue(c.Sandbox, t.session, accessToken, req.Identity, now)
	resp := accessTokenResponse{Token: at.value, Identity: req.Identity, Credentials: u.credentials}
	if c.Version() != v332 {
		resp.Status = "STANDARD"
		if t.session.steppedUp {
			resp.Status = "STEPPED_UP"
		}
	}
	c.JSON(http.StatusOK, resp)
}
