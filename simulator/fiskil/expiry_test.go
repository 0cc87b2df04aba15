package fiskil

import (
	"net/http"
	"testing"
	"time"
)

// held is what the sandbox's Fiskil state holds: tokens and auth sessions.
func (e *env) held() (tokens, sessions int) {
	e.sb.Lock()
	defer e.sb.Unlock()
	s := stateOf(e.sb)
	return len(s.tokens), len(s.sessions)
}

func TestExpiryCollects(t *testing.T) {
	cases := []struct {
		name     string
		advance  time.Duration // after 20 sessions, each with its own token
		tokens   int           // held after 10 more token requests
		sessions int
		visit    int // status of a visit to the first session's page
	}{
		{name: "live tokens and sessions are kept", advance: time.Minute, tokens: 30, sessions: 20, visit: http.StatusOK},
		{name: "expired tokens are collected", advance: 16 * time.Minute, tokens: 10, sessions: 20, visit: http.StatusOK},
		{name: "an expired session is remembered for a day", advance: sessionTTL + 23*time.Hour, tokens: 10, sessions: 20, visit: http.StatusGone},
		{name: "then forgotten", advance: sessionTTL + 25*time.Hour, tokens: 10, sessions: 0, visit: http.StatusNotFound},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, string(DefaultFixtures), nil)
			var first string
			for i := range 20 {
				id := e.session("")["session_id"].(string)
				if i == 0 {
					first = id
				}
			}
			e.advance(tc.advance)
			for range 10 {
				e.token("fiskil-demo-client", "fiskil-demo-secret")
			}
			if n, s := e.held(); n != tc.tokens || s != tc.sessions {
				t.Errorf("holds %d tokens and %d sessions, want %d and %d", n, s, tc.tokens, tc.sessions)
			}
			if r := e.do(http.MethodGet, linkPath+"?sess_id="+first, nil, ""); r.status != tc.visit {
				t.Errorf("visit: status %d, want %d", r.status, tc.visit)
			}
		})
	}
}
