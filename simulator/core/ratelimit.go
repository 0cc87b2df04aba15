package core

import "time"

// RateLimit is a fixed-window limit per api key or client.
type RateLimit struct {
	Limit  int
	Window time.Duration
}

// DefaultRateLimit is generous enough that no ordinary scenario meets it.
var DefaultRateLimit = RateLimit{Limit: 600, Window: time.Minute}

type window struct {
	start time.Time
	count int
}

// Limiter counts requests per key in fixed windows of the sandbox's clock.
type Limiter struct {
	Limit   RateLimit
	windows map[string]*window
}

// Allow counts one request for key at now. When the limit is exceeded it
// returns false and the time until the window resets.
func (l *Limiter) Allow(key string, now time.Time) (bool, time.Duration) {
	if l.Limit.Limit <= 0 || l.Limit.Window <= 0 {
		return true, 0
	}
	if l.windows == nil {
		l.windows = map[string]*window{}
	}
	w := l.windows[key]
	if w == nil || !now.Before(w.start.Add(l.Limit.Window)) {
		w = &window{start: now}
		l.windows[key] = w
	}
	w.count++
	reset := w.start.Add(l.Limit.Window).Sub(now)
	return w.count <= l.Limit.Limit, reset
}
