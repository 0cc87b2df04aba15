package record

// WeavrName is Weavr's name (Provider.Name), for the packages that key
// their state, outbox and tags by it.
const WeavrName = "weavr"

// Weavr's operation ids, as the handlers and the record name them.
const (
	WeavrLoginWithPassword          = "loginWithPassword"
	WeavrUserIdentities             = "userIdentities"
	WeavrRequestAccessToken         = "requestAccessToken"
	WeavrStepupSCAChallenge         = "stepupSCAChallenge"
	WeavrStepupSCAVerify            = "stepupSCAVerify"
	WeavrStepupSCAChallengePush     = "stepupSCAChallengePush"
	WeavrLogout                     = "logout"
	WeavrPasswordUpdate             = "passwordUpdate"
	WeavrEnrolDeviceUsingOtpStepOne = "enrolDeviceUsingOtpStepOne"
	WeavrEnrolDeviceUsingOtpStepTwo = "enrolDeviceUsingOtpStepTwo"
)

// Weavr's version traits: what a version does that another does not, each
// as its spec documents it.
const (
	// WeavrIdentitiesPaged: GET /identities answers one page
	// {identities, count, responseCount} chosen by offset and limit, not a
	// bare array.
	WeavrIdentitiesPaged = "identitiesPaged"
	// WeavrAccessTokenStatus: POST /access_token answers the session's
	// status (STANDARD, STEPPED_UP).
	WeavrAccessTokenStatus = "accessTokenStatus"
	// WeavrChallengeLimit: the 409 enums of OTP verification hold
	// ONE_CHALLENGE_LIMIT_REMAINING and CHALLENGE_LIMIT_EXCEEDED: the wrong
	// code before the last warns, the last ends the challenge until a new
	// one starts. Without it the last wrong code is
	// VERIFICATION_CODE_INVALID and drops the challenge.
	WeavrChallengeLimit = "challengeLimit"
	// WeavrAlreadyVerified: verifying a stepped-up session's SMS step-up
	// with no challenge pending answers ALREADY_VERIFIED.
	WeavrAlreadyVerified = "alreadyVerified"
	// WeavrFactorStateInvalid: verifying an OTP factor with nothing pending
	// answers STATE_INVALID; without it, VERIFICATION_CODE_INVALID (the
	// enum has no STATE_INVALID) [decided].
	WeavrFactorStateInvalid = "factorStateInvalid"
	// WeavrRetryGap: the step-up challenge's 409 enum holds RETRY_IN_15SEC:
	// a second SMS challenge within the declared gap is refused with it.
	WeavrRetryGap = "retryGap"
)

// Weavr is the record of Weavr Multi: password login, identities, access
// tokens, step-up and logout.
func Weavr() Provider {
	return Provider{
		Name:  WeavrName,
		Title: "Weavr",
		Versions: []Version{
			// 3.63, what Weavr serves today, is the default (contract version 3,
			// rule 5); 3.32, the version of the seed page, stays selectable.
			{Name: "3.63", Spec: "weavr-3.63", Traits: []string{WeavrIdentitiesPaged, WeavrAccessTokenStatus,
				WeavrChallengeLimit, WeavrAlreadyVerified, WeavrFactorStateInvalid, WeavrRetryGap}},
			{Name: "3.32", Spec: "weavr-3.32"},
		},
		ErrorCode:   ErrorCode{Property: "errorCode", PerOperation: true},
		Credentials: []string{"apiKey"},
		Operations: []string{WeavrLoginWithPassword, WeavrUserIdentities, WeavrRequestAccessToken,
			WeavrStepupSCAChallenge, WeavrStepupSCAVerify, WeavrStepupSCAChallengePush, WeavrLogout,
			WeavrPasswordUpdate, WeavrEnrolDeviceUsingOtpStepOne, WeavrEnrolDeviceUsingOtpStepTwo},
	}
}
