package steps

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/conformhq/conform/specs/oas"
	"github.com/tidwall/gjson"
)

// Decided is the marker a scenario writes after an exact expectation that
// no reference fixes: conform's own choice (contract rule 7). A decided
// expectation never fails a deployment: any answer the reference allows
// for the operation passes, with a warning naming the rule when it is not
// the simulator's choice. features/provenance_test.go requires every exact
// expectation to carry either this marker or a `# source:` comment.
const Decided = "[decided]"

// decidedRule names the rule a decided expectation's warning cites.
const decidedRule = "rule 7"

// registerProvenance installs the decided forms of the exact expectations
// (status, a JSON value) and the documented value of an optional field.
func registerProvenance(sc *ScenarioContext) {
	sc.Step(`^the response status should be (\d{3}) \[decided\]$`, statusOrDocumentedRefusal)
	sc.Step(`^the response status should be (\d{3}) or a success \[decided\]$`, statusOrDocumentedAnswer)
	sc.Step(`^the JSON at "([^"]+)" should be "([^"]*)" \[decided\]$`, decidedValue)
	sc.Step(`^the JSON at "([^"]+)" should be "([^"]*)" if present$`, valueIfPresent)
	sc.Step(`^the JSON at "([^"]+)" should have (\d+) items? \[decided\]$`, decidedCount)
	sc.Step(`^(\d+) (?i)(sms|e-?mail) messages? should have been sent to "([^"]+)" \[decided\]$`, decidedMessages)
}

// decidedMessages is rule 7 for a count of messages no reference fixes
// (which channel a one-time password takes when both are given): another
// count is a warning. An outbox that does not answer is still an error.
func decidedMessages(ctx context.Context, n int, channel, recipient string) error {
	w := world(ctx)
	if _, _, err := w.outboxTo(ctx, recipient); err != nil {
		return err
	}
	if err := messagesSent(ctx, n, channel, recipient); err != nil {
		w.Warn(decidedRule, "the outbox of the target", "conform sends %d %s message(s) [decided]; %v, which the reference allows", n, channel, err)
	}
	return nil
}

// decidedCount is rule 7 for the length of an array no reference fixes
// (how many syntax errors a bad request lists): conform's count passes;
// another length, or no array where the reference requires none, passes
// with a warning. Something other than an array fails.
func decidedCount(ctx context.Context, path string, n int) error {
	w := world(ctx)
	r, err := w.JSONAt(path)
	if err != nil {
		return err
	}
	if r.IsArray() && len(r.Array()) == n {
		return nil
	}
	if r.Exists() && !r.IsArray() {
		return fmt.Errorf("expected an array at %q, got %s", path, w.Describe(path, r))
	}
	last, err := w.Last()
	if err != nil {
		return err
	}
	got := "nothing there"
	if r.Exists() {
		got = fmt.Sprintf("%d items", len(r.Array()))
	}
	w.Warn(decidedRule, fmt.Sprintf("%s spec, %s %s, status %d", last.Provider, last.Method, last.Path, last.Status),
		"conform answers %d items at %q [decided]; the target %s, which its reference allows", n, path, got)
	return nil
}

// statusOrDocumentedRefusal is rules 4 and 7: where the reference gives no
// status for a cause, the scenario names conform's choice (want); another
// error status that the operation documents passes with a warning, and
// anything else fails.
func statusOrDocumentedRefusal(ctx context.Context, want int) error {
	return statusOrDocumented(ctx, want, true)
}

// statusOrDocumentedAnswer is rule 7 for a refusal that the reference
// does not require at all (a session already stepped up starting another
// challenge: nothing documented forbids it): conform's status passes, and
// any other status the operation documents, error or success, passes with
// a warning.
func statusOrDocumentedAnswer(ctx context.Context, want int) error {
	return statusOrDocumented(ctx, want, false)
}

// statusOrDocumented passes conform's status (want), warns for another
// status the operation documents (only an error status where refusal is
// true), and fails for anything else.
func statusOrDocumented(ctx context.Context, want int, refusal bool) error {
	w := world(ctx)
	last, err := w.Last()
	if err != nil {
		return err
	}
	if last.Status == want {
		return nil
	}
	documented := w.documentedStatuses(last)
	allowed, why, kind := slices.Contains(documented, last.Status), "no reference requires a refusal here", "another status"
	if refusal {
		allowed = allowed && last.Status >= 400 && want >= 400
		why, kind = "the reference ties no status to this cause", "another error status"
	}
	if allowed {
		w.Warn(decidedRule, fmt.Sprintf("%s spec, %s %s: documented statuses %v", last.Provider, last.Method, last.Path, documented),
			"%s; conform answers %d [decided], the target %d, which the operation documents", why, want, last.Status)
		return nil
	}
	return fmt.Errorf("expected status %d [decided], or %s that %s %s documents (%v), got %d; body: %s",
		want, kind, last.Method, last.Path, documented, last.Status, w.RedactBody(last.Body))
}

