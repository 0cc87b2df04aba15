package weavr

import (
	"strings"
	"time"

	"github.com/conformhq/conform/simulator/core"
)

// Timings and limits of the sandbox, as the spec states them.
const (
	tokenTTL       = 5 * time.Minute  // a token's life from its last use
	lockoutPeriod  = 30 * time.Minute // how long failed logins lock credentials
	challengeTTL   = 5 * time.Minute  // life of an OTP challenge, enrolment or push challenge
	maxWrongCodes  = 5                // wrong codes after which an OTP challenge is dropped
	sandboxOTP     = "123456"         // Weavr's sandbox never sends real codes
	minPasswordLen = 8
	// passwordLifetime dates passwordInfo.expiryDate; nothing expires a
	// password by itself, fixtures do (passwordExpired).
	passwordLifetime = 90 * 24 * time.Hour
	defaultLockout   = 5
)

// state is one sandbox's Weavr world. The sandbox is locked whenever it is
// touched, so plain maps do.
type state struct {
	programmes map[string]*programme     // by api key
	apiKeys    []string                  // in the order fixtures added them
	tokens     map[string]*token         // by value
	challenges map[string]*pushChallenge // by id, kept after completion for inspection
}

func stateOf(sb *core.Sandbox) *state {
	return sb.State(Name, func() any {
		return &state{
			programmes: map[string]*programme{},
			tokens:     map[string]*token{},
			challenges: map[string]*pushChallenge{},
		}
	}).(*state)
}

// programme is what one api key gives access to: its users and lockout rule.
type programme struct {
	apiKey           string
	lockoutThreshold int
	users            map[string]*user // by lower-cased e-mail
}

func (p *programme) user(email string) *user { return p.users[strings.ToLower(email)] }

type identityID struct {
	Type string `json:"type"`
	ID   string `json:"id"`
}

type identity struct {
	ID   identityID `json:"id"`
	Name string     `json:"name"`
}

type credentialsID struct {
	Type string `json:"type"`
	ID   string `json:"id"`
}

// user is one set of credentials with its identities and factors.
type user struct {
	email         string
	password      string
	previous      []string
	expired       bool
	identities    []identity // the login identity first
	credentials   credentialsID
	mobile        string
	smsEnrolled   bool
	enrolment     *otpChallenge // pending SMS factor enrolment
	pushDevices   map[string]bool
	thirdPartyURL string
	failures      int // consecutive failed logins
	lockedUntil   time.Time
}

func (u *user) locked(now time.Time) bool { return now.Before(u.lockedUntil) }

func (u *user) hasIdentity(id identityID) bool {
	for _, x := range u.identities {
		if x.ID == id {
			return true
		}
	}
	return false
}

// usedPassword reports whether p is the current password or an earlier one.
func (u *user) usedPassword(p string) bool {
	if p == u.password {
		return true
	}
	for _, x := range u.previous {
		if x == p {
			return true
		}
	}
	return false
}

type tokenType int

const (
	authToken tokenType = iota + 1
	accessToken
	temporaryToken
)

func (t tokenType) prefix() string {
	switch t {
	case accessToken:
		return "access_"
	case temporaryToken:
		return "temp_"
	}
	return "auth_"
}

// session is what one login started; logout ends it with all its tokens.
type session struct {
	apiKey    string
	user      *user
	steppedUp bool
	otp       *otpChallenge
	push      *pushChallenge // the latest push challenge, pending or not
	tokens    []string
}

type token struct {
	value    string
	typ      tokenType
	session  *session
	identity identityID // of an ACCESS token; the login identity otherwise
	lastUsed time.Time
}

func (t *token) expired(now time.Time) bool { return !now.Before(t.lastUsed.Add(tokenTTL)) }

// otpChallenge is a code sent by SMS and not yet verified.
type otpChallenge struct {
	started time.Time
	wrong   int
}

func (o *otpChallenge) expired(now time.Time) bool { return !now.Before(o.started.Add(challengeTTL)) }

// issue draws a token of the session, bound in the registry so that it is
// unique across sandboxes.
func (s *state) issue(sb *core.Sandbox, sess *session, typ tokenType, id identityID, now time.Time) *token {
	t := &token{value: sb.Token(tokenKind, typ.prefix(), 40), typ: typ, session: sess, identity: id, lastUsed: now}
	s.tokens[t.value] = t
	sess.tokens = append(sess.tokens, t.value)
	return t
}

// newSession starts a session for a login through the api key.
func newSession(key string, u *user) *session {
	return &session{apiKey: key, user: u}
}

// revoke forgets one token.
func (s *state) revoke(sb *core.Sandbox, value string) {
	if _, ok := s.tokens[value]; ok {
		delete(s.tokens, value)
		sb.Unbind(tokenKind, value)
	}
}

// end ends a session: its tokens are revoked and its push challenge, if in
// flight, is cancelled, since nobody could use the step-up any more.
func (s *state) end(sb *core.Sandbox, sess *session, now time.Time) {
	for _, v := range sess.tokens {
		s.revoke(sb, v)
	}
	sess.tokens = nil
	sess.otp = nil
	if ch := sess.push; ch != nil && ch.pending(now) {
		ch.complete(statusCancelled, now)
	}
}

// sweep drops expired tokens, so that a long-running sandbox does not keep
// every token it ever issued.
func (s *state) sweep(sb *core.Sandbox, now time.Time) {
	for v, t := range s.tokens {
		if t.expired(now) {
			s.revoke(sb, v)
		}
	}
}
