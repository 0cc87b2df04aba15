package pool

import (
	"context"
	"errors"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/conformhq/conform/steps/timing"
)

// TestGateMay: who may enter, given who holds and who waits.
func TestGateMay(t *testing.T) {
	tests := []struct {
		name      string
		shared    map[string]int
		exclusive map[string]bool
		waiting   map[string]int
		lane      string
		excl      bool
		want      bool
	}{
		{name: "a sharer of an empty gate", lane: "weavr", want: true},
		{name: "an exclusive holder of an empty gate", lane: "weavr", excl: true, want: true},
		{name: "sharers together", shared: map[string]int{"weavr": 3}, lane: "weavr", want: true},
		{name: "an exclusive holder waits for the lane's sharers", shared: map[string]int{"weavr": 1}, lane: "weavr", excl: true},
		{name: "not for another lane's", shared: map[string]int{"fliqa": 2}, lane: "weavr", excl: true, want: true},
		{name: "a sharer waits for the lane's exclusive holder", exclusive: map[string]bool{"weavr": true}, lane: "weavr"},
		{name: "a sharer waits behind a waiting exclusive holder", waiting: map[string]int{"weavr": 1}, shared: map[string]int{"weavr": 1}, lane: "weavr"},
		{name: "an exclusive holder goes before sharers", waiting: map[string]int{"weavr": 2}, lane: "weavr", excl: true, want: true},
		{name: "two exclusive holders of a lane take turns", exclusive: map[string]bool{"weavr": true}, lane: "weavr", excl: true},
		{name: "exclusive holders of two lanes at once", exclusive: map[string]bool{"fliqa": true}, lane: "weavr", excl: true, want: true},
		{name: "a sharer of another lane passes a waiting one", waiting: map[string]int{"fliqa": 1}, lane: "weavr", want: true},
		{name: "the lane of no provider waits for any exclusive holder", exclusive: map[string]bool{"fiskil": true}, lane: ""},
		{name: "an exclusive holder waits for a sharer of no provider", shared: map[string]int{"": 1}, lane: "weavr", excl: true},
		{name: "a released hold is no hold", exclusive: map[string]bool{"weavr": false}, shared: map[string]int{"weavr": 0}, lane: "weavr", excl: true, want: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			g := NewGate()
			for k, v := range tc.shared {
				g.shared[k] = v
			}
			for k, v := range tc.exclusive {
				g.exclusive[k] = v
			}
			for k, v := range tc.waiting {
				g.waiting[k] = v
			}
			if got := g.may(tc.lane, tc.excl); got != tc.want {
				t.Errorf("may(%q, exclusive %v) = %v, want %v", tc.lane, tc.excl, got, tc.want)
			}
		})
	}
}

// waitingSlot is a scenario's slot that tells when its scenario starts
// waiting (it gives the slot back) and counts the slots taken again.
func waitingSlot(ctx context.Context) (context.Context, <-chan struct{}, *atomic.Int32) {
	waiting := make(chan struct{}, 1)
	var acquired atomic.Int32
	return timing.WithSlot(ctx, timing.Slot{
		Release: func() {
			select {
			case waiting <- struct{}{}:
			default:
			}
		},
		Acquire: func(context.Context) error { acquired.Add(1); return nil },
	}), waiting, &acquired
}

// TestGateOrder: an exclusive holder waits for the sharers of its lane,
// the sharers that come meanwhile wait behind it, and each waiter gives
// its concurrency slot back while it waits.
func TestGateOrder(t *testing.T) {
	g := NewGate()
	ctx := context.Background()
	first, err := g.Enter(ctx, "weavr", false)
	if err != nil {
		t.Fatal(err)
	}
	other, err := g.Enter(ctx, "fliqa", false)
	if err != nil {
		t.Fatal(err)
	}
	var order []string
	var mu sync.Mutex
	note := func(s string) { mu.Lock(); order = append(order, s); mu.Unlock() }

	exclCtx, exclWaiting, exclSlots := waitingSlot(ctx)
	exclDone := make(chan *GateHold)
	go func() {
		h, err := g.Enter(exclCtx, "weavr", true)
		if err != nil {
			t.Error(err)
		}
		note("exclusive")
		exclDone <- h
	}()
	select {
	case <-exclWaiting:
	case <-exclDone:
		t.Fatal("an exclusive holder entered while a sharer held its lane")
	}
	sharerCtx, sharerWaiting, _ := waitingSlot(ctx)
	sharerDone := make(chan *GateHold)
	go func() {
		h, err := g.Enter(sharerCtx, "weavr", false)
		if err != nil {
			t.Error(err)
		}
		note("sharer")
		sharerDone <- h
	}()
	select {
	case <-sharerWaiting:
	case <-sharerDone:
		t.Fatal("a sharer passed the exclusive holder waiting before it")
	}
	// Another lane is not held up.
	fliqa, err := g.Enter(ctx, "fliqa", false)
	if err != nil {
		t.Fatal(err)
	}
	g.Leave(fliqa)
	g.Leave(other)
	g.Leave(first)
	excl := <-exclDone
	g.Leave(excl)
	g.Leave(<-sharerDone)
	if len(order) != 2 || order[0] != "exclusive" || order[1] != "sharer" {
		t.Errorf("entered in the order %v, want the exclusive holder before the sharer that came after it", order)
	}
	if exclSlots.Load() < 1 {
		t.Errorf("the exclusive holder did not take its slot again after waiting")
	}
}

// TestGateCancel: a waiter whose run ends stops waiting with the cause,
// and does not keep sharers out.
func TestGateCancel(t *testing.T) {
	g := NewGate()
	held, err := g.Enter(context.Background(), "weavr", false)
	if err != nil {
		t.Fatal(err)
	}
	stop := errors.New("run stopped")
	ctx, cancel := context.WithCancelCause(context.Background())
	wctx, waiting, _ := waitingSlot(ctx)
	done := make(chan error)
	go func() {
		_, err := g.Enter(wctx, "weavr", true)
		done <- err
	}()
	<-waiting
	cancel(stop)
	if err := <-done; !errors.Is(err, stop) {
		t.Errorf("Enter = %v, want the run's cause", err)
	}
	h, err := g.Enter(context.Background(), "weavr", false)
	if err != nil {
		t.Fatal(err)
	}
	g.Leave(h)
	g.Leave(held)
	g.Leave(nil)
}

// TestGateExclusion: under load, no scenario ever holds a lane while an
// exclusive holder of an overlapping lane does (run under -race).
func TestGateExclusion(t *testing.T) {
	g := NewGate()
	lanes := []string{"weavr", "fliqa", "fiskil", ""}
	var mu sync.Mutex
	holders := map[string]int{}
	exclusive := map[string]bool{}
	var wg sync.WaitGroup
	for i := range 64 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			lane, excl := lanes[i%len(lanes)], i%5 == 0
			h, err := g.Enter(context.Background(), lane, excl)
			if err != nil {
				t.Error(err)
				return
			}
			mu.Lock()
			for l, n := range holders {
				if n > 0 && overlap(l, lane) && (excl || exclusive[l]) {
					t.Errorf("lane %q (exclusive %v) entered while %q was held (exclusive %v)", lane, excl, l, exclusive[l])
				}
			}
			holders[lane]++
			exclusive[lane] = excl
			mu.Unlock()
			for range 20 {
				runtime.Gosched() // the scenario runs
			}
			mu.Lock()
			holders[lane]--
			if excl {
				exclusive[lane] = false
			}
			mu.Unlock()
			g.Leave(h)
		}()
	}
	wg.Wait()
}
