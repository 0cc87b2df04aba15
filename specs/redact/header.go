package redact

import (
	"net/http"
	"strings"
)

// Header returns a copy of h with the values of credential headers
// (Authorization, Proxy-Authorization, Api-Key, Api-Secret, X-Api-Key,
// Cookie, Set-Cookie) masked, whatever the case of their names. The scheme of
// an authorization ("Bearer [REDACTED]") and the names of cookies are kept:
// they say what was sent without revealing it. A nil h yields nil.
func Header(h http.Header) http.Header {
	if h == nil {
		return nil
	}
	out := make(http.Header, len(h))
	for name, values := range h {
		masked := make([]string, len(values))
		for i, v := range values {
			masked[i] = headerValue(name, v)
		}
		out[name] = masked
	}
	return out
}

// headerValue masks v if name is a credential header.
func headerValue(name, v string) string {
	switch lower := strings.ToLower(name); {
	case !secretHeaders[lower]:
		return v
	case lower == "authorization" || lower == "proxy-authorization":
		return authorization(v)
	case lower == "cookie":
		return cookies(v, false)
	case lower == "set-cookie":
		return cookies(v, true)
	default:
		return Mask
	}
}

// authorization keeps the scheme of "<scheme> <credentials>" and masks the
// rest; a value without a recognisable scheme is masked whole.
func authorization(v string) string {
	scheme, _, found := strings.Cut(strings.TrimSpace(v), " ")
	if !found || !isToken(scheme) {
		return Mask
	}
	return scheme + " " + Mask
}

// cookies masks the value of every name=value pair of a Cookie header, or
// only of the first pair of a Set-Cookie header, whose further pairs are
// attributes (Path, Max-Age, ...) and carry no secret.
func cookies(v string, setCookie bool) string {
	parts := strings.Split(v, ";")
	for i, part := range parts {
		if setCookie && i > 0 {
			break
		}
		name, _, found := strings.Cut(part, "=")
		if !found || !isToken(strings.TrimSpace(name)) {
			parts[i] = " " + Mask
			if i == 0 {
				parts[i] = Mask
			}
			continue
		}
		parts[i] = name + "=" + Mask
	}
	return strings.Join(parts, ";")
}

// isToken reports whether s is a non-empty HTTP token of letters, digits and
// the few punctuation marks scheme and cookie names use.
func isToken(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		switch {
		case 'a' <= r && r <= 'z', 'A' <= r && r <= 'Z', '0' <= r && r <= '9':
		case strings.ContainsRune("!#$%&'*+-.^_`|~", r):
		default:
			return false
		}
	}
	return true
}
