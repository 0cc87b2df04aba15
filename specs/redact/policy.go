package redact

import "regexp"

// This file is the secret policy: the one place that decides what is a
// secret. The step layer, the reports and the simulator's log all ask it;
// nothing else keeps a list. Names are matched case-insensitively:
// providers disagree on case ("accessToken", "AccessToken") and recorders do
// not always canonicalise header names, and a miss leaks a credential.

// secretHeaders carry credentials whole (Authorization keeps its scheme).
var secretHeaders = map[string]bool{
	"authorization":       true,
	"proxy-authorization": true,
	"api-key":             true,
	"api-secret":          true,
	"x-api-key":           true,
	"cookie":              true,
	"set-cookie":          true,
}

// secretFields are the JSON fields whose values are secrets, at any depth.
var secretFields = map[string]bool{
	"password":         true,
	"oldpassword":      true,
	"newpassword":      true,
	"token":            true,
	"accesstoken":      true,
	"access_token":     true,
	"refresh_token":    true,
	"otp":              true,
	"verificationcode": true,
	"client_secret":    true,
	"secret":           true,
	"apisecret":        true,
	"api_secret":       true,
	"apikey":           true,
	"api_key":          true,
	"pin":              true,
	// Fiskil's auth session id opens the end user's consent page: whoever
	// holds it may consent in their name.
	"session_id": true,
}

// passwordObjects hold their secret in a "value" field (Weavr's
// {"password": {"value": "..."}}); "value" elsewhere is ordinary data.
var passwordObjects = map[string]bool{
	"password":    true,
	"oldpassword": true,
	"newpassword": true,
}

// secretParams are the query and form parameters whose values are secrets,
// matched after unescaping, so that "Access%5FToken" is caught too. "code"
// is OAuth's authorization code; in JSON bodies "code" is ordinary data
// (Weavr's Error.code, its simulate API's COMPLETED).
var secretParams = map[string]bool{
	"token":         true,
	"otp":           true,
	"code":          true,
	"client_secret": true,
	"api_key":       true,
	"access_token":  true,
	"refresh_token": true,
	"id_token":      true,
	"password":      true,
	"sess_id":       true, // Fiskil's consent page: see session_id
}

// secretSuffix decides for names that conform itself gives (scenario
// variables, config credentials and fixtures): a name is secret when it ends
// in one of these words (authToken, apiKey, clientSecret, newPassword, otp,
// verificationCode), not merely contains one: tokenType and errorCode hold
// nothing secret.
var secretSuffix = regexp.MustCompile(`(?i)(token|password|otp|secret|key|pin|verificationcode)$`)

// IsSecretName reports whether a name that conform gives to a value (a
// scenario variable, a config credential or fixture field) marks a secret.
func IsSecretName(name string) bool { return secretSuffix.MatchString(name) }
