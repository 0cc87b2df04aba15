package weavr

import (
	"net/http"

	"github.com/conformhq/conform/simulator/core"
	"github.com/conformhq/conform/specs/record"
)

// enrolDeviceUsingOtpStepOne starts enrolling the user's mobile as the SMS factor; a
// pending enrolment is replaced by the new one.
func enrolDeviceUsingOtpStepOne(c *core.Call) {
	_, t, ok := authorize(c, accessOr401)
	if !ok {
		return
	}
	u := t.session.user
	switch {
	case c.Params["channel"] != channelSMS:
		conflict(c, codeChannelNotSupported)
	case u.smsEnrolled:
		conflict(c, codeChannelAlreadyRegistered)
	default:
		now := c.Now()
		u.enrolment = newOTPChallenge(stateOf(c.Sandbox), now)
		sendOTP(c.Sandbox, u.mobile, "Your Weavr enrolment code is "+sandboxOTP+".", now)
		c.Empty(http.StatusNoContent)
	}
}

// enrolDeviceUsingOtpStepTwo confirms the pending enrolment, with the same rules as a
// step-up challenge: expired stays expired, too many wrong codes drop it.
func enrolDeviceUsingOtpStepTwo(c *core.Call) {
	_, t, req, ok := authorizeBody[verificationCodeRequest](c, accessOr401, "a verification request")
	if !ok {
		return
	}
	u := t.session.user
	if c.Params["channel"] != channelSMS {
		conflict(c, codeChannelNotSupported)
		return
	}
	// 3.32's enum has no STATE_INVALID here: nothing pending is answered as
	// a wrong code would be [decided].
	none := codeCodeInvalid
	if c.Has(record.WeavrFactorStateInvalid) {
		none = codeStateInvalid
	}
	if !settle(c, &u.enrolment, req.VerificationCode, none) {
		return
	}
	u.smsEnrolled = true
	c.Empty(http.StatusNoContent)
}