// decidedValue is rule 7 for one value of the last response's JSON body:
// conform's choice (want) passes; another value, or none, passes with a
// warning when the reference allows it. The response was validated
// against its operation's spec when it arrived (a missing required field
// or a value outside its enum already failed); here the value is checked
// once more against the enum the status documents for that property.
func decidedValue(ctx context.Context, path, want string) error {
	w := world(ctx)
	r, err := w.JSONAt(path)
	if err != nil {
		return err
	}
	want, err = w.Expand(want)
	if err != nil {
		return err
	}
	if r.Type == gjson.String && r.Str == want {
		return nil
	}
	last, err := w.Last()
	if err != nil {
		return err
	}
	source := fmt.Sprintf("%s spec, %s %s, status %d", last.Provider, last.Method, last.Path, last.Status)
	if !r.Exists() {
		w.Warn(decidedRule, source, "conform answers %q at %q [decided]; the target's answer has nothing there, which its reference allows", want, path)
		return nil
	}
	enum := w.documentedEnum(last, path)
	if r.Type != gjson.String || (len(enum) > 0 && !slices.Contains(enum, r.Str)) {
		return fmt.Errorf("expected %q at %q [decided], or another value that %s documents (%s), got %s",
			want, path, source, strings.Join(enum, ", "), w.Describe(path, r))
	}
	w.Warn(decidedRule, source, "conform answers %q at %q [decided]; the target %s, which its reference allows", want, path, w.Describe(path, r))
	return nil
}

// valueIfPresent checks a documented value of a field its reference does
// not require: a different value fails, no value at all is a warning
// (rule 1 allows it; rule 2: not what the reference shows).
func valueIfPresent(ctx context.Context, path, want string) error {
	w := world(ctx)
	r, err := w.JSONAt(path)
	if err != nil {
		return err
	}
	want, err = w.Expand(want)
	if err != nil {
		return err
	}
	if !r.Exists() {
		last, err := w.Last()
		if err != nil {
			return err
		}
		w.Warn("rule 2", fmt.Sprintf("%s spec, %s %s, status %d", last.Provider, last.Method, last.Path, last.Status),
			"the answer has no %q; the reference requires none and shows %q", path, want)
		return nil
	}
	if r.Type != gjson.String || r.Str != want {
		return fmt.Errorf("expected %q at %q, got %s", want, path, w.Describe(path, r))
	}
	return nil
}

// documentedStatuses lists the statuses the spec documents for the
// operation a response answered; nil when none matches.
func (w *World) documentedStatuses(r *Response) []int {
	op := w.operationOf(r)
	if op == nil {
		return nil
	}
	return op.Statuses
}

// documentedEnum is the enum the spec documents for the property a
// dotted JSON path ends in ("syntaxErrors.invalidFields.0.error" →
// error), in the body of the response's status; nil when none.
func (w *World) documentedEnum(r *Response, path string) []string {
	op := w.operationOf(r)
	if op == nil {
		return nil
	}
	property := path[strings.LastIndex(path, ".")+1:]
	if enum := op.BodyEnum(r.Status, property); enum != nil {
		return enum
	}
	return oas.NestedEnum(op, r.Status, path)
}

// operationOf is the spec's operation a response answered; nil when none.
func (w *World) operationOf(r *Response) *oas.Operation {
	spec := w.env.Specs[r.Provider]
	if spec == nil {
		return nil
	}
	op, _, err := spec.Match(r.Method, r.Path)
	if err != nil {
		return nil
	}
	return op
}

// acceptNewest is rule 6: an answer that breaks the spec of the version
// under test but follows the newest version's spec of the provider (a
// current source documents it: Weavr 3.63's 403 body answered under 3.32)
// passes with a warning quoting what the older spec says. Only a body
// where the older spec declares none is forgiven so, and only when the
// newest version documents that very body: any other difference between
// versions (3.63's identities page answered under 3.32) stays a failure.
func (w *World) acceptNewest(provider string, r oas.Response, vs oas.Violations) oas.Violations {
	newest := w.env.Newest[provider]
	if newest == nil {
		return vs
	}
	for _, v := range vs {
		if v.Reason != oas.UndeclaredBody {
			return vs
		}
	}
	if _, nvs := newest.ValidateResponse(r); len(nvs) > 0 {
		return vs
	}
	var said []string
	for _, v := range vs {
		said = append(said, w.Secrets.String(v.Error()))
	}
	w.Warn("rule 6", fmt.Sprintf("%s spec of the version under test; the newest version documents this answer", provider),
		"the answer follows the provider's newest reference, not the version under test: %s", strings.Join(said, "; "))
	return nil
}
