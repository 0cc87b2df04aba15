package core

import (
	"slices"
	"testing"
	"time"
)

func TestExpiryCollect(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	at := func(s int) time.Time { return t0.Add(time.Duration(s) * time.Second) }
	cases := []struct {
		name   string
		add    []int // item i is queued at second add[i]
		now    int
		limit  int
		slide  map[int]int // item → second it now expires at (still live)
		judged []int
		left   int
	}{
		{name: "nothing due", add: []int{5, 6}, now: 4, limit: 8, judged: nil, left: 2},
		{name: "due items earliest first", add: []int{7, 3, 5, 9}, now: 7, limit: 8, judged: []int{1, 2, 0}, left: 1},
		{name: "due exactly at its time", add: []int{4}, now: 4, limit: 8, judged: []int{0}, left: 0},
		{name: "the limit bounds the work", add: []int{1, 2, 3, 4, 5}, now: 10, limit: 2, judged: []int{0, 1}, left: 3},
		{name: "a live item is queued again at its new time", add: []int{1, 2}, now: 3, limit: 8,
			slide: map[int]int{0: 20}, judged: []int{0, 1}, left: 1},
		{name: "a live item slid only to now is dropped", add: []int{1}, now: 3, limit: 8,
			slide: map[int]int{0: 3}, judged: []int{0}, left: 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var e Expiry[int]
			for i, s := range tc.add {
				e.Add(at(s), i)
			}
			var judged []int
			n := e.Collect(at(tc.now), tc.limit, func(v int, now time.Time) (time.Time, bool) {
				judged = append(judged, v)
				if s, ok := tc.slide[v]; ok {
					return at(s), true
				}
				return time.Time{}, false
			})
			if !slices.Equal(judged, tc.judged) || n != len(tc.judged) {
				t.Errorf("judged %v (n=%d), want %v", judged, n, tc.judged)
			}
			if e.Len() != tc.left {
				t.Errorf("%d left, want %d", e.Len(), tc.left)
			}
		})
	}
}

func TestExpiryShrinks(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	var e Expiry[int]
	const n = 100_000
	for i := range n {
		e.Add(t0.Add(time.Duration(n-i)*time.Millisecond), i)
	}
	grown := cap(e.items)
	prev := t0
	for e.Len() > 0 {
		e.Collect(t0.Add(time.Hour), 1000, func(v int, now time.Time) (time.Time, bool) {
			due := t0.Add(time.Duration(n-v) * time.Millisecond)
			if due.Before(prev) {
				t.Fatalf("item %d due at %v came after one due at %v", v, due, prev)
			}
			prev = due
			return time.Time{}, false
		})
	}
	if c := cap(e.items); c > grown/4 {
		t.Errorf("an emptied queue keeps capacity %d of %d", c, grown)
	}
}

func TestOutboxBound(t *testing.T) {
	cases := []struct {
		name  string
		sent  int
		kept  int
		first int // number of the oldest message kept
	}{
		{name: "below the limit keeps all", sent: 10, kept: 10, first: 0},
		{name: "at the limit keeps all", sent: OutboxLimit, kept: OutboxLimit, first: 0},
		{name: "beyond the limit keeps the newest", sent: OutboxLimit + 1, kept: OutboxLimit, first: 1},
		{name: "far beyond the limit", sent: 5*OutboxLimit + 7, kept: OutboxLimit, first: 4*OutboxLimit + 7},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var o Outbox
			for i := range tc.sent {
				o.Add(Message{ID: string(rune('a'+i%26)) + time.Duration(i).String()})
			}
			got := o.List("", "", "")
			if len(got) != tc.kept || o.Len() != tc.kept {
				t.Fatalf("kept %d (Len %d), want %d", len(got), o.Len(), tc.kept)
			}
			if want := string(rune('a'+tc.first%26)) + time.Duration(tc.first).String(); got[0].ID != want {
				t.Errorf("oldest kept %q, want %q", got[0].ID, want)
			}
			if cap(o.msgs) > 2*OutboxLimit {
				t.Errorf("the outbox holds room for %d messages", cap(o.msgs))
			}
		})
	}
}
