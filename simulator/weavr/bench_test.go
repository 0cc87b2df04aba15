package weavr

import (
	"bytes"
	"fmt"
	"net/http"
	"runtime"
	"testing"

	"github.com/conformhq/conform/simulator/core"
	"github.com/conformhq/conform/simulator/simtest"
)

// benchSizes are the numbers of live tokens a benchmark's sandbox holds.
func benchSizes() []int { return []int{1_000, 100_000, 1_000_000} }

// benchEnv is a sandbox holding n live tokens, each of its own session,
// and the provider's handler without response validation.
type benchEnv struct {
	sb   *core.Sandbox
	h    http.Handler
	tok  string  // a live AUTH token of ada's
	id   string  // ada's first identity, as JSON
	heap float64 // MiB live after the preload, to keep its memory in view
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
	// Frozen, so that no token expires while the benchmark runs.
	sb.Clock = core.NewFrozenClock(start)
	sb.Limiter.Limit = core.RateLimit{} // none: the benchmark is the load
	if _, err := p.Fixtures(sb, DefaultFixtures); err != nil {
		b.Fatal(err)
	}
	s, now := stateOf(sb), sb.Clock.Now()
	u := s.programmes[demoKey].user("ada@example.com")
	var last *token
	for range n {
		last = s.issue(sb, newSession(demoKey, u), authToken, u.identities[0].ID, now)
	}
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return &benchEnv{sb: sb, h: p.Serve(reg, nil), tok: last.value, heap: float64(ms.HeapAlloc) / (1 << 20),
		id: `{"type":"` + u.identities[0].ID.Type + `","id":"` + u.identities[0].ID.ID + `"}`}
}

// revoke forgets the tokens a benchmark issued, so that the sandbox stays
// at its size; it runs with the timer stopped, once per batch.
func (e *benchEnv) revoke(values []string) {
	e.sb.Lock()
	defer e.sb.Unlock()
	s := stateOf(e.sb)
	for _, v := range values {
		if t := s.tokens[v]; t != nil {
			s.revoke(e.sb, t)
		}
	}
}

// tokenOf finds the "token" member of a response without decoding it all.
func tokenOf(body []byte) string {
	const key = `"token":"`
	i := bytes.Index(body, []byte(key))
	if i < 0 {
		return ""
	}
	rest := body[i+len(key):]
	return string(rest[:bytes.IndexByte(rest, '"')])
}

// runIssuing sends rp b.N times; each answer issues a token, which is
// revoked in batches outside the timer.
func runIssuing(b *testing.B, e *benchEnv, rp *simtest.Replay) {
	const batch = 1024
	var sink simtest.Sink
	issued := make([]string, 0, batch)
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		rp.Serve(e.h, &sink)
		if sink.Code != http.StatusOK {
			b.Fatalf("status %d: %s", sink.Code, sink.Body.Bytes())
		}
		issued = append(issued, tokenOf(sink.Body.Bytes()))
		if len(issued) == batch {
			b.StopTimer()
			e.revoke(issued)
			issued = issued[:0]
			b.StartTimer()
		}
	}
	b.StopTimer()
	e.revoke(issued)
	b.ReportMetric(e.heap, "heap-MiB")
}

func BenchmarkWeavrLogin(b *testing.B) {
	for _, n := range benchSizes() {
		e := newBenchEnv(b, n)
		rp := simtest.NewReplay(http.MethodPost, "/login_with_password", loginBody("grace@example.com", "Secret-Passw0rd"),
			map[string]string{"api-key": demoKey})
		b.Run(fmt.Sprintf("live=%d", n), func(b *testing.B) { runIssuing(b, e, rp) })
	}
}

func BenchmarkWeavrAccessToken(b *testing.B) {
	for _, n := range benchSizes() {
		e := newBenchEnv(b, n)
		rp := simtest.NewReplay(http.MethodPost, "/access_token", `{"identity":`+e.id+`}`,
			map[string]string{"api-key": demoKey, "Authorization": "Bearer " + e.tok})
		b.Run(fmt.Sprintf("live=%d", n), func(b *testing.B) { runIssuing(b, e, rp) })
	}
}

func BenchmarkWeavrIdentities(b *testing.B) {
	for _, n := range benchSizes() {
		e := newBenchEnv(b, n)
		rp := simtest.NewReplay(http.MethodGet, "/identities", "",
			map[string]string{"api-key": demoKey, "Authorization": "Bearer " + e.tok})
		b.Run(fmt.Sprintf("live=%d", n), func(b *testing.B) {
			var sink simtest.Sink
			b.ReportAllocs()
			for range b.N {
				rp.Serve(e.h, &sink)
				if sink.Code != http.StatusOK {
					b.Fatalf("status %d: %s", sink.Code, sink.Body.Bytes())
				}
			}
			b.ReportMetric(e.heap, "heap-MiB")
		})
	}
}
