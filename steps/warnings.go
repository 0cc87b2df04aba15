package steps

import (
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
