package conformtest

// FliqaCredentials are a sandbox's Fliqa api key and secret (the Api-Key
// and Api-Secret headers), the environments the key may get tokens for,
// and the inquiries and consent owners its fixtures added.
type FliqaCredentials struct {
	APIKey        string         `json:"apiKey"`
	APISecret     string         `json:"apiSecret"`
	Environments  []string       `json:"environments"`
	Inquiries     []FliqaInquiry `json:"inquiries"`
	ConsentOwners []FliqaOwner   `json:"consentOwners"`
}

// FliqaInquiry is an inquiry tokens can be issued for, and their scope.
type FliqaInquiry struct {
	ID    string   `json:"id"`
	Scope []string `json:"scope"`
}

// FliqaOwner is a consent owner who can log in, by phone number or e-mail;
// the OTP goes to that recipient (see Server.LastOTP).
type FliqaOwner struct {
	MSISDN string `json:"msisdn"`
	Email  string `json:"email"`
}
