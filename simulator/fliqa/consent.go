package fliqa

import (
	"crypto/subtle"
	"net/http"
	"time"

	"github.com/conformhq/conform/simulator/core"
)

type consentRequest struct {
	ProviderID string `json:"providerId"`
	OTP        string `json:"otp"`
}

type consentOwner struct {
	MSISDN string `json:"msisdn,omitempty"`
	Email  string `json:"email,omitempty"`
}

// consent is a created consent, as answered and as kept in the sandbox.
type consent struct {
	InquiryID  string       `json:"inquiryId"`
	ConsentID  string       `json:"consentId"`
	Status     string       `json:"status"`
	Created    string       `json:"created"`
	Modified   string       `json:"modified"`
	Scope      []string     `json:"scope"`
	ValidUntil string       `json:"validUntil"`
	ProviderID string       `json:"providerId"`
	Owner      consentOwner `json:"owner"`
	Locale     string       `json:"locale,omitempty"`
}

// createConsent turns the OTP sent by accountLogin into a consent for the
// token's inquiry. The owner is the one the OTP was sent to: msisdn and
// email in the body are accepted but not compared, as Fliqa documents no
// error for a mismatch. A wrong OTP does not consume the pending one (a
// typo can be corrected) until maxOTPAttempts wrong guesses burn it; a
// right one is consumed, so it works once.
func createConsent(c *core.Call) {
	tok, t, aerr := checkBearer(c)
	if aerr != nil {
		fail(c, aerr.status, aerr.sub, "", "")
		return
	}
	var req consentRequest
	if err := c.Decode(&req); err != nil || req.ProviderID == "" {
		fail(c, http.StatusBadRequest, "", missingProvider, "")
		return
	}
	st := stateOf(c.Sandbox)
	now := c.Now()
	p := st.otps[tok]
	switch {
	case p == nil || !now.Before(p.expires):
		delete(st.otps, tok)
		fail(c, http.StatusUnauthorized, "invalid_pin", "", t.inquiry)
		return
	case subtle.ConstantTimeCompare([]byte(p.code), []byte(req.OTP)) != 1:
		if p.attempts++; p.attempts >= maxOTPAttempts {
			delete(st.otps, tok)
		}
		fail(c, http.StatusUnauthorized, "invalid_pin", "", t.inquiry)
		return
	}
	delete(st.otps, tok)
	stamp := now.UTC().Format(time.RFC3339)
	cs := &consent{
		InquiryID:  t.inquiry,
		ConsentID:  c.Sandbox.IDs.Hex(32),
		Status:     "initiated",
		Created:    stamp,
		Modified:   stamp,
		Scope:      append([]string{}, t.scope...),
		ValidUntil: now.Add(consentValidity).UTC().Format(time.RFC3339),
		ProviderID: req.ProviderID,
		Owner:      consentOwner{MSISDN: p.owner.msisdn, Email: p.owner.email},
		Locale:     c.R.URL.Query().Get("locale"),
	}
	st.consents = append(st.consents, cs)
	c.JSON(http.StatusCreated, cs)
}
