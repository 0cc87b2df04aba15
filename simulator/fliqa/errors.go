package fliqa

import (
	crand "crypto/rand"
	"encoding/hex"
	"net/http"

	"github.com/conformhq/conform/simulator/core"
)

// Error is Fliqa's error body, the same for every status.
type Error struct {
	ErrorMessage     string `json:"errorMessage"`
	ErrorCode        string `json:"errorCode"`
	ErrorSubCode     string `json:"errorSubCode,omitempty"`
	DocumentationURL string `json:"documentationUrl"`
	RequestID        string `json:"requestId"`
	ResourceID       string `json:"resourceId,omitempty"`
}

// errorCode is the errorCode each status answers with; Fliqa documents
// only these four, anything else a fault asks for is "other".
func errorCode(status int) string {
	switch status {
	case http.StatusBadRequest:
		return "invalid_parameter"
	case http.StatusUnauthorized:
		return "unauthorized"
	case http.StatusForbidden:
		return "forbidden"
	case http.StatusNotFound:
		return "not_found"
	}
	return "other"
}

// subMessage gives each errorSubCode its human message, so that faults
// naming a subcode read like the real answer.
func subMessage(sub string) string {
	switch sub {
	case "api_key_secret_header_must_be_provided":
		return "Api-Key and Api-Secret headers must be provided"
	case "authorization_header_must_be_provided":
		return "Authorization header must be provided"
	case "access_not_allowed":
		return "Access not allowed"
	case "domain_not_allowed":
		return "Domain not allowed"
	case "access_token_expired":
		return "Access token expired"
	case "invalid_access_scope":
		return "Invalid access scope"
	case "not_authorized":
		return "Not authorized"
	case "phone_or_email_not_registered":
		return "Phone or email not registered"
	case "phone_number_start_with_plus_and_country":
		return "Phone number must start with + and country code"
	case "phone_number_invalid":
		return "Phone number is invalid"
	case "email_invalid":
		return "Email is invalid"
	case "email_or_phone_number_required":
		return "Email or phone number is required"
	case "invalid_pin":
		return "Invalid pin"
	case "could_not_interpret_numbers_after_plus":
		return "Could not interpret numbers after plus sign"
	case "supplied_string_not_phone_number":
		return "The supplied string is not a phone number"
	case "string_supplied_too_short_to_be_phone_number":
		return "The string supplied is too short to be a phone number"
	case "string_supplied_too_long_to_be_phone_number":
		return "The string supplied is too long to be a phone number"
	case "string_supplied_was_too_long_to_parse":
		return "The string supplied was too long to parse"
	case "unspecified":
		return "Unspecified error"
	}
	return ""
}

// missingProvider is the exact message of createConsent's 400.
const missingProvider = "Missing consent 'provider'!"

const docsBase = "https://documentation.fliqa.io/api/errors/"

// fail answers status with Fliqa's error body. msg may be empty to use the
// subcode's message.
func fail(c *core.Call, status int, sub, msg, resource string) {
	code := errorCode(status)
	if msg == "" {
		msg = subMessage(sub)
	}
	if msg == "" {
		msg = http.StatusText(status)
	}
	c.JSON(status, Error{
		ErrorMessage:     msg,
		ErrorCode:        code,
		ErrorSubCode:     sub,
		DocumentationURL: docsBase + code,
		RequestID:        requestID(c),
		ResourceID:       resource,
	})
}

// requestID draws from the sandbox's seeded ids so that a seeded simulator
// is reproducible; without a sandbox there is nothing to seed from, and the
// system's randomness keeps ids unique without shared mutable state.
func requestID(c *core.Call) string {
	if c.Sandbox != nil {
		return c.Sandbox.IDs.Hex(32)
	}
	var b [16]byte
	_, _ = crand.Read(b[:])
	return hex.EncodeToString(b[:])
}
