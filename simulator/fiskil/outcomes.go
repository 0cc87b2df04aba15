package fiskil

// Consent outcomes: the error_type the page reports (Fiskil's names, from
// the Link SDK's ConsentErrorType and the docs' AUTH_SESSION_INVALID) and
// the OAuth-style error that goes with it in the redirect flow.
const (
	errDenied      = "CONSENT_ENDUSER_DENIED"
	errOTPFailure  = "CONSENT_OTP_FAILURE"
	errIneligible  = "CONSENT_ENDUSER_INELIGIBLE"
	errUpstream    = "CONSENT_UPSTREAM_PROCESSING_ERROR"
	errTimeout     = "CONSENT_TIMEOUT"
	errCancelled   = "AUTH_SESSION_CANCELLED"
	errInvalid     = "AUTH_SESSION_INVALID"
	errorURIPrefix = "https://data.docs.fiskil.dev/errors#"
)

// otpCode is the one-time password the simulated bank expects. It is
// fixed and printed on the page: a simulator has no phone to send one to,
// and a tester must be able to type a wrong one (CONSENT_OTP_FAILURE).
const otpCode = "123456"

// outcome is how a consent flow ended.
type outcome struct {
	consentID   string // set on success only
	errorType   string
	description string
}

func (o outcome) failed() bool { return o.errorType != "" }

// oauthError is the error parameter sent with an error_type:
// server_error for an upstream failure and access_denied for a denial, as
// Fiskil's error pages show; access_denied for the other types too, whose
// error no source shows [decided].
func (o outcome) oauthError() string {
	if o.errorType == errUpstream {
		return "server_error"
	}
	return "access_denied"
}

// decided is the outcome of a consent form's decision other than approve
// (which the one-time password decides); false for an unknown decision.
func decided(decision string) (outcome, bool) {
	switch decision {
	case "deny":
		return outcome{errorType: errDenied, description: "The end user denied consent"}, true
	case "ineligible":
		return outcome{errorType: errIneligible, description: "The end user is not eligible to share data"}, true
	case "upstream":
		return outcome{errorType: errUpstream, description: "The institution failed to process the consent"}, true
	case "cancel":
		return outcome{errorType: errCancelled, description: "The end user cancelled the auth session"}, true
	}
	return outcome{}, false
}
