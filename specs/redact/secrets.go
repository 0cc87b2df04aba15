package redact

import (
	"cmp"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
)

// minSecret is the shortest value Secrets remembers: masking every "ab" or
// "42" would garble reports while protecting nothing worth protecting.
const minSecret = 4

// Secrets remembers literal secret values (passwords, tokens, OTPs a run has
// used or received) and masks them in any text. The zero value is ready to
// use and it is safe for concurrent use. A nil *Secrets remembers nothing:
// String returns its argument unchanged and Query masks only the named query
// parameters; Add and Learn must not be called on it.
type Secrets struct {
	mu     sync.RWMutex
	values map[string]struct{}
	// public are values that were written in the open (a feature file's
	// wrong code "000000"): never remembered, so that they do not mask
	// every id or phone number that happens to contain them. Where they
	// sit in a secret field, structure still masks them.
	public map[string]struct{}
}

// Public declares values that are written in the open: Add ignores them
// from now on. It does not unmask a value already remembered.
func (s *Secrets) Public(values ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.public == nil {
		s.public = make(map[string]struct{})
	}
	for _, v := range values {
		s.public[v] = struct{}{}
	}
}

// Add remembers values, together with their URL- and JSON-escaped spellings
// (a password with a "+" or a quote appears escaped in a query or a body).
// Values shorter than 4 bytes, blank, or already containing Mask are
// ignored.
func (s *Secrets) Add(values ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.values == nil {
		s.values = make(map[string]struct{})
	}
	for _, v := range values {
		if len(v) < minSecret || strings.TrimSpace(v) == "" || strings.Contains(v, Mask) {
			continue
		}
		if _, open := s.public[v]; open {
			continue
		}
		s.values[v] = struct{}{}
		quoted, _ := json.Marshal(v)
		for _, variant := range []string{url.QueryEscape(v), url.PathEscape(v), string(quoted[1 : len(quoted)-1])} {
			s.values[variant] = struct{}{}
		}
	}
}

// Learn remembers the secret values that Query, Header and JSON (or, for a
// form-encoded body, Form) would mask in rawURL, h and body, so that they are
// also masked where nothing marks them as secret: an error message quoting a
// token, a URL path carrying it. Any argument may be empty.
func (s *Secrets) Learn(rawURL string, h http.Header, body []byte) {
	var found []string
	// Split by hand rather than url.Parse: a malformed URL must still be
	// searched, since it is still printed.
	rest, fragment, _ := strings.Cut(rawURL, "#")
	_, query, _ := strings.Cut(rest, "?")
	found = append(found, formValues(query)...)
	found = append(found, formValues(fragment)...)
	for name, values := range h {
		lower := strings.ToLower(name)
		if !secretHeaders[lower] {
			continue
		}
		for _, v := range values {
			found = append(found, v)
			switch lower {
			case "authorization", "proxy-authorization":
				if _, credentials, ok := strings.Cut(strings.TrimSpace(v), " "); ok {
					found = append(found, strings.TrimSpace(credentials))
				}
			case "cookie", "set-cookie":
				for _, part := range strings.Split(v, ";") {
					if _, value, ok := strings.Cut(part, "="); ok {
						found = append(found, value)
					}
				}
			}
		}
	}
	if json.Valid(body) {
		found = append(found, secretValues(body)...)
	} else {
		found = append(found, formValues(string(body))...)
	}
	s.Add(found...)
}

// Clone returns a new Secrets remembering the same values, to which a caller
// can add without affecting s. Clone of nil returns an empty Secrets.
func (s *Secrets) Clone() *Secrets {
	c := &Secrets{}
	if s == nil {
		return c
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	c.values = make(map[string]struct{}, len(s.values))
	for v := range s.values {
		c.values[v] = struct{}{}
	}
	c.public = make(map[string]struct{}, len(s.public))
	for v := range s.public {
		c.public[v] = struct{}{}
	}
	return c
}

// String returns text with every occurrence of a remembered value replaced
// by Mask. Where occurrences overlap or touch (one secret containing, or
// running into, another) the whole stretch becomes a single Mask, so no
// prefix or suffix of any secret survives, whatever the order they were
// added in. Control characters come out visible (Visible), so that
// nothing a target sent reaches a terminal or a report raw.
func (s *Secrets) String(text string) string {
	text = Visible(text)
	if s == nil || text == "" {
		return text
	}
	s.mu.RLock()
	values := make([]string, 0, len(s.values))
	for v := range s.values {
		values = append(values, v)
	}
	s.mu.RUnlock()
	if len(values) == 0 {
		return text
	}
	// Longest first only to make the work order deterministic; correctness
	// comes from marking spans, not from the order.
	slices.SortFunc(values, func(a, b string) int {
		return cmp.Or(cmp.Compare(len(b), len(a)), strings.Compare(a, b))
	})
	var covered []bool
	for _, v := range values {
		for off := 0; ; {
			j := strings.Index(text[off:], v)
			if j < 0 {
				break
			}
			if covered == nil {
				covered = make([]bool, len(text))
			}
			start := off + j
			for k := start; k < start+len(v); k++ {
				covered[k] = true
			}
			off = start + 1 // overlapping occurrences count too
		}
	}
	if covered == nil {
		return text
	}
	var b strings.Builder
	b.Grow(len(text))
	for i := 0; i < len(text); {
		if !covered[i] {
			b.WriteByte(text[i])
			i++
			continue
		}
		b.WriteString(Mask)
		for i < len(text) && covered[i] {
			i++
		}
	}
	return b.String()
}

// Query returns rawURL with the values of secret query parameters (see
// Form) masked, in the query and in the fragment (where OAuth's implicit
// flow puts tokens), and then every remembered value masked as by String.
// The rest of the URL is kept as written: parameters are not reordered or
// re-escaped, so the URL still reads as the one that was sent.
func (s *Secrets) Query(rawURL string) string {
	rest, fragment, hasFragment := strings.Cut(rawURL, "#")
	path, query, hasQuery := strings.Cut(rest, "?")
	out := path
	if hasQuery {
		out += "?" + Form(query)
	}
	if hasFragment {
		out += "#" + Form(fragment)
	}
	return s.String(out)
}
