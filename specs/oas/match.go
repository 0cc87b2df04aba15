package oas

import (
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// matcher routes a path the way kin-openapi's gorillamux router does, by
// comparing path segments instead of building an *http.Request and running
// one regular expression per path: routing was a quarter of a simulated
// request's cost. It answers only what it can answer exactly as the router
// would; everything else (a path with a byte that URL parsing would escape
// or split off, a method that is not a plain token, a spec whose templates
// mix literals and variables within a segment) goes to the router itself.
type matcher struct {
	// literal holds the paths without variables, by path: the common case,
	// found with one map lookup when no template before it matches too.
	literal map[string]*matchRoute
	// ordered are every template in the router's matching order.
	ordered []*matchRoute
	// off disables the matcher for a spec it cannot mirror exactly.
	off bool
}

// matchRoute is one path template split at its slashes.
type matchRoute struct {
	item     *openapi3.PathItem
	segments []string // literal segments; "" stands for a variable where vars names one
	vars     []string // variable names by segment index; "" for a literal segment
	nvars    int
}

// newMatcher mirrors the templates of doc in the order gorillamux tries
// them (Paths.InMatchingOrder).
func newMatcher(doc *openapi3.T) *matcher {
	m := &matcher{literal: map[string]*matchRoute{}}
	shadowed := false // a template with variables came first: literals are no longer safe to look up
	for _, path := range doc.Paths.InMatchingOrder() {
		r, ok := splitTemplate(path, doc.Paths.Value(path))
		if !ok {
			return &matcher{off: true}
		}
		if r.nvars == 0 && !shadowed {
			if _, dup := m.literal[path]; !dup {
				m.literal[path] = r
			}
		}
		if r.nvars > 0 {
			shadowed = true
		}
		m.ordered = append(m.ordered, r)
	}
	return m
}

// splitTemplate splits a template whose every segment is either literal
// (of bytes that need no escaping) or exactly one `{name}` variable; it
// reports false for any other template.
func splitTemplate(path string, item *openapi3.PathItem) (*matchRoute, bool) {
	if !strings.HasPrefix(path, "/") {
		return nil, false
	}
	segs := strings.Split(path, "/")
	r := &matchRoute{item: item, segments: segs, vars: make([]string, len(segs))}
	for i, s := range segs {
		if !strings.ContainsAny(s, "{}") {
			if !plainPath(s) {
				return nil, false
			}
			continue
		}
		if len(s) < 3 || s[0] != '{' || s[len(s)-1] != '}' {
			return nil, false
		}
		name := s[1 : len(s)-1]
		if strings.ContainsAny(name, "{}:") {
			return nil, false
		}
		r.vars[i], r.segments[i] = name, ""
		r.nvars++
	}
	return r, true
}

// plainPath reports whether every byte of p is one URL parsing keeps as it
// is in a path (unreserved characters and slashes): for such a path the
// escaped path gorillamux matches against is the path itself.
func plainPath(p string) bool {
	for i := 0; i < len(p); i++ {
		if !plainByte(p[i]) {
			return false
		}
	}
	return true
}

func plainByte(c byte) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	}
	switch c {
	case '-', '.', '_', '~', '/':
		return true
	}
	return false
}

// plainMethod reports whether a method is letters only: any other goes to
// http.NewRequest, which judges what a valid method is.
func plainMethod(m string) bool {
	if m == "" {
		return false
	}
	for i := 0; i < len(m); i++ {
		if c := m[i]; !('A' <= c && c <= 'Z' || 'a' <= c && c <= 'z') {
			return false
		}
	}
	return true
}

// find routes method and path (with its leading slash) as gorillamux
// would: the path item of the first template that matches (nil for none)
// and its variables. handled is false when the matcher cannot answer for
// this request and the router must.
func (m *matcher) find(method, path string) (item *openapi3.PathItem, params map[string]string, handled bool) {
	if m.off || !plainMethod(method) || !plainPath(path) {
		return nil, nil, false
	}
	if r := m.literal[path]; r != nil {
		return r.item, nil, true
	}
	n := strings.Count(path, "/") + 1
	for _, r := range m.ordered {
		if len(r.segments) != n {
			continue
		}
		if params, ok := r.match(path); ok {
			return r.item, params, true
		}
	}
	return nil, nil, true
}

// match compares path segment by segment: a literal segment must be equal,
// a variable one non-empty (gorilla's `[^/]+`).
func (r *matchRoute) match(path string) (map[string]string, bool) {
	rest := path
	var params map[string]string
	for i := range r.segments {
		seg := rest
		if j := strings.IndexByte(rest, '/'); j >= 0 {
			seg, rest = rest[:j], rest[j+1:]
		} else {
			rest = ""
		}
		if r.vars[i] == "" {
			if seg != r.segments[i] {
				return nil, false
			}
			continue
		}
		if seg == "" {
			return nil, false
		}
		if params == nil {
			params = make(map[string]string, r.nvars)
		}
		params[r.vars[i]] = seg
	}
	return params, true
}
