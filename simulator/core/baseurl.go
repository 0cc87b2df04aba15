package core

import (
	"context"
	"net/http"
	"strings"
)

type baseKey struct{}

// Mount serves h under prefix ("/fiskil"), stripping it from the path and
// remembering it so that BaseURL can build absolute links back to the
// provider (Fiskil's auth_url). It strips as http.StripPrefix does (404 for
// a path outside the prefix), but copies the request once, not twice.
func Mount(prefix string, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := strings.TrimPrefix(r.URL.Path, prefix)
		rp := strings.TrimPrefix(r.URL.RawPath, prefix)
		if len(p) == len(r.URL.Path) || (r.URL.RawPath != "" && len(rp) == len(r.URL.RawPath)) {
			http.NotFound(w, r)
			return
		}
		r2 := r.WithContext(context.WithValue(r.Context(), baseKey{}, prefix))
		u := *r.URL
		u.Path, u.RawPath = p, rp
		r2.URL = &u
		h.ServeHTTP(w, r2)
	})
}

// BaseURL is the absolute URL of the provider's root as the client sees it,
// honouring X-Forwarded-Proto and X-Forwarded-Host so that links work behind
// a proxy.
func BaseURL(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	if p := r.Header.Get("X-Forwarded-Proto"); p == "http" || p == "https" {
		scheme = p
	}
	host := r.Host
	if h := r.Header.Get("X-Forwarded-Host"); h != "" {
		host = strings.TrimSpace(strings.Split(h, ",")[0])
	}
	if host == "" {
		host = "localhost"
	}
	prefix, _ := r.Context().Value(baseKey{}).(string)
	return scheme + "://" + host + prefix
}
