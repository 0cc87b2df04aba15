package fiskil

import (
	"time"

	"github.com/conformhq/conform/simulator/core"
)

// ScopeUserWrite is the scope that creating end users and auth sessions
// requires.
const ScopeUserWrite = "api:user.write"

const (
	// tokenTTL is the bearer token lifetime that expires_in announces.
	tokenTTL = 15 * time.Minute
	// sessionTTL is how long an auth session's auth_url stays usable.
	sessionTTL = 5 * 24 * time.Hour
	// sessionKept is how long an auth session is remembered after it
	// expires, so that a late visit still reaches its cancel_uri with
	// CONSENT_TIMEOUT or AUTH_SESSION_INVALID instead of a page; after that
	// it is forgotten, so that a long-running sandbox does not keep them all.
	sessionKept = 24 * time.Hour
)

// Credential kinds bound in the registry, so that a request (or a visit to
// the consent page) finds its sandbox.
const (
	kindClient  = "fiskil-client"
	kindToken   = "fiskil-token"
	kindSession = "fiskil-session"
)

// state is one sandbox's Fiskil world. The sandbox lock guards it.
type state struct {
	clients      map[string]*client
	tokens       map[string]*token
	endUsers     map[string]*endUser
	emails       map[string]string // normalised e-mail → end user id
	institutions map[string]*institution
	instOrder    []string              // institutions in the order added, for the page
	sessions     map[string]*session   // by session_id, the page's sess_id
	tokenExpiry  core.Expiry[*token]   // every live token, by expiry
	sessExpiry   core.Expiry[*session] // every session, by when it is forgotten
	// tokenLifetime and authSessionExpiry are the sandbox's (fixtures:
	// timings), tokenTTL and sessionTTL unless set.
	tokenLifetime, authSessionExpiry time.Duration
}

// timingFields maps the fixtures' timing names to the durations.
func (s *state) timingFields(tokenLifetime, authSessionExpiry *time.Duration) map[string]*time.Duration {
	return map[string]*time.Duration{"tokenLifetime": tokenLifetime, "authSessionExpiry": authSessionExpiry}
}

type client struct {
	id     string
	secret string
	scopes []string
}

type token struct {
	value    string
	clientID string
	scopes   []string
	expires  time.Time
}

func (t *token) has(scope string) bool {
	for _, s := range t.scopes {
		if s == scope {
			return true
		}
	}
	return false
}

type endUser struct {
	id, email, name, phone, abn string
}

type institution struct {
	id, name string
}

// sessionStatus is where an auth session is in its single use.
type sessionStatus int

const (
	sessionPending sessionStatus = iota
	// sessionTerminal: approved, denied, failed, cancelled or timed out;
	// any later visit gets AUTH_SESSION_INVALID.
	sessionTerminal
)

type session struct {
	id            string
	sessionID     string
	endUserID     string
	institutionID string
	redirectURI   string
	cancelURI     string
	expires       time.Time
	status        sessionStatus
	consentID     string // set on approval
}

func stateOf(sb *core.Sandbox) *state {
	return sb.State(Name, func() any {
		return &state{
			clients:      map[string]*client{},
			tokens:       map[string]*token{},
			endUsers:     map[string]*endUser{},
			emails:       map[string]string{},
			institutions: map[string]*institution{},
			sessions:     map[string]*session{},

			tokenLifetime:     tokenTTL,
			authSessionExpiry: sessionTTL,
		}
	}).(*state)
}

// collect forgets a few expired tokens and long-expired sessions, a bounded
// amount of work per request however many a sandbox holds.
func (s *state) collect(sb *core.Sandbox, now time.Time) {
	s.tokenExpiry.Collect(now, core.CollectPerRequest, func(t *token, now time.Time) (time.Time, bool) {
		s.forgetToken(sb, t)
		return time.Time{}, false
	})
	s.sessExpiry.Collect(now, core.CollectPerRequest, func(ss *session, now time.Time) (time.Time, bool) {
		if s.sessions[ss.sessionID] == ss {
			delete(s.sessions, ss.sessionID)
			sb.Unbind(kindSession, ss.sessionID)
		}
		return time.Time{}, false
	})
}

// forgetToken drops a token unless it is already gone.
func (s *state) forgetToken(sb *core.Sandbox, t *token) {
	if s.tokens[t.value] == t {
		delete(s.tokens, t.value)
		sb.Unbind(kindToken, t.value)
	}
}
