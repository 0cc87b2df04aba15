package fliqa

import (
	"time"

	"github.com/conformhq/conform/simulator/core"
)

// Defaults of a sandbox's settings, from Fliqa's documentation where it
// gives one (360 s tokens) and the usual OTP practice otherwise.
const (
	defaultTokenLifetime = 360 * time.Second
	defaultOTPLength     = 6
	defaultOTPTTL        = 5 * time.Minute
	// maxOTPAttempts burns an OTP after that many wrong guesses, so that a
	// 6-digit code cannot be brute-forced within its lifetime.
	maxOTPAttempts = 5
	// consentValidity is how long a created consent stays valid.
	consentValidity = 90 * 24 * time.Hour
	// tokenKept is how long an access token is remembered after it expires,
	// so that a late request still hears access_token_expired rather than
	// not_authorized; after that it is forgotten, so that a long-running
	// sandbox does not keep every token it ever issued.
	tokenKept = 24 * time.Hour
)

// Credential kinds bound in the registry.
const (
	kindAPIKey = "fliqa-api-key"
	kindToken  = "fliqa-token"
)

// state is one sandbox's Fliqa world. The sandbox lock guards it.
type state struct {
	keys          map[string]*apiKey
	tokenLifetime time.Duration
	otpLength     int
	otpTTL        time.Duration
	inquiries     map[string]*inquiry
	owners        []*owner
	tokens        map[string]*accessToken
	// otps holds the pending OTP of each access token: a new login with the
	// same token replaces it, as the newest code sent is the one a person
	// types.
	otps      map[string]*otp
	consents  []*consent
	tokenExp  core.Expiry[*accessToken] // every token, by when it is forgotten
	otpExpiry core.Expiry[*otp]         // every pending OTP, by expiry
}

type apiKey struct {
	secret       string
	environments []string
}

// inquiry is a consent inquiry definition: the scope of its tokens, and
// what its consents say (ref §4: scope, name, description).
type inquiry struct {
	id           string
	scope        []string
	consentScope string
	name         string
	description  string
}

// owner is a registered consent owner; msisdn is kept in E.164 and email
// lower-cased, the forms lookups compare.
type owner struct {
	msisdn string
	email  string
}

type accessToken struct {
	value   string
	inquiry string
	scope   []string
	expires time.Time
}

type otp struct {
	token    string // the access token it was sent for
	code     string
	owner    *owner
	expires  time.Time
	attempts int
}

func stateOf(sb *core.Sandbox) *state {
	return sb.State(Name, func() any {
		return &state{
			keys:          map[string]*apiKey{},
			tokenLifetime: defaultTokenLifetime,
			otpLength:     defaultOTPLength,
			otpTTL:        defaultOTPTTL,
			inquiries:     map[string]*inquiry{},
			tokens:        map[string]*accessToken{},
			otps:          map[string]*otp{},
		}
	}).(*state)
}

// collect forgets a few long-expired tokens and expired OTPs, a bounded
// amount of work per request however many a sandbox holds.
func (s *state) collect(sb *core.Sandbox, now time.Time) {
	s.tokenExp.Collect(now, core.CollectPerRequest, func(t *accessToken, now time.Time) (time.Time, bool) {
		if s.tokens[t.value] == t {
			delete(s.tokens, t.value)
			sb.Unbind(kindToken, t.value)
			s.dropOTP(s.otps[t.value])
		}
		return time.Time{}, false
	})
	s.otpExpiry.Collect(now, core.CollectPerRequest, func(p *otp, now time.Time) (time.Time, bool) {
		s.dropOTP(p)
		return time.Time{}, false
	})
	// Consents are kept in creation order, and all live as long, so the
	// expired ones are at the front: a long-running sandbox's memory follows
	// its live consents, not its history.
	n := 0
	for n < len(s.consents) && n < core.CollectPerRequest && !now.Before(s.consents[n].forget) {
		n++
	}
	if n > 0 {
		clear(s.consents[:n])
		s.consents = s.consents[n:]
	}
}

// dropOTP forgets an OTP unless a newer one has replaced it.
func (s *state) dropOTP(p *otp) {
	if p != nil && s.otps[p.token] == p {
		delete(s.otps, p.token)
	}
}

func (s *state) ownerByMSISDN(e164 string) *owner {
	for _, o := range s.owners {
		if o.msisdn != "" && o.msisdn == e164 {
			return o
		}
	}
	return nil
}

func (s *state) ownerByEmail(email string) *owner {
	for _, o := range s.owners {
		if o.email != "" && o.email == email {
			return o
		}
	}
	return nil
}

func contains(list []string, want string) bool {
	for _, s := range list {
		if s == want {
			return true
		}
	}
	return false
}
