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
	otps     map[string]*otp
	consents []*consent
}

type apiKey struct {
	secret       string
	environments []string
}

type inquiry struct {
	id    string
	scope []string
}

// owner is a registered consent owner; msisdn is kept in E.164 and email
// lower-cased, the forms lookups compare.
type owner struct {
	msisdn string
	email  string
}

type accessToken struct {
	inquiry string
	scope   []string
	expires time.Time
}

type otp struct {
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
