package core

import (
	"context"
	"net/http"
	"strings"
)

type baseKey struct{}

// Mount serves h under prefix ("/fiskil"), stripping it from the path and
// remembering it so that BaseURL can build absolute links back to the
// provider (Fiskil's auth_url).
func Mount(prefix string, h http.Handler) http.Handler {
	strip := http.StripPrefix(prefix, h)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		strip.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), baseKey{}, prefix)))
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
