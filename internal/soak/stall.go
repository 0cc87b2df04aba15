package soak

import (
	"context"
	"sync"
	"time"
)

// interval is a span of wall-clock time.
type interval struct{ from, to time.Time }

func (i interval) overlap(j interval) time.Duration {
	from, to := i.from, i.to
	if j.from.After(from) {
		from = j.from
	}
	if j.to.Before(to) {
		to = j.to
	}
	return max(to.Sub(from), 0)
}

// maxKept bounds the stalls and the long requests remembered.
const maxKept = 10_000

// stalls watches this process's own scheduling: a goroutine that sleeps
// canaryTick at a time and notes when it woke late. A fast request that
// took long while the canary slept on was held up by the machine (shared,
// busy), not by a slow client; one that took long while the canary ran on
// time waited on something in the server.
type stalls struct {
	mu   sync.Mutex
	seen []interval
	long []interval // fast requests that took waitLimit or more
}

const (
	canaryTick = 10 * time.Millisecond
	// stallMin is the lateness that counts as a stall.
	stallMin = 50 * time.Millisecond
)

// watch runs the canary until ctx is done.
func (s *stalls) watch(ctx context.Context) {
	t := time.NewTimer(canaryTick)
	defer t.Stop()
	for {
		start := time.Now()
		t.Reset(canaryTick)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if now := time.Now(); now.Sub(start)-canaryTick >= stallMin {
			s.mu.Lock()
			if len(s.seen) < maxKept {
				s.seen = append(s.seen, interval{start, now})
			}
			s.mu.Unlock()
		}
	}
}

// noteLong remembers a fast request that took waitLimit or more.
func (s *stalls) noteLong(start, end time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.long) < maxKept {
		s.long = append(s.long, interval{start, end})
	}
}

// unexplained counts the long requests, those of them that the machine's
// stalls do not explain (during less than half of their time was the
// canary late), and the stalls.
func (s *stalls) unexplained() (long, unexplained, stalls int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, l := range s.long {
		var stalled time.Duration
		for _, st := range s.seen {
			stalled += l.overlap(st)
		}
		if stalled < l.to.Sub(l.from)/2 {
			unexplained++
		}
	}
	return len(s.long), unexplained, len(s.seen)
}
