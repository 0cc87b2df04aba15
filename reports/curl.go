package reports

import (
	"cmp"
	nethttp "net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"unicode"

	"github.com/conformhq/conform/specs/redact"
	"github.com/conformhq/conform/steps"
)

// builtInHost reports whether rawURL points at the built-in simulator:
// its made-up root is under .invalid (RFC 2606), a name no resolver
// answers, so no real target can have it.
func builtInHost(rawURL string) (origin string, ok bool) {
	u, err := url.Parse(rawURL)
	if err != nil || u.Host == "" || !strings.HasSuffix(u.Hostname(), ".invalid") {
		return "", false
	}
	return u.Scheme + "://" + u.Host, true
}

// displayURL is rawURL as a reader should see it: the built-in
// simulator's made-up root said in words, anything else as it is.
func displayURL(rawURL string) string {
	if origin, ok := builtInHost(rawURL); ok {
		return "built-in simulator " + cmp.Or(strings.TrimPrefix(rawURL, origin), "/")
	}
	return rawURL
}

// hole marks where a shell variable replaces a redacted value in the text
// that curlCommand quotes; a NUL byte cannot occur in a recorded URL,
// header or JSON body.
const hole = "\x00"

// TargetVariable is the shell variable a replay of the built-in
// simulator's exchanges starts from: the built-in simulator has no address,
// so the replay goes to a `conform serve` (http://127.0.0.1:8080).
const TargetVariable = "CONFORM_TARGET"

// skippedHeaders are set by curl itself, or depend on the body it sends.
var skippedHeaders = []string{"Content-Length", "Accept-Encoding", "Host", "User-Agent", "Connection"}

// curlCommand returns a shell command that sends e's request again, and
// the shell variables it needs. Every value the redaction masked becomes a
// variable named after what it is ($WEAVR_API_KEY, $TOKEN, $PASSWORD, $OTP):
// the report never held the secret, and a reader who has it sets it once.
// e must be redacted already.
func curlCommand(e *steps.Exchange, provider string) (string, []string) {
	var vars []string
	fill := func(text, name string) string {
		for _, m := range []string{redact.Mask, url.QueryEscape(redact.Mask), "%5BREDACTED%5D"} {
			if strings.Contains(text, m) {
				text = strings.ReplaceAll(text, m, hole+name+hole)
				if !slices.Contains(vars, name) {
					vars = append(vars, name)
				}
			}
		}
		return text
	}

	rawURL := e.URL
	if origin, ok := builtInHost(rawURL); ok {
		rawURL = hole + TargetVariable + hole + strings.TrimPrefix(rawURL, origin)
		vars = append(vars, TargetVariable)
	}
	rawURL = fillNamed(rawURL, queryParam, fill)
	lines := []string{"curl -sS -X " + e.Method + " " + shellQuote(fill(rawURL, "SECRET"))}

	names := make([]string, 0, len(e.RequestHeaders))
	for name := range e.RequestHeaders {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		if slices.Contains(skippedHeaders, nethttp.CanonicalHeaderKey(name)) {
			continue
		}
		for _, v := range e.RequestHeaders[name] {
			lines = append(lines, "-H "+shellQuote(fill(name+": "+v, headerVariable(name, v, cmp.Or(e.Provider, provider)))))
		}
	}
	if e.RequestBody != "" {
		body := fillNamed(e.RequestBody, passwordField, fill)
		body = fillNamed(body, jsonField, fill)
		body = fillNamed(body, queryParam, fill)
		lines = append(lines, "--data-raw "+shellQuote(fill(body, "SECRET")))
	}
	return strings.Join(lines, " \\\n  "), vars
}

// The places a masked value is found in, each with the name it is given
// in its first group.
var (
	queryParam    = regexp.MustCompile(`([A-Za-z0-9_.-]+)=(\[REDACTED\]|%5BREDACTED%5D)`)
	passwordField = regexp.MustCompile(`"([A-Za-z_]*[Pp]assword)"\s*:\s*\{\s*"value"\s*:\s*"(\[REDACTED\])"`)
	jsonField     = regexp.MustCompile(`"([A-Za-z0-9_]+)"\s*:\s*"(\[REDACTED\])"`)
)

// fillNamed replaces, in every match of re, the masked value (the second
// group) with the variable named after the first group.
func fillNamed(text string, re *regexp.Regexp, fill func(text, name string) string) string {
	return re.ReplaceAllStringFunc(text, func(m string) string {
		sub := re.FindStringSubmatchIndex(m)
		name := variableName(m[sub[2]:sub[3]])
		return m[:sub[4]] + fill(m[sub[4]:sub[5]], name) + m[sub[5]:]
	})
}

// headerVariable names the variable of a credential header's value.
func headerVariable(name, value, provider string) string {
	switch strings.ToLower(name) {
	case "authorization", "proxy-authorization":
		if strings.HasPrefix(strings.ToLower(value), "bearer ") {
			return "TOKEN"
		}
		return "CREDENTIALS"
	case "cookie", "set-cookie":
		return "COOKIE"
	}
	if provider != "" {
		return variableName(provider + "_" + name)
	}
	return variableName(name)
}

// variableName turns a field or header name into a shell variable name:
// verificationCode → VERIFICATION_CODE, api-key → API_KEY.
func variableName(name string) string {
	var b strings.Builder
	prev := rune(0)
	for _, r := range name {
		switch {
		case unicode.IsUpper(r) && unicode.IsLower(prev):
			b.WriteByte('_')
			b.WriteRune(r)
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(unicode.ToUpper(r))
		default:
			r = '_'
			b.WriteRune(r)
		}
		prev = r
	}
	out := strings.Trim(b.String(), "_")
	if out == "" || unicode.IsDigit(rune(out[0])) {
		out = "SECRET_" + out
	}
	return out
}

// shellQuote quotes text for a POSIX shell: single quotes around the
// literal parts, "$NAME" for each hole.
func shellQuote(text string) string {
	parts := strings.Split(text, hole)
	var b strings.Builder
	for i, p := range parts {
		if i%2 == 1 {
			b.WriteString(`"$` + p + `"`)
			continue
		}
		if p != "" || len(parts) == 1 {
			b.WriteString("'" + strings.ReplaceAll(p, "'", `'\''`) + "'")
		}
	}
	return b.String()
}
