package fliqa

import (
	"crypto/subtle"
	"net/http"
	"strings"

	"github.com/conformhq/conform/simulator/core"
)

// authError is a refused credential: the status and subcode to answer.
type authError struct {
	status int
	sub    string
}

// checkKey authenticates getAccessToken's Api-Key and Api-Secret headers.
// The environment is checked by the handler, after the request is known
// to be well-formed.
func checkKey(c *core.Call) (*apiKey, *authError) {
	key, secret := c.R.Header.Get("Api-Key"), c.R.Header.Get("Api-Secret")
	if strings.TrimSpace(key) == "" || strings.TrimSpace(secret) == "" {
		return nil, &authError{http.StatusUnauthorized, "api_key_secret_header_must_be_provided"}
	}
	if c.Sandbox == nil {
		return nil, &authError{http.StatusUnauthorized, "not_authorized"}
	}
	k := stateOf(c.Sandbox).keys[key]
	if k == nil || subtle.ConstantTimeCompare([]byte(k.secret), []byte(secret)) != 1 {
		return nil, &authError{http.StatusUnauthorized, "not_authorized"}
	}
	return k, nil
}

// checkBearer authenticates consentGetOtp and createConsent: a known,
// unexpired token whose scope allows acting for the consent owner.
func checkBearer(c *core.Call) (string, *accessToken, *authError) {
	tok := c.Bearer()
	if tok == "" {
		return "", nil, &authError{http.StatusUnauthorized, "authorization_header_must_be_provided"}
	}
	if c.Sandbox == nil {
		return "", nil, &authError{http.StatusUnauthorized, "not_authorized"}
	}
	st, now := stateOf(c.Sandbox), c.Now()
	st.collect(c.Sandbox, now)
	t := st.tokens[tok]
	if t == nil {
		return "", nil, &authError{http.StatusUnauthorized, "not_authorized"}
	}
	if !now.Before(t.expires) {
		return "", nil, &authError{http.StatusUnauthorized, "access_token_expired"}
	}
	if !contains(t.scope, "account_owner") {
		return "", nil, &authError{http.StatusUnauthorized, "invalid_access_scope"}
	}
	return tok, t, nil
}

// checkAuth runs the operation's credential check, for answers (such as a
// malformed request) that must not be given to an unauthenticated caller.
func checkAuth(c *core.Call) *authError {
	if c.Op != nil && c.Op.ID == opGetAccessToken {
		_, err := checkKey(c)
		return err
	}
	_, _, err := checkBearer(c)
	return err
}
