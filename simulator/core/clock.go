package core

import "time"

// Clock is a sandbox's time: the wall clock plus an offset moved forward by
// the control API, or, when frozen, a fixed start plus that offset. All expiry
// and lockout logic reads it; nothing in a provider reads the wall clock.
type Clock struct {
	wall   func() time.Time
	start  time.Time // zero unless frozen
	offset time.Duration
}

// NewClock returns a clock that follows wall (time.Now when nil).
func NewClock(wall func() time.Time) *Clock {
	if wall == nil {
		wall = time.Now
	}
	return &Clock{wall: wall}
}

// NewFrozenClock returns a clock that stands at start until advanced.
func NewFrozenClock(start time.Time) *Clock {
	return &Clock{wall: time.Now, start: start}
}

// Now is the sandbox's current time.
func (c *Clock) Now() time.Time {
	if !c.start.IsZero() {
		return c.start.Add(c.offset)
	}
	return c.wall().Add(c.offset)
}

// Advance moves the clock forward; a negative d is ignored, since time in a
// sandbox never runs backwards.
// It reports false, and leaves the clock, when the clock would then stand
// more than MaxClockOffset ahead: an offset that overflowed would move
// "now" backwards.
func (c *Clock) Advance(d time.Duration) bool {
	if d <= 0 {
		return true
	}
	if d > MaxClockOffset-c.offset {
		return false
	}
	c.offset += d
	return true
}

// MaxClockOffset is how far a sandbox clock may be advanced in all: about
// 100 years, far from time.Duration's limit of 292 years.
const MaxClockOffset = 100 * 365 * 24 * time.Hour

// Offset is how far the clock has been advanced.
func (c *Clock) Offset() time.Duration { return c.offset }
