package weavr

import (
	"net/http"
	"sync"
	"testing"
)

func TestRequestRefHeaderIsCanonical(t *testing.T) {
	if got := http.CanonicalHeaderKey("request-ref"); got != requestRefHeader {
		t.Errorf("CanonicalHeaderKey = %q, the constant %q", got, requestRefHeader)
	}
}

// Request-refs must never repeat, within a provider however many
// goroutines draw them, and across providers (two simulators).
func TestRequestRefsAreUnique(t *testing.T) {
	a, b := newRequestRefs(), newRequestRefs()
	const workers, each = 4, 2000
	seen := map[string]bool{}
	var mu sync.Mutex
	var wg sync.WaitGroup
	for w := range workers {
		g := a
		if w%2 == 1 {
			g = b
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range each {
				ref := g.next()
				mu.Lock()
				if seen[ref] {
					t.Errorf("%q drawn twice", ref)
				}
				seen[ref] = true
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if len(seen) != workers*each {
		t.Errorf("%d distinct refs, want %d", len(seen), workers*each)
	}
}
