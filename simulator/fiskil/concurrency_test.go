package fiskil

import (
	"net/http"
	"net/url"
	"sync"
	"testing"
)

// TestAuthSessionSingleUseUnderConcurrency: decisions posted to one auth
// session at once are decided exactly once; every other one hears that the
// session was already used, and at most one consent exists.
func TestAuthSessionSingleUseUnderConcurrency(t *testing.T) {
	cases := []struct {
		name      string
		decisions []string // posted at once, one goroutine each
		// wantSuccess is how many redirects to redirect_uri (a consent).
		wantSuccess int
	}{
		{name: "20 approvals at once make one consent", decisions: repeat("approve", 20), wantSuccess: 1},
		{name: "20 denials at once: one denial", decisions: repeat("deny", 20)},
		{name: "approvals and denials at once: one decision", decisions: append(repeat("approve", 10), repeat("deny", 10)...), wantSuccess: -1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, string(DefaultFixtures), nil)
			s := e.session(uris)
			authURL := s["auth_url"].(string)
			type answer struct {
				status int
				loc    *url.URL
			}
			answers := make([]answer, len(tc.decisions))
			var wg sync.WaitGroup
			for i, d := range tc.decisions {
				wg.Add(1)
				go func() {
					defer wg.Done()
					r := e.visit(http.MethodPost, authURL, d)
					a := answer{status: r.status}
					a.loc, _ = url.Parse(r.header.Get("Location"))
					answers[i] = a
				}()
			}
			wg.Wait()
			success, decided, used := 0, 0, 0
			for _, a := range answers {
				switch {
				case a.status != http.StatusFound || a.loc == nil:
					t.Errorf("status %d, want 302", a.status)
				case a.loc.Path == "/success" && a.loc.Query().Get("consent_id") != "":
					success++
					decided++
				case a.loc.Query().Get("error_type") == errInvalid:
					used++
				default:
					decided++
				}
			}
			if decided != 1 || used != len(tc.decisions)-1 {
				t.Errorf("%d decided, %d told the session was used; want 1 and %d", decided, used, len(tc.decisions)-1)
			}
			if tc.wantSuccess >= 0 && success != tc.wantSuccess {
				t.Errorf("%d consents granted, want %d", success, tc.wantSuccess)
			}
		})
	}
}

func repeat(s string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = s
	}
	return out
}
