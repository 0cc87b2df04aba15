package runner

import (
	"context"
	"net/http/httptest"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/conformhq/conform/internal/hostile"
	"github.com/conformhq/conform/internal/provider/all"
	"github.com/conformhq/conform/reports"
	"github.com/conformhq/conform/simulator"
	"github.com/conformhq/conform/steps/config"
)

// BenchmarkLargeAnswers runs Fiskil's scenarios against the simulator
// behind a front that pads every JSON answer to 4,000,000 bytes, and
// reports the peak heap in use (the front's answers included: it runs in
// the same process) and what the run keeps of the answers. The verdicts
// must be those of the unpadded simulator. Run it with
//
//	go test -run '^$' -bench LargeAnswers -benchtime 1x ./internal/runner/
func BenchmarkLargeAnswers(b *testing.B) {
	sim, err := simulator.New(simulator.Options{Providers: all.Providers().Simulators()})
	if err != nil {
		b.Fatal(err)
	}
	plain := httptest.NewServer(sim)
	defer plain.Close()
	padded := httptest.NewServer(hostile.Padded(4_000_000, sim))
	defer padded.Close()
	run := func(url string) *reports.Run {
		target, err := Remote(context.Background(), &config.Config{Target: url, Control: "auto"}, time.Minute)
		if err != nil {
			b.Fatal(err)
		}
		env, err := NewEnv(target, all.Providers(), EnvChoice{})
		if err != nil {
			b.Fatal(err)
		}
		r, err := Run(context.Background(), env, Plan{Providers: all.Providers(), Only: []string{"fiskil"}, Concurrency: 16})
		if err != nil {
			b.Fatal(err)
		}
		return r
	}
	want := reports.CountScenarios(run(plain.URL))
	for range b.N {
		var peak uint64
		stop, done := make(chan struct{}), sync.WaitGroup{}
		done.Add(1)
		go func() {
			defer done.Done()
			var m runtime.MemStats
			for {
				runtime.ReadMemStats(&m)
				peak = max(peak, m.HeapInuse)
				select {
				case <-stop:
					return
				case <-time.After(20 * time.Millisecond):
				}
			}
		}()
		r := run(padded.URL)
		close(stop)
		done.Wait()
		if got := reports.CountScenarios(r); got != want {
			b.Errorf("against 4 MB answers: %+v, want the unpadded verdicts %+v", got, want)
		}
		kept := 0
		for _, f := range r.Features {
			for _, s := range f.Scenarios {
				for _, x := range s.Exchanges {
					kept += len(x.ResponseBody)
				}
			}
		}
		b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MiB")
		b.ReportMetric(float64(kept)/(1<<20), "kept-bodies-MiB")
	}
}
