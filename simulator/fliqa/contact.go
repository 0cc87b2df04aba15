package fliqa

import (
	"errors"
	"net/mail"
	"strings"

	"github.com/nyaruka/phonenumbers"
)

// parseMSISDN checks a phone number the way Fliqa does, with libphonenumber,
// and returns it in E.164 or the errorSubCode naming why it is refused.
func parseMSISDN(s string) (e164, sub string) {
	s = strings.TrimSpace(s)
	if !strings.HasPrefix(s, "+") {
		return "", "phone_number_start_with_plus_and_country"
	}
	// The Go port answers ErrNumTooLong both for an over-long input and for
	// an over-long national number; libphonenumber tells them apart, so the
	// input cap is checked here first.
	if len(s) > phonenumbers.MAX_INPUT_STRING_LENGTH {
		return "", "string_supplied_was_too_long_to_parse"
	}
	// "ZZ" (no region): only the number's own country code may place it.
	n, err := phonenumbers.Parse(s, "ZZ")
	switch {
	case errors.Is(err, phonenumbers.ErrInvalidCountryCode):
		return "", "could_not_interpret_numbers_after_plus"
	case errors.Is(err, phonenumbers.ErrNotANumber):
		return "", "supplied_string_not_phone_number"
	case errors.Is(err, phonenumbers.ErrTooShortNSN), errors.Is(err, phonenumbers.ErrTooShortAfterIDD):
		return "", "string_supplied_too_short_to_be_phone_number"
	case errors.Is(err, phonenumbers.ErrNumTooLong):
		return "", "string_supplied_too_long_to_be_phone_number"
	case err != nil:
		return "", "supplied_string_not_phone_number"
	}
	if !phonenumbers.IsValidNumber(n) {
		return "", "phone_number_invalid"
	}
	return phonenumbers.Format(n, phonenumbers.E164), ""
}

// parseEmail accepts a bare address (no display name, no angle brackets)
// whose domain has a dot, and returns it lower-cased, the form owners are
// compared in.
func parseEmail(s string) (string, bool) {
	s = strings.TrimSpace(s)
	a, err := mail.ParseAddress(s)
	if err != nil || a.Name != "" || a.Address != s {
		return "", false
	}
	at := strings.LastIndexByte(s, '@')
	domain := s[at+1:]
	if at <= 0 || !strings.Contains(domain, ".") || strings.HasPrefix(domain, ".") ||
		strings.HasSuffix(domain, ".") || strings.Contains(domain, "..") || strings.HasPrefix(domain, "[") {
		return "", false
	}
	return strings.ToLower(s), true
}
