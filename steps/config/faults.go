package config

import (
	"fmt"
	"maps"
	"slices"
	"strings"
)

// FaultHook is a deployment's own endpoint that arms a fault, for a target
// without conform's control API: the harness POSTs it the JSON the control
// API's addFault takes ({provider, operation, status, times, code}), and
// the deployment, answering 2xx, makes the next `times` calls of the
// provider's operation answer `status` (the capability faults).
type FaultHook struct {
	// URL receives the POST.
	URL string `yaml:"url"`
	// Headers are sent with every call (an Authorization, an api key);
	// write their values as ${NAME}: they are secrets, masked in every
	// record.
	Headers map[string]string `yaml:"headers"`
}

// check refuses a hook without an http(s) URL or with a header name HTTP
// would not carry. Its errors start with the key below faults.
func (h *FaultHook) check() error {
	if h.URL == "" {
		return fmt.Errorf(".url: required (the deployment's endpoint that arms a fault)")
	}
	if err := CheckURL(h.URL); err != nil {
		return fmt.Errorf(".url: %w", err)
	}
	for _, k := range slices.Sorted(maps.Keys(h.Headers)) {
		if !validHeaderName(k) {
			return fmt.Errorf(".headers: %q is not a header name", k)
		}
	}
	return nil
}

// validHeaderName: a token of RFC 9110 (letters, digits and
// !#$%&'*+-.^_`|~), which net/http would otherwise refuse on every call.
func validHeaderName(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		ok := r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("!#$%&'*+-.^_`|~", r)
		if !ok {
			return false
		}
	}
	return true
}
