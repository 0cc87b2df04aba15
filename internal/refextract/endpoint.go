package refextract

import (
	"regexp"
	"strings"
)

// Endpoint is an operation named by method and path template, the way two
// documents that name operations differently can agree on it.
type Endpoint struct {
	Method string // upper case: POST
	Path   string // relative to the API's base URL: /stepup/challenges/otp/{channel}
}

// String renders the endpoint as "POST /logout".
func (e Endpoint) String() string { return e.Method + " " + e.Path }

// WeavrEndpoints are the operations of specs/weavr*.yaml, the ones conform
// covers, relative to the Multi API's base URL (…/multi).
func WeavrEndpoints() []Endpoint {
	return []Endpoint{
		{"POST", "/login_with_password"},
		{"GET", "/identities"},
		{"POST", "/access_token"},
		{"POST", "/stepup/challenges/otp/{channel}"},
		{"POST", "/stepup/challenges/otp/{channel}/verify"},
		{"POST", "/stepup/challenges/push/{channel}"},
		{"POST", "/logout"},
		{"POST", "/passwords/update"},
		{"POST", "/authentication_factors/otp/{channel}"},
		{"POST", "/authentication_factors/otp/{channel}/verify"},
	}
}

var templateParam = regexp.MustCompile(`\{[^}/]*\}`)

// samePath reports whether two path templates route the same requests:
// parameter names do not matter.
func samePath(a, b string) bool {
	norm := func(p string) string { return templateParam.ReplaceAllString(strings.TrimSuffix(p, "/"), "{}") }
	return norm(a) == norm(b)
}
