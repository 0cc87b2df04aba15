package weavr

import (
	"net/http"

	"github.com/conformhq/conform/simulator/core"
)

type loginRequest struct {
	Email    string `json:"email"`
	Password struct {
		Value string `json:"value"`
	} `json:"password"`
}

type loginResponse struct {
	Token       string        `json:"token"`
	TokenType   string        `json:"tokenType"`
	Identity    identityID    `json:"identity"`
	Credentials credentialsID `json:"credentials"`
}

// login checks, in order: the api key (401), a lockout in force (423, whatever
// the password), the e-mail and password (403, a failed attempt that may
// start a lockout), an expired password (409 with a temporary token).
func login(c *core.Call) {
	if c.Sandbox == nil {
		c.Empty(http.StatusUnauthorized)
		return
	}
	s := stateOf(c.Sandbox)
	prog := s.programmes[apiKey(c)]
	if prog == nil {
		c.Empty(http.StatusUnauthorized)
		return
	}
	var req loginRequest
	if !decode(c, &req, "a login request") {
		return
	}
	now := c.Now()
	s.collect(c.Sandbox, now)
	u := prog.user(req.Email)
	if u == nil {
		// Attempts on unknown e-mails lock nothing: there are no credentials.
		forbidden(c)
		return
	}
	if u.locked(now) {
		c.Empty(http.StatusLocked)
		return
	}
	if req.Password.Value != u.password {
		u.failures++
		if u.failures >= prog.lockoutThreshold {
			u.failures = 0
			u.lockedUntil = now.Add(stateOf(c.Sandbox).timings.lockoutPeriod)
		}
		forbidden(c)
		return
	}
	u.failures = 0
	sess := newSession(apiKey(c), u)
	primary := u.identities[0].ID
	if u.expired {
		t := s.issue(c.Sandbox, sess, temporaryToken, primary, now)
		c.W.Header().Del("request-ref") // login's 409 documents no headers
		c.JSON(http.StatusConflict, map[string]string{"token": t.value})
		return
	}
	t := s.issue(c.Sandbox, sess, authToken, primary, now)
	c.JSON(http.StatusOK, loginResponse{Token: t.value, TokenType: "AUTH", Identity: primary, Credentials: u.credentials})
}
