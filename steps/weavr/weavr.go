package weavr

import (
	"context"
	"net/http"
	"time"

	"github.com/conformhq/conform/specs/record"
	"github.com/conformhq/conform/steps"
	"github.com/conformhq/conform/steps/otp"
	"github.com/conformhq/conform/steps/timing"
)

// name is Weavr's key: its URL prefix, feature folder, tag and config
// section.
const name = record.WeavrName

// Vocabulary is Weavr's step vocabulary.
func Vocabulary() steps.Vocabulary {
	rec := record.Weavr()
	return steps.Vocabulary{Name: rec.Name, Title: rec.Title, Credentials: credentials,
		Register: steps.Registers(registerUsers, registerSession, registerChallenges, registerRateLimit, registerIdentities, registerRefusals),
		FixtureKinds: []string{"user", "smsUser", "unenrolledUser", "enrolmentUser", "expiredPasswordUser",
			"expiredPasswordChangeUser", "passwordChangeUser", "previousPasswordUser", "thirdPartyUser",
			"multiIdentityUser", "lockoutUser", "sessionLockoutUser", "authyUser", "biometricUser"},
		FixtureRules: fixtureRules(), Needs: needs(),
		Timings: timings, Limits: limits}
}

// limits are Weavr's counts that no reference fixes, with the simulator's
// choices as defaults [decided] and the most a scenario accepts where a
// deployment declares none [decided].
var limits = []steps.Limit{
	{Name: lockoutThreshold, Default: 5, Bound: 10, Source: "consecutive failed logins that lock the credentials (423); the references give no number"},
	{Name: wrongCodeAttempts, Default: 5, Bound: 10, Source: "wrong codes that end an OTP challenge; 3.63 says only that attempts are limited"},
}

// The names of Weavr's limits.
const (
	lockoutThreshold  = "lockoutThreshold"
	wrongCodeAttempts = "wrongCodeAttempts"
)

// timings are Weavr's named durations, with the contract's values.
var timings = []timing.Timing{
	{Name: "tokenIdleLifetime", Default: 5 * time.Minute, Source: "every token is valid 5 minutes from its last use (sliding)"},
	{Name: "lockoutPeriod", Default: 30 * time.Minute, Source: "after consecutive failed logins (limits.lockoutThreshold) the credentials are locked for 30 minutes"},
	{Name: "challengeExpiry", Default: 5 * time.Minute, Source: "a challenge (SMS OTP, enrolment or push) expires after 5 minutes"},
	{Name: challengeRetryGap, Default: 15 * time.Second, Source: "3.63: RETRY_IN_15SEC, a new SMS challenge within 15 seconds of the last is refused; waited only where the config declares it"},
}

// challengeRetryGap is the timing between two SMS step-up challenges of a
// session that a deployment declares (3.63's RETRY_IN_15SEC).
const challengeRetryGap = "challengeRetryGap"

// world is a scenario's World seen by the Weavr steps, with their own
// helpers as methods.
type world struct{ *steps.World }

func worldOf(ctx context.Context) world { return world{steps.WorldFrom(ctx)} }

// credentials sends the sandbox's api key on every Weavr request.
func credentials(w *steps.World) {
	if k, ok := w.Credential(name, "apiKey"); ok {
		w.SetHeader(name, "api-key", k)
	}
}

// sandboxOTP is the one-time password of Weavr's sandbox, for step-up
// and factor enrolment alike.
const sandboxOTP = "123456"

// stepUpCode starts an SMS step-up challenge and returns the code to
// verify it with: the sandbox's with the control API (conform's simulator
// follows Weavr's sandbox), else the config's OTP source's
// (providers.weavr.otp; sandboxCode "123456" for a deployment that
// follows Weavr's sandbox).
func (w world) stepUpCode(ctx context.Context) (string, error) {
	start := func(ctx context.Context) error {
		_, err := w.call(ctx, http.MethodPost, "/stepup/challenges/otp/SMS", "", http.StatusNoContent)
		return err
	}
	if w.HasControl() {
		return sandboxOTP, start(ctx)
	}
	mobile, _ := w.Get("mobile")
	return w.ReceiveOTP(ctx, otp.Request{Provider: name, Channel: "sms", Recipient: mobile}, start)
}

// wrongOTP is a well-formed code (six digits, as 3.63 requires) that is not
// the sandbox's.
const wrongOTP = "000000"
