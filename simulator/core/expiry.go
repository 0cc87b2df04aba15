package core

import "time"

// Expiry is a min-heap of items ordered by the time at which they may have
// expired. Providers queue every token, session or code they create and let
// each request collect a bounded number of due items, so that forgetting
// expired state costs a constant amount of work per request however much
// state a sandbox holds, where a full sweep cost one step per live item.
//
// The time an item is queued at is a hint, not the truth: a sliding token's
// life moves on each use, so the provider judges each due item again when it
// is popped and either forgets it or queues it anew. The heap is written out
// rather than built on container/heap, whose interface boxes every pushed
// item into an allocation.
//
// An Expiry is not safe for concurrent use; the sandbox lock guards it.
type Expiry[T any] struct {
	items []expiryItem[T]
}

type expiryItem[T any] struct {
	at time.Time
	v  T
}

// Add queues v to be judged once the sandbox clock reaches at.
func (e *Expiry[T]) Add(at time.Time, v T) {
	e.items = append(e.items, expiryItem[T]{at: at, v: v})
	e.up(len(e.items) - 1)
}

// Len is the number of queued items, due or not.
func (e *Expiry[T]) Len() int { return len(e.items) }

// Collect judges at most limit items due at now, earliest first. judge
// forgets what has expired and returns (zero, false), or returns the time at
// which a still-live item may expire next, and the item is queued again.
// It returns how many items were judged; fewer than limit means nothing more
// is due.
func (e *Expiry[T]) Collect(now time.Time, limit int, judge func(v T, now time.Time) (time.Time, bool)) int {
	n := 0
	for ; n < limit && len(e.items) > 0 && !now.Before(e.items[0].at); n++ {
		v := e.items[0].v
		next, live := judge(v, now)
		if live && next.After(now) {
			// The item is still live: requeue it in place, one sift instead
			// of a pop and a push.
			e.items[0].at = next
			e.down(0)
			continue
		}
		e.pop()
	}
	return n
}

func (e *Expiry[T]) pop() {
	last := len(e.items) - 1
	e.items[0] = e.items[last]
	var zero expiryItem[T]
	e.items[last] = zero // lets the collector reclaim what the item held
	e.items = e.items[:last]
	if last > 0 {
		e.down(0)
	}
	// A queue that shrank far below its capacity gives the memory back,
	// so that a burst of state does not pin its peak forever.
	if c := cap(e.items); c > 1024 && len(e.items) < c/4 {
		e.items = append(make([]expiryItem[T], 0, c/2), e.items...)
	}
}

func (e *Expiry[T]) up(i int) {
	for i > 0 {
		p := (i - 1) / 2
		if !e.items[i].at.Before(e.items[p].at) {
			return
		}
		e.items[i], e.items[p] = e.items[p], e.items[i]
		i = p
	}
}

func (e *Expiry[T]) down(i int) {
	n := len(e.items)
	for {
		l := 2*i + 1
		if l >= n {
			return
		}
		m := l
		if r := l + 1; r < n && e.items[r].at.Before(e.items[l].at) {
			m = r
		}
		if !e.items[m].at.Before(e.items[i].at) {
			return
		}
		e.items[i], e.items[m] = e.items[m], e.items[i]
		i = m
	}
}

// CollectPerRequest is how many due items a request may judge: more than
// any request creates, so that the queue drains faster than it fills, and
// few enough that no request pays for a backlog (after the clock is moved
// forward, say) in one go.
const CollectPerRequest = 8
