package soak

import (
	"slices"
	"sync"
	"time"
)

// latencies keeps every fast request's duration, in microseconds, in a
// slice allocated before the run: the generator's own memory must not grow
// with the run, or it would count as the simulator's.
type latencies struct {
	mu sync.Mutex
	us []uint32
}

func newLatencies(n int) *latencies { return &latencies{us: make([]uint32, 0, n)} }

func (l *latencies) add(d time.Duration) {
	us := min(d.Microseconds(), 1<<32-1)
	l.mu.Lock()
	if len(l.us) < cap(l.us) {
		l.us = append(l.us, uint32(us))
	}
	l.mu.Unlock()
}

func (l *latencies) len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.us)
}

// summary is the p99 and max of the samples from index from on.
func (l *latencies) summary(from int) (p99, maxD time.Duration) {
	l.mu.Lock()
	s := slices.Clone(l.us[min(from, len(l.us)):])
	l.mu.Unlock()
	if len(s) == 0 {
		return 0, 0
	}
	slices.Sort(s)
	us := func(v uint32) time.Duration { return time.Duration(v) * time.Microsecond }
	return us(s[(len(s)*99)/100]), us(s[len(s)-1])
}

// Mark is the state of the run after a number of requests.
type Mark struct {
	Requests   int
	RSSKB      int64
	LiveHeapKB int64
	// P99 and Max are the fast requests' since the previous mark.
	P99, Max  time.Duration
	Sandboxes int // created so far, the initial ones included
	Deleted   int
	Slow      int // slow requests completed so far
	Elapsed   time.Duration
}

// Result is a whole run's figures and verdict.
type Result struct {
	Marks []Mark
	// AfterKB is RSS after the run: clocks moved by FinalAdvance, every
	// sandbox's queues collected, a forced GC and memory returned.
	AfterKB, AfterLiveKB int64
	CollectRequests      int
	// Fast p99 and max over the whole run; slow requests' count and
	// shortest duration.
	P99, Max time.Duration
	// Exposed counts the fast requests sent to a sandbox while a slow
	// request to it was in flight, with their p99 and max; ControlMax is
	// the others' max.
	Exposed                int
	ExposedP99, ExposedMax time.Duration
	ControlMax             time.Duration
	// Long counts the fast requests that took Config.waitLimit or more,
	// LongUnexplained those of them no stall of the machine explains, and
	// Stalls the stalls the canary saw.
	Long, LongUnexplained, Stalls int
	Slow                          int
	SlowMin                       time.Duration
	Unexpected                    int
	FirstErrors                   []string
	Elapsed                       time.Duration
	// Failures says why the run failed; empty when it passed.
	Failures []string
}

// Passed reports whether every check held.
func (r *Result) Passed() bool { return len(r.Failures) == 0 }
