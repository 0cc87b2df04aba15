package weavr

import (
	"encoding/json"
	"strings"
	"time"

	"github.com/conformhq/conform/simulator/core"
)

// Timings and limits of the sandbox, as the spec states them; the timings
// are each sandbox's defaults (fixtures: timings).
const (
	tokenTTL       = 5 * time.Minute  // a token's life from its last use
	lockoutPeriod  = 30 * time.Minute // how long failed logins lock credentials
	challengeTTL   = 5 * time.Minute  // life of an OTP challenge, enrolment or push challenge
	maxWrongCodes  = 5                // wrong codes after which an OTP challenge is dropped [decided]; fixtures: wrongCodeAttempts
	sandboxOTP     = "123456"         // Weavr's sandbox never sends real codes
	minPasswordLen = 8
	maxPasswordLen = 30 // SensitivePassword: "between 8 and 30 characters"
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
	expiry     core.Expiry[*token]       // every live token, by when it may expire
	challenges map[string]*pushChallenge // by id, kept after completion for inspection
	timings    timings
	// wrongCodeAttempts is how many wrong codes end an OTP challenge: no
	// reference fixes it (fixtures: wrongCodeAttempts, default 5 [decided]).
	wrongCodeAttempts int
}

// timings are a sandbox's durations, by the names of the fixtures'
// timings (and of the harness's clock steps). Each token and challenge
// keeps the one it was made with.
type timings struct {
	tokenIdleLifetime, lockoutPeriod, challengeExpiry time.Duration
	// challengeRetryGap is 3.63's RETRY_IN_15SEC: how long after an SMS
	// step-up challenge another may start. 0 (the default [decided]) lets
	// challenges start back to back, as 3.32 does.
	challengeRetryGap time.Duration
}

// fields maps the timings' names to them, for core.ApplyTimings.
func (t *timings) fields() map[string]*time.Duration {
	return map[string]*time.Duration{"tokenIdleLifetime": &t.tokenIdleLifetime, "lockoutPeriod": &t.lockoutPeriod, "challengeExpiry": &t.challengeExpiry, "challengeRetryGap": &t.challengeRetryGap}
}

func stateOf(sb *core.Sandbox) *state {
	return sb.State(Name, func() any {
		return &state{
			programmes: map[string]*programme{},
			tokens:     map[string]*token{},
			challenges: map[string]*pushChallenge{},
			timings:    timings{tokenIdleLifetime: tokenTTL, lockoutPeriod: lockoutPeriod, challengeExpiry: challengeTTL},

			wrongCodeAttempts: maxWrongCodes,
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
	// identitiesJSON is identities encoded, once: 3.32's answer to GET
	// /identities, which no request changes.
	identitiesJSON []byte
}

func (u *user) locked(now time.Time) bool { return now.Before(u.lockedUntil) }

// encodedIdentities returns the identities as JSON, encoding them on first
// use (the sandbox is locked).
func (u *user) encodedIdentities() []byte {
	if u.identitiesJSON == nil {
		b, err := json.Marshal(u.identities)
		if err != nil {
			// Strings only: cannot fail.
			panic("weavr: cannot encode identities: " + err.Error())
		}
		u.identitiesJSON = b
	}
	return u.identitiesJSON
}

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
	// otpStarted is when the session last started an SMS challenge, for
	// the retry gap.
	otpStarted time.Time
	push       *pushChallenge // the latest push challenge, pending or not
	tokens     []*token       // the live ones; each knows its slot here
}

type token struct {
	value    string
	typ      tokenType
	session  *session
	slot     int        // index in session.tokens, so that revoking is O(1)
	identity identityID // of an ACCESS token; the login identity otherwise
	lastUsed time.Time
	ttl      time.Duration // its life from its last use
}

func (t *token) expired(now time.Time) bool { return !now.Before(t.lastUsed.Add(t.ttl)) }

// otpChallenge is a code sent by SMS and not yet verified.
type otpChallenge struct {
	started time.Time
	ttl     time.Duration
	// attempts is the sandbox's wrongCodeAttempts when it started.
	attempts int
	wrong    int
	// exhausted: the 5th wrong code ended it; 3.63 answers every later code
	// CHALLENGE_LIMIT_EXCEEDED until a new challenge is started.
	exhausted bool
}

func (o *otpChallenge) expired(now time.Time) bool { return !now.Before(o.started.Add(o.ttl)) }

// issue draws a token of the session, bound in the registry so that it is
// unique across sandboxes, and queues it for expiry.
func (s *state) issue(sb *core.Sandbox, sess *session, typ tokenType, id identityID, now time.Time) *token {
	t := &token{value: sb.Token(tokenKind, typ.prefix(), 40), typ: typ, session: sess, identity: id, lastUsed: now, ttl: s.timings.tokenIdleLifetime}
	s.tokens[t.value] = t
	t.slot = len(sess.tokens)
	sess.tokens = append(sess.tokens, t)
	s.expiry.Add(t.lastUsed.Add(t.ttl), t)
	return t
}

// newSession starts a session for a login through the api key.
func newSession(key string, u *user) *session {
	return &session{apiKey: key, user: u}
}

// revoke forgets one token; a token already forgotten is left alone.
func (s *state) revoke(sb *core.Sandbox, t *token) {
	if s.tokens[t.value] != t {
		return
	}
	delete(s.tokens, t.value)
	sb.Unbind(tokenKind, t.value)
	toks := t.session.tokens
	last := len(toks) - 1
	toks[t.slot] = toks[last]
	toks[t.slot].slot = t.slot
	toks[last] = nil
	t.session.tokens = toks[:last]
}

// end ends a session: its tokens are revoked and its push challenge, if in
// flight, is cancelled, since nobody could use the step-up any more.
func (s *state) end(sb *core.Sandbox, sess *session, now time.Time) {
	for len(sess.tokens) > 0 {
		s.revoke(sb, sess.tokens[len(sess.tokens)-1])
	}
	sess.tokens = nil
	sess.otp = nil
	if ch := sess.push; ch != nil && ch.pending(now) {
		ch.complete(statusCancelled, now)
	}
}

// collect forgets a few expired tokens, so that a long-running sandbox does
// not keep every token it ever issued, at a cost per request that does not
// grow with the number of tokens. A token used since it was queued is queued
// again at its new expiry.
func (s *state) collect(sb *core.Sandbox, now time.Time) {
	s.expiry.Collect(now, core.CollectPerRequest, func(t *token, now time.Time) (time.Time, bool) {
		if s.tokens[t.value] != t {
			return time.Time{}, false // revoked by logout or on use
		}
		if t.expired(now) {
			s.revoke(sb, t)
			return time.Time{}, false
		}
		return t.lastUsed.Add(t.ttl), true
	})
}
