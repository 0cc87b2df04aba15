package fiskil

import (
	"net/http"

	"github.com/conformhq/conform/simulator/core"
)

// sessionRequest is createAuthSession's body, already validated. Pointers
// tell an absent institution_id from an empty one.
type sessionRequest struct {
	EndUserID     string  `json:"end_user_id"`
	CancelURI     string  `json:"cancel_uri"`
	RedirectURI   string  `json:"redirect_uri"`
	InstitutionID *string `json:"institution_id"`
}

// sessionResponse is the AuthSession schema.
type sessionResponse struct {
	AuthURL   string `json:"auth_url"`
	ExpiresAt int64  `json:"expires_at"`
	ID        string `json:"id"`
	SessionID string `json:"session_id"`
}

// createAuthSession starts a single-use consent flow for an end user. Its
// auth_url is the simulator's consent page (pages.go).
func createAuthSession(c *core.Call) {
	t := bearer(c)
	if t == nil {
		errorf(c, http.StatusUnauthorized, "unauthorized", "missing, unknown or expired bearer token")
		return
	}
	if !t.has(ScopeUserWrite) {
		errorf(c, http.StatusForbidden, "forbidden", "the token lacks the scope %s", ScopeUserWrite)
		return
	}
	var req sessionRequest
	if err := c.Decode(&req); err != nil {
		errorf(c, http.StatusBadRequest, "invalid_field_type", "the body does not decode: %v", err)
		return
	}
	st := stateOf(c.Sandbox)
	if req.InstitutionID != nil && st.institutions[*req.InstitutionID] == nil {
		errorf(c, http.StatusBadRequest, "invalid_institution_id", "institution_id %q is not a known institution", *req.InstitutionID)
		return
	}
	if st.endUsers[req.EndUserID] == nil {
		errorf(c, http.StatusBadRequest, "bad_request", "end_user_id %q names no known end user", req.EndUserID)
		return
	}
	now := c.Now()
	ss := &session{
		id:          c.Sandbox.Token(kindSession, "", 26),
		sessionID:   c.Sandbox.IDs.UUID(),
		endUserID:   req.EndUserID,
		redirectURI: req.RedirectURI,
		cancelURI:   req.CancelURI,
		expires:     now.Add(sessionTTL),
	}
	if req.InstitutionID != nil {
		ss.institutionID = *req.InstitutionID
	}
	st.sessions[ss.id] = ss
	st.sessExpiry.Add(ss.expires.Add(sessionKept), ss)
	c.JSON(http.StatusOK, sessionResponse{
		AuthURL:   core.BaseURL(c.R) + "/connect/" + ss.id,
		ExpiresAt: ss.expires.Unix(),
		ID:        ss.id,
		SessionID: ss.sessionID,
	})
}
