package runner

import (
	"context"
	"github.com/conformhq/conform/internal/load"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"sync/atomic"
	"testing"
	"time"

	"github.com/conformhq/conform/internal/provider/all"
	"github.com/conformhq/conform/reports"
	"github.com/conformhq/conform/simulator"
	"github.com/conformhq/conform/steps"
	"github.com/conformhq/conform/steps/config"
)

// slowProxy stands for the network between the harness and a vendor's
// deployment: it forwards every request to a `conform serve` after delay,
// and counts what passes.
type slowProxy struct {
	delay             time.Duration
	next              *httputil.ReverseProxy
	requests, limited atomic.Int64
}

func (p *slowProxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p.requests.Add(1)
	select {
	case <-time.After(p.delay):
	case <-r.Context().Done():
		return
	}
	rec := &statusWriter{ResponseWriter: w}
	p.next.ServeHTTP(rec, r)
	if rec.status == http.StatusTooManyRequests {
		p.limited.Add(1)
	}
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (s *statusWriter) WriteHeader(code int) {
	s.status = code
	s.ResponseWriter.WriteHeader(code)
}

// newSlowProxy serves a simulator (as `conform serve` does, with its
// default sandbox) behind a proxy adding delay to every request; the
// servers close with the test.
func newSlowProxy(tb testing.TB, delay time.Duration) (*slowProxy, string) {
	tb.Helper()
	sim, err := simulator.New(simulator.Options{Providers: all.Providers().Simulators()})
	if err != nil {
		tb.Fatal(err)
	}
	backend := httptest.NewServer(sim)
	tb.Cleanup(backend.Close)
	u, err := url.Parse(backend.URL)
	if err != nil {
		tb.Fatal(err)
	}
	rp := httputil.NewSingleHostReverseProxy(u)
	rp.Transport = &http.Transport{MaxIdleConnsPerHost: 256}
	p := &slowProxy{delay: delay, next: rp}
	front := httptest.NewServer(p)
	tb.Cleanup(front.Close)
	return p, front.URL
}

// BenchmarkSuiteThroughSlowProxy runs the whole suite (every provider at
// its default version) against a simulator 50 ms away, at the default
// concurrency, as `conform run --target URL` would: the time a run takes
// against a vendor's deployment is the round trips its scenarios wait for,
// not the work either side does.
func BenchmarkSuiteThroughSlowProxy(b *testing.B) {
	proxy, url := newSlowProxy(b, 50*time.Millisecond)
	target, err := Remote(context.Background(), &config.Config{Target: url, Control: "auto"}, 10*time.Second)
	if err != nil {
		b.Fatal(err)
	}
	env, err := NewEnv(target, all.Providers(), EnvChoice{})
	if err != nil {
		b.Fatal(err)
	}
	runThroughProxy(b, proxy, env, 0)
}

// runThroughProxy runs the suite at a concurrency (0: the default) until
// the benchmark has its measure; any failed or errored scenario fails it,
// a 429 among them included.
func runThroughProxy(b *testing.B, proxy *slowProxy, env *steps.Env, concurrency int) {
	var scenarios int
	var requests, limited int64
	cpu0 := load.CPUSeconds()
	for b.Loop() {
		r0, l0 := proxy.requests.Load(), proxy.limited.Load()
		run, err := Run(context.Background(), env, Plan{Providers: all.Providers(), Concurrency: concurrency})
		if err != nil {
			b.Fatal(err)
		}
		t := reports.CountScenarios(run)
		if t.Failed > 0 || t.Errored > 0 || t.Scenarios == 0 {
			for _, f := range run.Features {
				for _, s := range f.Scenarios {
					if s.Outcome == reports.Failed || s.Outcome == reports.Errored {
						b.Errorf("%s:%d %s: %s", f.URI, s.Line, s.Outcome, s.Reason)
					}
				}
			}
			b.Fatalf("suite not green: %+v", t)
		}
		scenarios, requests, limited = t.Scenarios, proxy.requests.Load()-r0, proxy.limited.Load()-l0
	}
	b.ReportMetric(float64(scenarios), "scenarios")
	b.ReportMetric(float64(requests), "requests")
	b.ReportMetric(float64(limited), "429s")
	b.ReportMetric((load.CPUSeconds()-cpu0)*1000/float64(b.N), "cpu-ms/op")
}
