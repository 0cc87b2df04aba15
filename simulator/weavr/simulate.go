package weavr

import (
	"net/http"
	"strings"
	"time"

	"github.com/conformhq/conform/simulator/core"
)

// simulatePrefix is where the simulator serves Weavr's sandbox simulate API
// (https://sandbox.weavr.io/simulate/api), below the provider's root, so
// that one step completes a push challenge here and in Weavr's sandbox.
const simulatePrefix = "/simulate/api/factors/"

// simulateResponse is the simulate API's 200 body [SIM:1383].
type simulateResponse struct {
	Code string `json:"code"`
}

// simulateError is the simulate API's error body (DefaultError [SIM:988]).
type simulateError struct {
	Message string `json:"message"`
}

// notFound answers what the spec does not document: the simulate API, or
// 404 without a body.
func notFound(c *core.Call) {
	if strings.HasPrefix(c.R.URL.Path, simulatePrefix) {
		simulate(c)
		return
	}
	c.Empty(http.StatusNotFound)
}

// simulate serves POST /simulate/api/factors/{credentials_id}/challenges/
// {challenge_id}/verify_success|verify_invalid|verify_expired: the user
// approves, declines or lets the push challenge time out. Weavr's document
// authenticates it with the header programme-key and the bearer token
// [SIM:601]; a curated summary says api-key: either is taken. The token must
// be a live one of the challenge's session's credentials. Errors [decided]:
// 401 (key or token), 404 (no such challenge of those credentials), 409 (no
// longer pending), 405, each with {message}.
func simulate(c *core.Call) {
	parts := strings.Split(strings.TrimPrefix(c.R.URL.Path, simulatePrefix), "/")
	if len(parts) != 4 || parts[1] != "challenges" {
		c.JSON(http.StatusNotFound, simulateError{Message: "no such simulate operation"})
		return
	}
	status, ok := map[string]string{"verify_success": statusVerified, "verify_invalid": statusInvalid, "verify_expired": statusExpired}[parts[3]]
	if !ok {
		c.JSON(http.StatusNotFound, simulateError{Message: "known: verify_success, verify_invalid, verify_expired"})
		return
	}
	if c.R.Method != http.MethodPost {
		c.JSON(http.StatusMethodNotAllowed, simulateError{Message: parts[3] + " takes POST"})
		return
	}
	key := c.R.Header.Get("programme-key")
	if key == "" {
		key = apiKey(c)
	}
	sb := c.Registry.Lookup(apiKeyKind, key)
	if sb == nil {
		c.JSON(http.StatusUnauthorized, simulateError{Message: "unknown programme-key or api-key"})
		return
	}
	sb.Lock()
	defer sb.Unlock()
	c.Sandbox = sb
	s, now := stateOf(sb), c.Now()
	t := s.tokens[c.Bearer()]
	if t == nil || t.expired(now) || t.session.apiKey != key {
		c.JSON(http.StatusUnauthorized, simulateError{Message: "the bearer token is not a live token of this programme"})
		return
	}
	ch := s.challenges[parts[2]]
	if ch == nil || ch.session.user.credentials.ID != parts[0] || ch.session.user != t.session.user {
		c.JSON(http.StatusNotFound, simulateError{Message: "no such challenge for these credentials"})
		return
	}
	if !completeChallenge(ch, status, now) {
		c.JSON(http.StatusConflict, simulateError{Message: "the challenge is no longer pending: " + ch.status})
		return
	}
	code := "DENIED"
	if status == statusVerified {
		code = "COMPLETED"
	}
	c.JSON(http.StatusOK, simulateResponse{Code: code})
}

// completeChallenge gives a pending push challenge its outcome, stepping
// its session up on success; false when it is no longer pending.
func completeChallenge(ch *pushChallenge, status string, now time.Time) bool {
	if !ch.pending(now) {
		return false
	}
	ch.complete(status, now)
	if status == statusVerified {
		ch.session.steppedUp = true
	}
	return true
}
