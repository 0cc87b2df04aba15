package weavr

import (
	"net/http"
	"unicode/utf8"

	"github.com/conformhq/conform/simulator/core"
)

type passwordUpdateRequest struct {
	OldPassword struct {
		Value string `json:"value"`
	} `json:"oldPassword"`
	NewPassword struct {
		Value string `json:"value"`
	} `json:"newPassword"`
}

type passwordInfo struct {
	IdentityID identityID `json:"identityId"`
	// ExpiryDate is in epoch milliseconds; 0 would mean never.
	ExpiryDate int64 `json:"expiryDate"`
}

type passwordUpdateResponse struct {
	PasswordInfo passwordInfo `json:"passwordInfo"`
	Token        string       `json:"token"`
}

// passwordUpdate changes the password, checking in the spec's order: the old
// password, the new one's length, its reuse. A temporary token is spent by
// it: its session goes on as an ordinary one, under the new AUTH token.
func passwordUpdate(c *core.Call) {
	s, t, ok := authorize(c, anyToken)
	if !ok {
		return
	}
	var req passwordUpdateRequest
	if err := c.Decode(&req); err != nil {
		badRequest(c, "the request body is not a password update: "+err.Error(), nil)
		return
	}
	u, next := t.session.user, req.NewPassword.Value
	switch {
	case req.OldPassword.Value != u.password:
		conflict(c, codePasswordIncorrect)
		return
	case utf8.RuneCountInString(next) < minPasswordLen:
		conflict(c, codePasswordTooShort)
		return
	case utf8.RuneCountInString(next) > maxPasswordLen:
		conflict(c, codePasswordTooLong)
		return
	case u.usedPassword(next):
		conflict(c, codePasswordAlreadyUsed)
		return
	}
	now := c.Now()
	u.previous = append(u.previous, u.password)
	u.password, u.expired = next, false
	if t.typ == temporaryToken {
		s.revoke(c.Sandbox, t)
	}
	nt := s.issue(c.Sandbox, t.session, authToken, u.identities[0].ID, now)
	c.JSON(http.StatusOK, passwordUpdateResponse{
		PasswordInfo: passwordInfo{IdentityID: t.identity, ExpiryDate: now.Add(passwordLifetime).UnixMilli()},
		Token:        nt.value,
	})
}
