package pool

import (
	"context"
	"sync"

	"github.com/conformhq/conform/steps/timing"
)

// Gate keeps the scenarios that arm a fault through a deployment's fault
// hook (config faults) alone with the provider they arm it on: an armed
// fault answers whatever call of the operation comes next, and on a
// shared deployment that could be another scenario's, a false failure for
// both. Every scenario of a run holds its provider's lane shared; one that
// needs faults holds it exclusively. A lane is a provider's name; the lane
// "" (a scenario whose provider is unknown) stands for every provider.
//
// An exclusive holder waits until no scenario holds its lane; while it
// waits, new sharers of the lane wait behind it, so that a stream of
// sharing scenarios cannot starve it, and the waiting exclusive holders of
// a lane go one after the other before the sharers come back (each
// exclusive turn must first drain the lane, whose sharers may be waiting
// for real: taking the turns together drains it once). A waiting scenario
// gives its concurrency slot back. Scenarios take the gate before any
// fixture (steps.World.enterGate), and never wait for it while holding one, so
// that the gate and the fixture pools cannot wait on each other. Gates are
// safe for concurrent use.
type Gate struct {
	mu sync.Mutex
	// changed is closed, and replaced, whenever a hold ends: waiters look
	// again.
	changed   chan struct{}
	shared    map[string]int
	exclusive map[string]bool
	waiting   map[string]int // exclusive holders waiting, by lane
}

// GateHold is one scenario's hold on its lane, until Leave.
type GateHold struct {
	lane      string
	exclusive bool
}

// Lane is the lane the hold is on: a provider's name, or "" for every
// provider.
func (h *GateHold) Lane() string { return h.lane }

// NewGate makes a gate with no holder.
func NewGate() *Gate {
	return &Gate{changed: make(chan struct{}), shared: map[string]int{}, exclusive: map[string]bool{}, waiting: map[string]int{}}
}

// overlap says whether two lanes can disturb each other.
func overlap(a, b string) bool { return a == "" || b == "" || a == b }

// Enter takes a lane, shared or exclusively, waiting as the Gate says
// until it may or ctx ends.
func (g *Gate) Enter(ctx context.Context, lane string, exclusive bool) (*GateHold, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if exclusive {
		g.waiting[lane]++
		defer func() { g.waiting[lane]-- }()
	}
	for !g.may(lane, exclusive) {
		if err := g.wait(ctx); err != nil {
			return nil, err
		}
	}
	if exclusive {
		g.exclusive[lane] = true
	} else {
		g.shared[lane]++
	}
	return &GateHold{lane: lane, exclusive: exclusive}, nil
}

// may says whether a hold of lane may begin now; called with g.mu held.
func (g *Gate) may(lane string, exclusive bool) bool {
	for l, held := range g.exclusive {
		if held && overlap(l, lane) {
			return false
		}
	}
	if !exclusive {
		for l, n := range g.waiting {
			if n > 0 && overlap(l, lane) {
				return false
			}
		}
		return true
	}
	for l, n := range g.shared {
		if n > 0 && overlap(l, lane) {
			return false
		}
	}
	return true
}

// wait waits for a hold to end (timing.AwaitChange); called and returning with
// g.mu held.
func (g *Gate) wait(ctx context.Context) error {
	return timing.AwaitChange(ctx, &g.mu, g.changed, "the scenarios that arm faults")
}

// Leave ends a hold; nil is allowed.
func (g *Gate) Leave(h *GateHold) {
	if g == nil || h == nil {
		return
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	if h.exclusive {
		g.exclusive[h.lane] = false
	} else {
		g.shared[h.lane]--
	}
	close(g.changed)
	g.changed = make(chan struct{})
}
