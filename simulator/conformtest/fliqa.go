package conformtest

// FliqaCredentials are a sandbox's Fliqa api key and secret, the
// environments the key is enabled for, its inquiries and consent owners:
// what its fixtures created. (Defined here, not aliased from the
// simulator, so that go doc shows the fields.)
type FliqaCredentials struct {
	// APIKey and APISecret go in the Api-Key and Api-Secret headers of
	// the token call; empty when the fixtures created no key.
	APIKey    string `json:"apiKey,omitempty"`
	APISecret string `json:"apiSecret,omitempty"`
	// Environments are those the key may ask tokens for (sandbox, …).
	Environments []string `json:"environments,omitempty"`
	// Inquiries are those a token may be asked for.
	Inquiries []FliqaInquiry `json:"inquiries"`
	// ConsentOwners are the registered consent owners.
	ConsentOwners []FliqaOwner `json:"consentOwners"`
}

// FliqaInquiry is an inquiry a token may be asked for, with its scopes and
// the consent it asks for.
type FliqaInquiry struct {
	ID           string   `json:"id,omitempty"`
	Scope        []string `json:"scope"`
	ConsentScope string   `json:"consentScope,omitempty"`
	Name         string   `json:"name,omitempty"`
	Description  string   `json:"description,omitempty"`
}

// FliqaOwner is a registered consent owner: a phone number (E.164), an
// e-mail address, or both.
type FliqaOwner struct {
	MSISDN string `json:"msisdn,omitempty"`
	Email  string `json:"email,omitempty"`
}
