package soak

import (
	"fmt"
	"io"
	"time"
)

// judge fills r.Failures from the run's figures.
func judge(cfg Config, r *Result) {
	fail := func(format string, args ...any) { r.Failures = append(r.Failures, fmt.Sprintf(format, args...)) }
	if len(r.Marks) == 0 || r.Marks[0].RSSKB <= 0 || r.AfterKB <= 0 {
		fail("RSS could not be read")
	} else if limit := cfg.MaxGrowth * float64(r.Marks[0].RSSKB); float64(r.AfterKB) > limit {
		fail("memory follows history: RSS after the run %s exceeds %.1f × RSS at %d requests (%s)",
			mib(r.AfterKB), cfg.MaxGrowth, r.Marks[0].Requests, mib(r.Marks[0].RSSKB))
	}
	if cfg.SlowClients > 0 {
		// Slow requests that were not slow would prove nothing.
		if r.Slow == 0 || r.SlowMin < cfg.SlowDuration*9/10 {
			fail("the slow clients were not slow: %d requests completed, the shortest in %s (want at least %s)", r.Slow, ms(r.SlowMin), cfg.SlowDuration*9/10)
		}
		if r.Exposed == 0 {
			fail("no fast request met a slow one on its sandbox: the wait check proves nothing")
		}
		if waited(cfg, r) {
			fail("a request waited on a slow client: fast requests' p99 %s, those sent to a sandbox with a slow request in flight p99 %s (limit %s); %d took %s or more while the machine did not stall",
				ms(r.P99), ms(r.ExposedP99), ms(cfg.p99Limit()), r.LongUnexplained, ms(cfg.waitLimit()))
		}
	}
	if r.Unexpected > 0 {
		fail("%d requests got an unexpected answer or none, first: %v", r.Unexpected, r.FirstErrors)
	}
}

// waited applies the criterion of Config.waitLimit: the fast requests'
// p99 (a wait on every sandbox) and the p99 of those sent to a sandbox
// while a slow request to it was in flight (a wait on one) stay under a
// tenth of SlowDuration, and no fast request took half of it unless the
// machine stalled meanwhile.
func waited(cfg Config, r *Result) bool {
	return r.P99 >= cfg.p99Limit() || r.ExposedP99 >= cfg.p99Limit() || r.LongUnexplained > 0
}

func writeMark(out io.Writer, m Mark) {
	rate := 0.0
	if m.Elapsed > 0 {
		rate = float64(m.Requests) / m.Elapsed.Seconds()
	}
	fmt.Fprintf(out, "%9d requests  RSS %s  live heap %s  p99 %s  max %s  sandboxes created %d, deleted %d  slow requests %d  (%.0f req/s)\n",
		m.Requests, mib(m.RSSKB), mib(m.LiveHeapKB), ms(m.P99), ms(m.Max), m.Sandboxes, m.Deleted, m.Slow, rate)
}

func writeVerdict(out io.Writer, cfg Config, r *Result) {
	verdict := func(ok bool) string {
		if ok {
			return "met"
		}
		return "NOT met"
	}
	base := int64(0)
	if len(r.Marks) > 0 {
		base = r.Marks[0].RSSKB
	}
	fmt.Fprintf(out, "after the run (clocks moved %s, %d requests to collect every queue, GC): RSS %s, live heap %s\n",
		cfg.FinalAdvance, r.CollectRequests, mib(r.AfterKB), mib(r.AfterLiveKB))
	fmt.Fprintf(out, "  memory: RSS after the run %s, at the first mark %s: %.2f× (limit %.1f×): %s\n",
		mib(r.AfterKB), mib(base), ratio(r.AfterKB, base), cfg.MaxGrowth, verdict(ratio(r.AfterKB, base) <= cfg.MaxGrowth && base > 0))
	fmt.Fprintf(out, "  slow clients: %d slow requests, the shortest %s; fast requests p99 %s, max %s; "+
		"%d sent to a sandbox with a slow request in flight: p99 %s, max %s (the others' max %s); p99 limit %s; "+
		"%d took %s or more, %d of them while the machine did not stall (%d stalls seen): %s\n",
		r.Slow, ms(r.SlowMin), ms(r.P99), ms(r.Max), r.Exposed, ms(r.ExposedP99), ms(r.ExposedMax), ms(r.ControlMax),
		ms(cfg.p99Limit()), r.Long, ms(cfg.waitLimit()), r.LongUnexplained, r.Stalls, verdict(cfg.SlowClients == 0 || !waited(cfg, r)))
	fmt.Fprintf(out, "  unexpected answers: %d\n", r.Unexpected)
	if r.Passed() {
		fmt.Fprintf(out, "soak passed in %s\n", r.Elapsed.Round(time.Second))
		return
	}
	fmt.Fprintf(out, "soak FAILED in %s:\n", r.Elapsed.Round(time.Second))
	for _, f := range r.Failures {
		fmt.Fprintf(out, "  - %s\n", f)
	}
}

func ratio(a, b int64) float64 {
	if b <= 0 {
		return 0
	}
	return float64(a) / float64(b)
}

func mib(kb int64) string { return fmt.Sprintf("%.1f MiB", float64(kb)/1024) }

func ms(d time.Duration) string { return fmt.Sprintf("%.2fms", float64(d)/float64(time.Millisecond)) }
