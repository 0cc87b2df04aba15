package fliqa

import (
	"fmt"
	"net/http"
	"time"

	"github.com/conformhq/conform/simulator/core"
)

type loginRequest struct {
	MSISDN string `json:"msisdn"`
	Email  string `json:"email"`
}

type otpSent struct {
	OTPLength int `json:"otpLength"`
}

// consentGetOtp sends a consent owner an OTP. When both msisdn and email are
// given the phone number decides (the OTP goes by SMS) and the e-mail is
// neither checked nor used, as the spec documents email_invalid only
// without msisdn. An empty string counts as absent.
func consentGetOtp(c *core.Call) {
	tok, t, aerr := checkBearer(c)
	if aerr != nil {
		fail(c, aerr.status, aerr.sub, "", "")
		return
	}
	var req loginRequest
	if err := c.Decode(&req); err != nil {
		// The pipeline validated the body against the schema already.
		fail(c, http.StatusBadRequest, "", "Invalid request body", "")
		return
	}
	st := stateOf(c.Sandbox)
	var o *owner
	channel := "sms"
	switch {
	case req.MSISDN != "":
		e164, sub := parseMSISDN(req.MSISDN)
		if sub != "" {
			fail(c, http.StatusBadRequest, sub, "", "")
			return
		}
		o = st.ownerByMSISDN(e164)
	case req.Email != "":
		addr, ok := parseEmail(req.Email)
		if !ok {
			fail(c, http.StatusBadRequest, "email_invalid", "", "")
			return
		}
		o, channel = st.ownerByEmail(addr), "email"
	default:
		fail(c, http.StatusBadRequest, "email_or_phone_number_required", "", "")
		return
	}
	if o == nil {
		fail(c, http.StatusUnauthorized, "phone_or_email_not_registered", "", t.inquiry)
		return
	}
	now := c.Now()
	code := c.Sandbox.IDs.Digits(st.otpLength)
	p := &otp{token: tok, code: code, owner: o, expires: now.Add(st.otpTTL)}
	st.otps[tok] = p
	st.otpExpiry.Add(p.expires, p)
	recipient := o.msisdn
	if channel == "email" {
		recipient = o.email
	}
	c.Sandbox.Outbox.Add(core.Message{
		ID:        c.Sandbox.IDs.UUID(),
		Provider:  Name,
		Channel:   channel,
		Recipient: recipient,
		OTP:       code,
		Text:      otpText(c.R.URL.Query().Get("locale"), code, st.otpTTL),
		SentAt:    now,
	})
	c.JSON(http.StatusOK, otpSent{OTPLength: st.otpLength})
}

// otpText is the SMS or e-mail text carrying an OTP, in the request's
// locale where the simulator knows it and in English otherwise, as Fliqa
// serves a language only "if supported".
func otpText(locale, code string, ttl time.Duration) string {
	mins := int(ttl.Round(time.Minute) / time.Minute)
	if mins < 1 {
		mins = 1
	}
	switch locale {
	case "sl":
		return fmt.Sprintf("Vaša Fliqa koda za potrditev je %s. Veljavna je %d min.", code, mins)
	case "de":
		return fmt.Sprintf("Ihr Fliqa-Bestätigungscode lautet %s. Er ist %d Min. gültig.", code, mins)
	case "hr":
		return fmt.Sprintf("Vaš Fliqa kod za potvrdu je %s. Vrijedi %d min.", code, mins)
	}
	return fmt.Sprintf("Your Fliqa verification code is %s. It is valid for %d min.", code, mins)
}
