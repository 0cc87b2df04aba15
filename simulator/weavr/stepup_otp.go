package weavr

import (
	"net/http"
	"time"

	"github.com/conformhq/conform/simulator/core"
	"github.com/conformhq/conform/specs/record"
)

const channelSMS = "SMS"

type verificationCodeRequest struct {
	VerificationCode string `json:"verificationCode"`
}

// stepupSCAChallenge sends the sandbox code to the enrolled mobile; a challenge
// already pending is replaced by the new one.
func stepupSCAChallenge(c *core.Call) {
	_, t, ok := authorize(c, accessOr403)
	if !ok {
		return
	}
	sess := t.session
	switch {
	case sess.steppedUp:
		refuse(c, http.StatusMethodNotAllowed, "STEPPED_UP")
	case c.Params["channel"] != channelSMS:
		conflict(c, codeChannelNotSupported)
	case !sess.user.smsEnrolled:
		conflict(c, codeChannelNotRegistered)
	case c.Has(record.WeavrRetryGap) && retryTooSoon(sess, stateOf(c.Sandbox).timings.challengeRetryGap, c.Now()):
		conflict(c, codeRetryIn15Sec)
	default:
		now := c.Now()
		sess.otp = newOTPChallenge(stateOf(c.Sandbox), now)
		sess.otpStarted = now
		sendOTP(c.Sandbox, sess.user.mobile, "Your Weavr step-up code is "+sandboxOTP+".", now)
		c.Empty(http.StatusNoContent)
	}
}

// stepupSCAVerify completes the session's OTP challenge. An expired challenge
// stays expired until a new one is started; after maxWrongCodes wrong codes
// the challenge is dropped, so that codes cannot be guessed.
func stepupSCAVerify(c *core.Call) {
	_, t, req, ok := authorizeBody[verificationCodeRequest](c, accessOr403, "a verification request")
	if !ok {
		return
	}
	sess := t.session
	switch {
	case c.Params["channel"] != channelSMS:
		conflict(c, codeChannelNotSupported)
	case !sess.user.smsEnrolled:
		conflict(c, codeChannelNotRegistered)
	case sess.otp == nil && sess.steppedUp && c.Has(record.WeavrAlreadyVerified):
		conflict(c, codeAlreadyVerified)
	case settle(c, &sess.otp, req.VerificationCode, codeStateInvalid):
		sess.steppedUp = true
		c.Empty(http.StatusNoContent)
	}
}

// settle checks a code against the challenge in slot, drops the challenge
// once it is spent, and answers the 409 itself when the code is refused;
// none is the code for "no challenge pending".
func settle(c *core.Call, slot **otpChallenge, code, none string) bool {
	refusal, spent := checkCode(*slot, code, c.Now(), c.Has(record.WeavrChallengeLimit))
	if refusal == codeStateInvalid {
		refusal = none
	}
	if spent {
		*slot = nil
	}
	if refusal != "" {
		conflict(c, refusal)
		return false
	}
	return true
}

// newOTPChallenge starts an OTP challenge with the sandbox's expiry and
// wrong-code attempts.
func newOTPChallenge(s *state, now time.Time) *otpChallenge {
	return &otpChallenge{started: now, ttl: s.timings.challengeExpiry, attempts: s.wrongCodeAttempts}
}

// retryTooSoon reports whether a session started an SMS challenge less
// than gap ago (3.63's RETRY_IN_15SEC; gap 0 never).
func retryTooSoon(sess *session, gap time.Duration, now time.Time) bool {
	return gap > 0 && !sess.otpStarted.IsZero() && now.Before(sess.otpStarted.Add(gap))
}

// checkCode judges a code against a pending challenge: "" when right, else
// the error code; and whether the challenge is spent (verified, or dropped).
// The challenge's attempts-th wrong code (the sandbox's wrongCodeAttempts,
// default maxWrongCodes) ends it [decided]: without limit codes
// (record.WeavrChallengeLimit; 3.32, whose enums lack them) it answers
// VERIFICATION_CODE_INVALID and drops
// the challenge (later codes: STATE_INVALID); 3.63 warns with
// ONE_CHALLENGE_LIMIT_REMAINING on the one before and answers
// CHALLENGE_LIMIT_EXCEEDED from it on, until a new challenge is started.
func checkCode(ch *otpChallenge, code string, now time.Time, limitCodes bool) (string, bool) {
	switch {
	case ch == nil:
		return codeStateInvalid, false
	case ch.exhausted:
		return codeLimitExceeded, false
	case ch.expired(now):
		return codeCodeExpired, false
	case code == sandboxOTP:
		return "", true
	}
	ch.wrong++
	limit := ch.attempts
	if limit <= 0 {
		limit = maxWrongCodes
	}
	switch {
	case !limitCodes:
		return codeCodeInvalid, ch.wrong >= limit
	case ch.wrong >= limit:
		ch.exhausted = true
		return codeLimitExceeded, false
	case ch.wrong == limit-1:
		return codeOneAttemptLeft, false
	}
	return codeCodeInvalid, false
}

// sendOTP records the SMS that Weavr's sandbox does not send, so that
// developers can read the code from the control API's outbox.
func sendOTP(sb *core.Sandbox, mobile, text string, now time.Time) {
	sb.Outbox.Add(core.Message{
		ID: sb.IDs.UUID(), Provider: Name, Channel: "sms", Recipient: mobile,
		OTP: sandboxOTP, Text: text, SentAt: now,
	})
}
