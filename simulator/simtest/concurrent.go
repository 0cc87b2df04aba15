package simtest

import (
	"sync"
	"testing"
)

// AtOnce sends n requests at the same time, each by call (which returns
// its answer's status), and counts the statuses: the concurrency tests of
// rules that must stay exact (a lockout, a single-use code).
func AtOnce(n int, call func() int) map[int]int {
	statuses := make([]int, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			statuses[i] = call()
		}()
	}
	wg.Wait()
	got := map[int]int{}
	for _, s := range statuses {
		got[s]++
	}
	return got
}

// WantStatuses fails t unless got counts exactly the statuses of want.
func WantStatuses(t testing.TB, got, want map[int]int) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("statuses %v, want %v", got, want)
	}
	for s, n := range want {
		if got[s] != n {
			t.Errorf("status %d answered %d times, want %d (all: %v)", s, got[s], n, got)
		}
	}
}
