package steps

import (
	"context"
	"fmt"
	"slices"
)

// Warning is an answer that the provider's reference allows but that is not
// what its examples or the seed show (contract rule 2), or a cause the
// reference gives no status for, answered with another documented status
// than conform's choice (rule 4). A warning never fails a scenario unless
// the run is strict.
type Warning struct {
	// Rule is the contract's rule of judgement ("rule 4").
	Rule string
	// Source is where the expectation comes from: a spec and JSON pointer,
	// or a documented behaviour.
	Source string
	// Message says what was seen and what was expected, redacted.
	Message string
}

// String is the warning as the console and the reports show it.
func (w Warning) String() string {
	return fmt.Sprintf("%s (%s): %s", w.Message, w.Rule, w.Source)
}

// Warn records a warning on the scenario; the scenario goes on.
func (w *World) Warn(rule, source, format string, args ...any) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.warnings = append(w.warnings, Warning{Rule: rule, Source: source, Message: w.Secrets.String(fmt.Sprintf(format, args...))})
}

// Warnings returns the scenario's warnings so far.
func (w *World) Warnings() []Warning {
	w.mu.Lock()
	defer w.mu.Unlock()
	return slices.Clone(w.warnings)
}

// statusOrDocumentedRefusal is rule 4: where the reference gives no status
// for a cause, the scenario names conform's choice (want); another error
// status that the operation documents passes with a warning, and anything
// else fails.
func statusOrDocumentedRefusal(ctx context.Context, want int) error {
	w := world(ctx)
	last, err := w.Last()
	if err != nil {
		return err
	}
	if last.Status == want {
		return nil
	}
	documented := w.documentedStatuses(last)
	if last.Status >= 400 && slices.Contains(documented, last.Status) {
		w.Warn("rule 4", fmt.Sprintf("%s spec, %s %s: documented statuses %v", last.Provider, last.Method, last.Path, documented),
			"the reference gives no status for this cause; conform answers %d, the target %d", want, last.Status)
		return nil
	}
	return fmt.Errorf("expected status %d, or another error status that %s %s documents (%v), got %d; body: %s",
		want, last.Method, last.Path, documented, last.Status, w.RedactBody(last.Body))
}

// documentedStatuses lists the statuses the spec documents for the
// operation a response answered; nil when none matches.
func (w *World) documentedStatuses(r *Response) []int {
	spec := w.env.Specs[r.Provider]
	if spec == nil {
		return nil
	}
	op, _, err := spec.Match(r.Method, r.Path)
	if err != nil {
		return nil
	}
	return op.Statuses
}
