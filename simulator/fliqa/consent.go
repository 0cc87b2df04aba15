package fliqa

import (
	"crypto/subtle"
	"net/http"
	"time"

	"github.com/conformhq/conform/simulator/core"
)

type consentRequest struct {
	ProviderID string     `json:"providerId"`
	OTP        string     `json:"otp"`
	Data       []keyValue `json:"data"`
}

// keyValue is one item of a consent's internal data.
type keyValue struct {
	Key   string `json:"key"`
	Value string `json:"value"`
}

type consentOwner struct {
	MSISDN string `json:"msisdn,omitempty"`
	Email  string `json:"email,omitempty"`
}

// consentDataItem is one piece of data the end user must still provide;
// the simulator's providers never ask for more, so the list stays empty,
// but the type is the reference's.
type consentDataItem struct {
	Name           string `json:"name"`
	Label          string `json:"label,omitempty"`
	AdditionalData string `json:"additional_data,omitempty"`
}

// consent is a created consent, as answered and as kept in the sandbox:
// every field of the reference's Consent object (ref §4).
type consent struct {
	InquiryID   string            `json:"inquiryId"`
	ConsentID   string            `json:"consentId"`
	Status      string            `json:"status"`
	Created     string            `json:"created"`
	Modified    string            `json:"modified"`
	Scope       string            `json:"scope"`
	ValidUntil  string            `json:"validUntil"`
	ConsentData []consentDataItem `json:"consentData"`
	ProviderID  string            `json:"providerId"`
	Name        string            `json:"name"`
	Description string            `json:"description"`
	Owner       consentOwner      `json:"owner"`
	Country     string            `json:"country"`
	Data        []keyValue        `json:"data"`
	Locale      string            `json:"locale"`
	// forget is when the sandbox forgets the consent: a day (tokenKept)
	// after its validity ends.
	forget time.Time
}

// providerCountry is the country of every provider (bank) the simulator
// knows: it has no provider registry, and Fliqa's home market is Slovenia
// [decided].
const providerCountry = "SI"

// defaultLocale is the consent's language when the request asks for none.
const defaultLocale = "en"

// createConsent turns the OTP sent by consentGetOtp into a consent for the
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
	inq := st.inquiries[t.inquiry]
	if inq == nil {
		// Inquiries are never removed; this only guards a broken sandbox.
		inq = &inquiry{id: t.inquiry, consentScope: defaultConsentScope, name: defaultConsentName, description: defaultConsentDescription}
	}
	locale := c.R.URL.Query().Get("locale")
	if locale == "" {
		locale = defaultLocale
	}
	data := req.Data
	if data == nil {
		data = []keyValue{}
	}
	cs := &consent{
		InquiryID:   t.inquiry,
		ConsentID:   c.Sandbox.IDs.Hex(32),
		Status:      "initiated",
		Created:     stamp(now),
		Modified:    stamp(now),
		Scope:       inq.consentScope,
		ValidUntil:  stamp(now.Add(consentValidity)),
		ConsentData: []consentDataItem{},
		ProviderID:  req.ProviderID,
		Name:        inq.name,
		Description: inq.description,
		Owner:       consentOwner{MSISDN: p.owner.msisdn, Email: p.owner.email},
		Country:     providerCountry,
		Data:        data,
		Locale:      locale,
		forget:      now.Add(consentValidity + tokenKept),
	}
	st.consents = append(st.consents, cs)
	c.JSON(http.StatusCreated, cs)
}
