package oas_test

import (
	"slices"
	"testing"

	"github.com/conformhq/conform/specs/oas"
)

// TestBodyEnum reads each provider's error-code property the way its fault
// hook needs it: a plain property (Weavr, Fliqa) and one narrowed in an allOf
// branch (goa's name in Fiskil).
func TestBodyEnum(t *testing.T) {
	fliqaSubs := []string{"api_key_secret_header_must_be_provided", "authorization_header_must_be_provided",
		"access_not_allowed", "domain_not_allowed", "access_token_expired", "invalid_access_scope", "not_authorized",
		"phone_or_email_not_registered", "phone_number_start_with_plus_and_country", "phone_number_invalid",
		"email_invalid", "email_or_phone_number_required", "invalid_pin", "could_not_interpret_numbers_after_plus",
		"supplied_string_not_phone_number", "string_supplied_too_short_to_be_phone_number",
		"string_supplied_too_long_to_be_phone_number", "string_supplied_was_too_long_to_parse", "unspecified"}
	tests := []struct {
		name     string
		spec     string
		op       string
		status   int
		property string
		want     []string
	}{
		{"weavr 409 errorCode", "weavr-3.32", "stepupSCAChallenge", 409, "errorCode", []string{"CHANNEL_NOT_SUPPORTED", "CHANNEL_NOT_REGISTERED"}},
		{"weavr 409 of a single code", "weavr-3.32", "userIdentities", 409, "errorCode", []string{"IDENTITY_TYPE_NOT_SUPPORTED"}},
		{"weavr login 409 is a token, no code", "weavr-3.32", "loginWithPassword", 409, "errorCode", nil},
		{"weavr status without a body", "weavr-3.32", "userIdentities", 401, "errorCode", nil},
		{"fliqa errorSubCode", "fliqa", "consentGetOtp", 401, "errorSubCode", fliqaSubs},
		{"fliqa errorCode of the same body", "fliqa", "consentGetOtp", 400, "errorCode",
			[]string{"invalid_parameter", "unauthorized", "forbidden", "not_found", "not_allowed", "bad_request", "other"}},
		{"fiskil goa names in allOf (x-names)", "fiskil", "createToken", 400, "name", []string{"missing_field", "decode_payload", "missing_payload"}},
		{"fiskil 503", "fiskil", "addAuthSession", 503, "name", []string{"service_unavailable"}},
		{"fiskil success body has no name", "fiskil", "addAuthSession", 200, "name", nil},
		{"undocumented status", "fiskil", "createToken", 418, "name", nil},
		{"unknown property", "fliqa", "consentGetOtp", 401, "nope", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			spec, err := oas.Load(tt.spec)
			if err != nil {
				t.Fatal(err)
			}
			op, ok := spec.Operation(tt.op)
			if !ok {
				t.Fatalf("no operation %s in %s", tt.op, tt.spec)
			}
			if got := op.BodyEnum(tt.status, tt.property); !slices.Equal(got, tt.want) {
				t.Errorf("BodyEnum = %v, want %v", got, tt.want)
			}
		})
	}
}
