package timing

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// RealWait is a clock step done by waiting for real, once it is over.
type RealWait struct {
	// Began and Ended frame the wait; Until is when it was meant to end.
	Began, Ended, Until time.Time
	// Late is how far past its margin a before wait ended (0: in time).
	// Past its margin the next request may reach the target on the wrong
	// side of the edge: no ground to judge on. (An after wait that ends
	// late is only further past its edge.)
	Late time.Duration
	// Tolerance is the margin it had.
	Tolerance time.Duration
}

// Sleep moves a scenario's clock by d (expr's value) by waiting for real.
// Precision: a scenario says "1 second before the edge" or "1 second
// after", and the edge is reached at the target, whose clock started when
// it handled the previous request, somewhere between when that request was
// sent (sent) and when its answer came back (answered). A before wait
// (Expr.Before) therefore counts from sent, an after wait from answered:
// the target sees the next request no later than d after its event plus
// the next request's trip for a before wait, and no sooner than d after
// it for an after wait. The scenarios' one-second margins must cover that
// trip. Waits in a row count from where the previous one ended (the caller
// sets sent and answered to RealWait.Until). While it waits, the scenario
// gives its concurrency slot (WithSlot) back to the run.
func Sleep(ctx context.Context, expr Expr, d time.Duration, sent, answered time.Time) (RealWait, error) {
	from := answered
	if expr.Before() {
		from = sent
	}
	if from.IsZero() {
		from = time.Now()
	}
	r := RealWait{Until: from.Add(d), Tolerance: expr.Tolerance(d)}
	// The slot is taken again a little before the end, so that scenarios
	// holding it do not make this one late.
	slot := SlotFrom(ctx)
	r.Began = time.Now()
	slot.release()
	err := SleepUntil(ctx, r.Until.Add(-r.Tolerance))
	if err == nil {
		err = slot.acquire(ctx)
	}
	if err == nil {
		err = SleepUntil(ctx, r.Until)
	}
	if err != nil {
		// Without its slot: the run is stopping.
		return r, fmt.Errorf("waiting %s (%s): %w", d, expr.Text, err)
	}
	r.Ended = time.Now()
	if late := r.Ended.Sub(r.Until); expr.Before() && late > r.Tolerance {
		r.Late = late
	}
	return r, nil
}

// SleepUntil waits until a time, or until ctx ends (its error).
func SleepUntil(ctx context.Context, until time.Time) error {
	d := time.Until(until)
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return context.Cause(ctx)
	case <-t.C:
		return nil
	}
}

// Slot is a scenario's hold on one of the run's concurrency slots: a
// scenario that waits for real gives it back meanwhile, so that waiting
// scenarios do not keep the others from running.
type Slot struct {
	// Release gives the slot back; Acquire takes one again, or fails when
	// ctx ends first.
	Release func()
	Acquire func(ctx context.Context) error
}

type slotKey struct{}

// WithSlot gives a scenario's context the slot it holds.
func WithSlot(ctx context.Context, s Slot) context.Context {
	return context.WithValue(ctx, slotKey{}, s)
}

// SlotFrom is the slot a scenario's context holds (WithSlot); without
// one, a Slot that does nothing.
func SlotFrom(ctx context.Context) Slot {
	s, _ := ctx.Value(slotKey{}).(Slot)
	return s
}

func (s Slot) release() {
	if s.Release != nil {
		s.Release()
	}
}

func (s Slot) acquire(ctx context.Context) error {
	if s.Acquire != nil {
		return s.Acquire(ctx)
	}
	return nil
}

// AwaitChange gives up mu, and the scenario's concurrency slot, until
// changed is closed (a hold on a fixture or a lane ended) or ctx is done;
// called and returning with mu held. A scenario waiting for a fixture or
// the fault gate must not keep the one it waits for from finishing, which
// may need a slot again after a real wait of its own (regression:
// TestCertifyWithoutControlAPI hung with every slot held by scenarios
// waiting for the fixture a waiting scenario held).
func AwaitChange(ctx context.Context, mu *sync.Mutex, changed <-chan struct{}, what string) error {
	mu.Unlock()
	defer mu.Lock()
	slot := SlotFrom(ctx)
	slot.release()
	select {
	case <-changed:
		return slot.acquire(ctx)
	case <-ctx.Done():
		return fmt.Errorf("waiting for %s: %w", what, context.Cause(ctx))
	}
}
