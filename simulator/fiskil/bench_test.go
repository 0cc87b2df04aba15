package fiskil

import (
	"bytes"
	"fmt"
	"net/http"
	"slices"
	"testing"

	"github.com/conformhq/conform/simulator/core"
	"github.com/conformhq/conform/simulator/simtest"
)

// benchEnv is a sandbox holding n live tokens, and the provider's handler
// without response validation.
type benchEnv struct {
	sb  *core.Sandbox
	h   http.Handler
	tok string // a live token with api:user.write
}

// newBenchEnv preloads the tokens through the state, not HTTP, so that a
// million take seconds.
func newBenchEnv(b *testing.B, n int) *benchEnv {
	b.Helper()
	p, err := New()
	if err != nil {
		b.Fatal(err)
	}
	reg := core.NewRegistry(1, nil)
	sb, err := reg.Create("")
	if err != nil {
		b.Fatal(err)
	}
	sb.Lock()
	defer sb.Unlock()
	sb.Clock = core.NewFrozenClock(t0)  // no token expires while it runs
	sb.Limiter.Limit = core.RateLimit{} // none: the benchmark is the load
	if _, err := p.Fixtures(sb, DefaultFixtures); err != nil {
		b.Fatal(err)
	}
	st, now := stateOf(sb), sb.Clock.Now()
	cl := st.clients["fiskil-demo-client"]
	var last *token
	for range n {
		last = &token{value: sb.Token(kindToken, "tok_", 27), clientID: cl.id, scopes: slices.Clone(cl.scopes), expires: now.Add(tokenTTL)}
		st.tokens[last.value] = last
		st.tokenExpiry.Add(last.expires, last)
	}
	return &benchEnv{sb: sb, h: p.Serve(reg, nil), tok: last.value}
}

// forget drops the sessions a benchmark created, so that the sandbox stays
// at its size; it runs with the timer stopped, once per batch.
func (e *benchEnv) forget(ids []string) {
	e.sb.Lock()
	defer e.sb.Unlock()
	st := stateOf(e.sb)
	for _, id := range ids {
		delete(st.sessions, id)
		e.sb.Unbind(kindSession, id)
	}
}

func BenchmarkFiskilAuthSession(b *testing.B) {
	for _, n := range []int{1_000, 100_000, 1_000_000} {
		e := newBenchEnv(b, n)
		rp := simtest.NewReplay(http.MethodPost, "/v1/auth/session", `{"end_user_id":"eu_demo"}`,
			map[string]string{"Authorization": "Bearer " + e.tok})
		b.Run(fmt.Sprintf("live=%d", n), func(b *testing.B) {
			const batch = 1024
			var sink simtest.Sink
			made := make([]string, 0, batch)
			b.ReportAllocs()
			for range b.N {
				rp.Serve(e.h, &sink)
				if sink.Code != http.StatusOK {
					b.Fatalf("status %d: %s", sink.Code, sink.Body.Bytes())
				}
				made = append(made, idOf(sink.Body.Bytes()))
				if len(made) == batch {
					b.StopTimer()
					e.forget(made)
					made = made[:0]
					b.StartTimer()
				}
			}
			b.StopTimer()
			e.forget(made)
		})
	}
}

// idOf finds the "id" member of a session response without decoding it all.
func idOf(body []byte) string {
	const key = `"id":"`
	i := bytes.Index(body, []byte(key))
	if i < 0 {
		return ""
	}
	rest := body[i+len(key):]
	return string(rest[:bytes.IndexByte(rest, '"')])
}
