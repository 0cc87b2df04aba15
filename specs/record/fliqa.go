package record

// FliqaName is Fliqa's name (Provider.Name), for the packages that key
// their state, outbox and tags by it.
const FliqaName = "fliqa"

// Fliqa's operation ids.
const (
	FliqaGetAccessToken = "getAccessToken"
	FliqaConsentGetOtp  = "consentGetOtp"
	FliqaCreateConsent  = "createConsent"
)

// Fliqa is the record of the Fliqa account API: a consent owner's OTP by
// SMS or e-mail, and the consent it unlocks.
func Fliqa() Provider {
	return Provider{
		Name:     FliqaName,
		Title:    "Fliqa",
		Versions: []Version{{Name: "1", Spec: "fliqa"}},
		// One error schema is shared by every operation: its subcodes
		// count provider-wide.
		ErrorCode:   ErrorCode{Property: "errorSubCode", PerOperation: false},
		Credentials: []string{"apiKey", "apiSecret"},
		Operations:  []string{FliqaGetAccessToken, FliqaConsentGetOtp, FliqaCreateConsent},
	}
}
