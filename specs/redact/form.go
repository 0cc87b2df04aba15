package redact

import (
	"net/url"
	"strings"
)

// Form returns an application/x-www-form-urlencoded text (a URL query or a
// form body) with the non-empty values of secret parameters (token, otp,
// code, client_secret, api_key, access_token, refresh_token, id_token,
// password) replaced by Mask. Other parameters, their order and their
// escaping are kept.
func Form(text string) string {
	pairs := strings.Split(text, "&")
	changed := false
	for i, pair := range pairs {
		name, value, found := strings.Cut(pair, "=")
		if found && value != "" && secretParams[paramName(name)] {
			pairs[i] = name + "=" + Mask
			changed = true
		}
	}
	if !changed {
		return text
	}
	return strings.Join(pairs, "&")
}

// formValues returns the non-empty values of the secret parameters in text,
// unescaped, for Learn.
func formValues(text string) []string {
	var values []string
	for pair := range strings.SplitSeq(text, "&") {
		name, value, found := strings.Cut(pair, "=")
		if !found || value == "" || !secretParams[paramName(name)] {
			continue
		}
		values = append(values, value)
		if unescaped, err := url.QueryUnescape(value); err == nil {
			values = append(values, unescaped)
		}
	}
	return values
}

// paramName unescapes and lower-cases a parameter name; a malformed escape
// is kept as written rather than rejected, so it is still compared.
func paramName(name string) string {
	if unescaped, err := url.QueryUnescape(name); err == nil {
		name = unescaped
	}
	return strings.ToLower(name)
}
