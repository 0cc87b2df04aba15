package steps

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"

	"github.com/conformhq/conform/specs/redact"
	"github.com/conformhq/conform/steps/config"
)

// TestRegression_RedirectLeaksCredentials: a target answering 307 to
// another host once received the run's api keys, secrets and passwords
// there. No redirect is followed unless the request asks, and none to
// another origin even then: the sink receives nothing.
func TestRegression_RedirectLeaksCredentials(t *testing.T) {
	var sinkHits atomic.Int32
	sink := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sinkHits.Add(1)
		w.WriteHeader(http.StatusOK)
	}))
	defer sink.Close()
	var sameHits atomic.Int32
	var target *httptest.Server
	target = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/weavr/elsewhere":
			http.Redirect(w, r, sink.URL+"/steal", http.StatusTemporaryRedirect)
		case "/weavr/here":
			http.Redirect(w, r, target.URL+"/weavr/landed", http.StatusTemporaryRedirect)
		case "/weavr/landed":
			sameHits.Add(1)
			w.WriteHeader(http.StatusNoContent)
		}
	}))
	defer target.Close()
	tests := []struct {
		name       string
		path       string
		follow     bool
		wantStatus int
		wantSame   int32
	}{
		{"another origin, not asked", "/elsewhere", false, http.StatusTemporaryRedirect, 0},
		{"another origin, asked", "/elsewhere", true, http.StatusTemporaryRedirect, 0},
		{"same origin, not asked", "/here", false, http.StatusTemporaryRedirect, 0},
		{"same origin, asked", "/here", true, http.StatusNoContent, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			sameHits.Store(0)
			env := &Env{
				Target:       &Target{Name: "t", Client: target.Client(), Config: &config.Config{Target: target.URL}},
				Vocabularies: testVocabularies,
				Secrets:      &redact.Secrets{},
			}
			w := newWorld(env)
			w.SetHeader("weavr", "api-key", "secret-api-key-1234")
			w.SetHeader("weavr", "Authorization", "Bearer secret-token-5678")
			if err := w.SendTo(context.Background(), "weavr", Request{Method: http.MethodPost, Path: tc.path, Body: `{"password":"p4ssw0rd"}`, Follow: tc.follow}); err != nil {
				t.Fatal(err)
			}
			last, err := w.Last()
			if err != nil {
				t.Fatal(err)
			}
			if last.Status != tc.wantStatus || sameHits.Load() != tc.wantSame {
				t.Errorf("status %d, same-origin hits %d; want %d, %d", last.Status, sameHits.Load(), tc.wantStatus, tc.wantSame)
			}
			if n := sinkHits.Load(); n != 0 {
				t.Fatalf("the other host received %d requests", n)
			}
		})
	}
}
