package weavr

import (
	"net/http"
	"testing"
	"time"
)

// held is what the sandbox's Weavr state holds: tokens and queued expiries.
func (e *env) held() (tokens, queued int) {
	e.sb.Lock()
	defer e.sb.Unlock()
	s := stateOf(e.sb)
	return len(s.tokens), s.expiry.Len()
}

func TestTokenExpiryQueue(t *testing.T) {
	const ada, grace, pw = "ada@example.com", "grace@example.com", "Secret-Passw0rd"
	identities := func(e *env, tok string) int {
		return e.do(req{method: http.MethodGet, path: "/identities", key: demoKey, token: tok}).status
	}
	// traffic makes n requests that collect, as other clients would.
	traffic := func(e *env, n int) []string {
		out := make([]string, n)
		for i := range out {
			out[i] = e.login(grace, pw)
		}
		return out
	}
	cases := []struct {
		name string
		run  func(t *testing.T, e *env)
	}{
		{name: "a token in use outlives its first queued expiry", run: func(t *testing.T, e *env) {
			tok := e.login(ada, pw)
			for i := range 4 {
				e.advance(4 * time.Minute)
				traffic(e, 3) // pops tok's stale expiry and requeues it
				if s := identities(e, tok); s != 200 {
					t.Fatalf("use %d after %d minutes: status %d, want 200", i+1, 4*(i+1), s)
				}
			}
			e.advance(5*time.Minute + time.Second)
			traffic(e, 3)
			if e.reg.Lookup(tokenKind, tok) != nil {
				t.Errorf("a token idle past its sliding window is still bound")
			}
			if s := identities(e, tok); s != 401 {
				t.Errorf("status %d after the sliding window, want 401", s)
			}
		}},
		{name: "expired tokens are collected after the clock moves", run: func(t *testing.T, e *env) {
			old := traffic(e, 200)
			if n, q := e.held(); n != 200 || q != 200 {
				t.Fatalf("holds %d tokens, %d queued, want 200 and 200", n, q)
			}
			e.advance(10 * time.Minute)
			fresh := traffic(e, 30) // 30 requests collect up to 240 tokens
			if n, q := e.held(); n != len(fresh) || q != len(fresh) {
				t.Errorf("holds %d tokens, %d queued, want only the %d fresh ones", n, q, len(fresh))
			}
			for _, tok := range old {
				if e.reg.Lookup(tokenKind, tok) != nil {
					t.Fatalf("an expired token is still bound in the registry")
				}
			}
		}},
		{name: "a request collects no more than its share", run: func(t *testing.T, e *env) {
			traffic(e, 100)
			e.advance(10 * time.Minute)
			traffic(e, 1)
			if n, _ := e.held(); n < 100-8 {
				t.Errorf("one request collected %d tokens at once", 101-n)
			}
		}},
		{name: "logout ends every token of the session", run: func(t *testing.T, e *env) {
			auth := e.login(ada, pw)
			id := e.do(req{method: http.MethodGet, path: "/identities", key: demoKey, token: auth}).get("0.id").Raw
			session := []string{auth}
			for range 5 {
				r := e.do(req{path: "/access_token", key: demoKey, token: auth, body: `{"identity":` + id + `}`})
				expect(t, r, 200, "")
				session = append(session, r.get("token").String())
			}
			other := e.login(ada, pw)
			expect(t, e.do(req{path: "/logout", key: demoKey, token: session[3]}), 204, "")
			for i, tok := range session {
				if s := identities(e, tok); s != 401 {
					t.Errorf("token %d of the session: status %d after logout, want 401", i, s)
				}
				if e.reg.Lookup(tokenKind, tok) != nil {
					t.Errorf("token %d of the session is still bound after logout", i)
				}
			}
			if s := identities(e, other); s != 200 {
				t.Errorf("another session's token: status %d, want 200", s)
			}
			e.advance(10 * time.Minute)
			fresh := traffic(e, 2)
			if n, q := e.held(); n != len(fresh) || q != len(fresh) {
				t.Errorf("holds %d tokens, %d queued after expiry, want %d", n, q, len(fresh))
			}
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) { tc.run(t, newEnv(t, "")) })
	}
}
