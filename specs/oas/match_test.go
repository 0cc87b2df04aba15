package oas

import (
	"errors"
	"maps"
	"os"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/conformhq/conform/specs"
)

// matchSpecs are every spec conform embeds and the legacy test document.
func matchSpecs(t testing.TB) []*Spec {
	t.Helper()
	var out []*Spec
	for _, name := range specs.Names() {
		s, err := Load(name)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	src, err := os.ReadFile("testdata/weavr-legacy.yaml")
	if err != nil {
		t.Fatal(err)
	}
	s, err := Parse("weavr", src)
	if err != nil {
		t.Fatal(err)
	}
	return append(out, s)
}

// matchPaths are paths to route: each template filled in, then bent in
// every way a client might bend it.
func matchPaths(s *Spec) []string {
	out := []string{"", "/", "//", "/nope", "/%2F", "/a%20b", "/identities?x=1", "/identities#f", "/identities%3Fx"}
	for _, path := range s.Doc.Paths.InMatchingOrder() {
		filled := path
		for strings.Contains(filled, "{") {
			i, j := strings.IndexByte(filled, '{'), strings.IndexByte(filled, '}')
			filled = filled[:i] + "SMS" + filled[j+1:]
		}
		out = append(out, filled, filled+"/", "/"+filled, strings.TrimPrefix(filled, "/"),
			filled+"x", filled+"/x", strings.ReplaceAll(filled, "SMS", ""), strings.ReplaceAll(filled, "SMS", "a%2Fb"),
			strings.ReplaceAll(filled, "SMS", "a b"), strings.ReplaceAll(filled, "SMS", ".."), strings.ToUpper(filled),
			strings.ReplaceAll(filled, "/", "//"), filled+"?q=1")
	}
	return out
}

// Match must route every request exactly as kin-openapi's router does:
// the same operation, the same parameters, the same error.
func TestMatchAgreesWithRouter(t *testing.T) {
	methods := []string{"GET", "POST", "PUT", "DELETE", "PATCH", "get", "Post", "BAD METHOD", ""}
	for _, s := range matchSpecs(t) {
		if s.fast.off {
			t.Errorf("%s: the fast matcher is off", s.Name)
		}
		for _, path := range matchPaths(s) {
			for _, m := range methods {
				op, params, err := s.Match(m, path)
				wop, wparams, werr := s.matchRouter(m, path)
				if op != wop || !maps.Equal(params, wparams) || !sameError(err, werr) {
					t.Errorf("%s %s %q: Match = %v %v %v, the router %v %v %v", s.Name, m, path, opName(op), params, err, opName(wop), wparams, werr)
				}
			}
		}
	}
}

func sameError(a, b error) bool {
	if a == nil || b == nil {
		return a == b
	}
	return errors.Is(a, b) || a.Error() == b.Error()
}

func opName(o *Operation) string {
	if o == nil {
		return "<nil>"
	}
	return o.ID
}

// A template the matcher cannot mirror turns it off for the whole spec,
// since the router tries templates in order and one it skipped could come
// first.
func TestMatcherOffForTemplatesItCannotMirror(t *testing.T) {
	cases := []struct {
		name, path string
		off        bool
	}{
		{name: "literal", path: "/a/b"},
		{name: "variable segment", path: "/a/{id}"},
		{name: "variable with a suffix", path: "/a/{id}.json", off: true},
		{name: "variable with a pattern", path: "/a/{id:[0-9]+}", off: true},
		{name: "escaped byte", path: "/a%20b", off: true},
		{name: "two variables in a segment", path: "/a/{x}{y}", off: true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			doc := &openapi3.T{Paths: openapi3.NewPaths(openapi3.WithPath(tc.path, &openapi3.PathItem{Get: &openapi3.Operation{}}))}
			m := newMatcher(doc)
			if m.off != tc.off {
				t.Errorf("off = %v, want %v", m.off, tc.off)
			}
		})
	}
}

func FuzzMatchAgreesWithRouter(f *testing.F) {
	all := matchSpecs(f)
	for _, p := range matchPaths(all[0]) {
		f.Add("GET", p)
	}
	f.Fuzz(func(t *testing.T, method, path string) {
		for _, s := range all {
			op, params, err := s.Match(method, path)
			wop, wparams, werr := s.matchRouter(method, path)
			if op != wop || !maps.Equal(params, wparams) || !sameError(err, werr) {
				t.Errorf("%s %s %q: Match = %v %v %v, the router %v %v %v", s.Name, method, path, opName(op), params, err, opName(wop), wparams, werr)
			}
		}
	})
}
