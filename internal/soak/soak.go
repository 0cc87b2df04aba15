// Package soak drives the simulator with a long mixed load across many
// sandboxes, some created and deleted as it goes, while slow clients send
// bodies and read answers byte by byte among them; it tells whether memory
// follows live state rather than history, and whether any request waited on
// a slow client. The simulator listens on 127.0.0.1 only, in this process,
// and a run is bounded by its deadline (make soak).
package soak

import (
	"errors"
	"fmt"
	"time"
)

// Config bounds a run.
type Config struct {
	// Requests is how many requests the fast clients send in all.
	Requests int `flag:"requests" usage:"requests the fast clients send in all"`
	// Every is how often (in requests) RSS and p99 are printed and the
	// sandbox clocks moved; the first mark's RSS is the memory baseline.
	Every int `flag:"every" usage:"print RSS and p99 (and move the sandbox clocks) every this many requests"`
	// Sandboxes is how many sandboxes are live at once; Churned of them are
	// replaced (a new one created, the old one deleted) as the run goes,
	// one every ChurnEvery requests, and the others live the whole run.
	Sandboxes  int `flag:"sandboxes" usage:"sandboxes live at once"`
	Churned    int `flag:"churned" usage:"how many of them are replaced during the run"`
	ChurnEvery int `flag:"churn-every" usage:"replace a sandbox every this many requests"`
	// Workers is the number of fast clients, each with its own connection.
	Workers int `flag:"workers" usage:"fast clients"`
	// SlowClients send a body, or read an answer, one byte at a time,
	// each request lasting SlowDuration.
	SlowClients  int           `flag:"slow" usage:"slow clients (bodies sent, answers read, byte by byte)"`
	SlowDuration time.Duration `flag:"slow-duration" usage:"how long each slow request lasts"`
	// Advance is how far each mark moves every sandbox clock; FinalAdvance
	// how far the end of the run moves them, past every lifetime a sandbox
	// keeps (Fliqa consents: 90 days).
	Advance, FinalAdvance time.Duration
	// MaxGrowth bounds RSS after the run (clocks moved, state collected, GC)
	// against RSS at the first mark.
	MaxGrowth float64 `flag:"max-growth" usage:"RSS after the run over RSS at the first mark, at most"`
	// Deadline bounds the whole run.
	Deadline time.Duration `flag:"deadline" usage:"bound on the whole run"`
	// Seed makes the choice of operations and sandboxes reproducible.
	Seed uint64
}

// DefaultConfig is make soak's run: 1M requests across 100 sandboxes.
func DefaultConfig() Config {
	return Config{
		Requests: 1_000_000, Every: 100_000,
		Sandboxes: 100, Churned: 50, ChurnEvery: 1000,
		Workers: 16, SlowClients: 6, SlowDuration: 4 * time.Second,
		Advance: 7 * 24 * time.Hour, FinalAdvance: 100 * 24 * time.Hour,
		MaxGrowth: 1.5, Deadline: 20 * time.Minute, Seed: 1,
	}
}

// Check reports a configuration that cannot run.
func (c Config) Check() error {
	var errs []error
	bad := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	if c.Requests < 1 || c.Every < 1 || c.Every > c.Requests {
		bad("requests (%d) and every (%d) must be positive, every at most requests", c.Requests, c.Every)
	}
	if c.Sandboxes < 1 || c.Churned < 0 || c.Churned > c.Sandboxes {
		bad("sandboxes (%d) must be positive and churned (%d) in [0, sandboxes]", c.Sandboxes, c.Churned)
	}
	if c.Churned > 0 && c.ChurnEvery < 1 {
		bad("churn-every must be positive, got %d", c.ChurnEvery)
	}
	if c.Workers < 1 || c.Workers > 256 {
		bad("workers must be in [1, 256], got %d", c.Workers)
	}
	if c.SlowClients < 0 || c.SlowClients > 64 || c.SlowClients > 0 && c.SlowDuration < 100*time.Millisecond {
		bad("slow clients must be in [0, 64], each request lasting at least 100ms (got %d, %s)", c.SlowClients, c.SlowDuration)
	}
	if c.Advance <= 0 || c.FinalAdvance <= 0 {
		bad("advance and final advance must be positive")
	}
	if c.MaxGrowth < 1 {
		bad("max growth must be at least 1, got %.2f", c.MaxGrowth)
	}
	if c.Deadline <= 0 {
		bad("deadline must be positive")
	}
	return errors.Join(errs...)
}

// waitLimit and p99Limit define "no request waited on a slow client"
// ([decided]): a fast request that waited behind a slow one would take up
// to SlowDuration, half of it on average. So the fast requests' p99 must
// stay under a tenth of SlowDuration (a server-wide wait, a lock every
// request needs held while a slow body arrives, raises it), and so must
// the p99 of those sent to a sandbox while a slow request to that sandbox
// was in flight (a wait on one sandbox's lock); and no fast request may
// take half of SlowDuration or more, unless the machine stalled meanwhile:
// the run watches its own scheduling (a canary goroutine that sleeps 10ms
// at a time), and a long request during at least half of which the canary
// woke late is the machine's, which is shared, not a slow client's. A wait
// on a lock does not delay the canary. The bounds are loose enough for a
// busy machine and tight enough that the test's server, which reads bodies
// under one lock, breaks them.
func (c Config) waitLimit() time.Duration { return c.SlowDuration / 2 }

func (c Config) p99Limit() time.Duration { return c.SlowDuration / 10 }
