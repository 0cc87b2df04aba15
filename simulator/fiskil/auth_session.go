package fiskil

import (
	"net/http"
	"net/url"

	"github.com/conformhq/conform/simulator/core"
)

// sessionRequest is addAuthSession's body, already validated. Pointers
// tell an absent institution_id from an empty one.
type sessionRequest struct {
	EndUserID     string   `json:"end_user_id"`
	CancelURI     string   `json:"cancel_uri"`
	RedirectURI   string   `json:"redirect_uri"`
	InstitutionID *string  `json:"institution_id"`
	Permissions   []string `json:"permissions"`
}

// sessionResponse is the AuthSession schema.
type sessionResponse struct {
	AuthURL   string `json:"auth_url"`
	ExpiresAt int64  `json:"expires_at"`
	ID        string `json:"id"`
	SessionID string `json:"session_id"`
}

// addAuthSession starts a single-use consent flow for an end user. Its
// auth_url is the simulator's consent page (pages.go) reached the way the
// Link SDK reaches Fiskil's: <authServer>?sess_id=<session_id>. The
// session_id is the capability (whoever holds it can consent), so it is
// the long random credential bound in the registry.
func addAuthSession(c *core.Call) {
	var req sessionRequest
	if !writeRequest(c, &req) {
		return
	}
	st := stateOf(c.Sandbox)
	if req.InstitutionID != nil && st.institutions[*req.InstitutionID] == nil {
		errorf(c, http.StatusBadRequest, "invalid_institution_id", "institution_id %q is not a known institution", *req.InstitutionID)
		return
	}
	if st.endUsers[req.EndUserID] == nil {
		// An undocumented cause (contract rule 4): declared like
		// invalid_institution_id, its sibling [decided].
		errorf(c, http.StatusBadRequest, "invalid_end_user_id", "end_user_id %q names no known end user", req.EndUserID)
		return
	}
	now := c.Now()
	ss := &session{
		id:          c.Sandbox.IDs.UUID(),
		sessionID:   c.Sandbox.Token(kindSession, "", 32),
		endUserID:   req.EndUserID,
		redirectURI: req.RedirectURI,
		cancelURI:   req.CancelURI,
		expires:     now.Add(st.authSessionExpiry),
	}
	if req.InstitutionID != nil {
		ss.institutionID = *req.InstitutionID
	}
	st.sessions[ss.sessionID] = ss
	st.sessExpiry.Add(ss.expires.Add(sessionKept), ss)
	c.JSON(http.StatusOK, sessionResponse{
		AuthURL:   core.BaseURL(c.R) + linkPath + "?sess_id=" + url.QueryEscape(ss.sessionID),
		ExpiresAt: ss.expires.Unix(),
		ID:        ss.id,
		SessionID: ss.sessionID,
	})
}
