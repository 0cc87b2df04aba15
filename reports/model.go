// Package reports turns the outcome of a conformance run into the files that
// CI systems and certifying vendors read: JUnit XML, Cucumber JSON, a
// self-contained HTML page and summary.json.
//
// Every writer redacts secrets again before it writes, even though the steps
// already redact what they record: a report is handed to third parties, so it
// must not depend on every recorder being careful.
package reports

import (
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/conformhq/conform/specs/redact"
	"github.com/conformhq/conform/steps"
)

// Outcome is the verdict on one scenario, or on one documented code.
type Outcome string

// The outcomes. NotApplicable is for scenarios the target cannot run (they
// need the control API and the target has none): reported with their reason,
// never counted as passed. NotCovered applies only to documented codes that no
// scenario exercises.
const (
	Passed        Outcome = "passed"
	Failed        Outcome = "failed"
	NotApplicable Outcome = "not_applicable"
	NotCovered    Outcome = "not_covered"
	// Errored is a scenario that could not be judged: a request got no
	// answer (the target could not be reached, hung, reset the connection)
	// or conform's control API failed it. Never a conformance failure, and
	// never a pass.
	Errored Outcome = "error"
	// Warned applies to documented codes only: every covering scenario
	// that ran passed, and one of them with a warning (an answer the
	// reference allows but does not show; contract rules 2 and 4).
	Warned Outcome = "warned"
	// NotRun is a scenario (or a code whose every covering scenario) that
	// had not finished when the run was stopped (Ctrl-C, --deadline,
	// --fail-fast, --max-transport-errors): it says nothing about the
	// target, so it is neither not applicable nor passed, and a run with
	// one is never scored or certified.
	NotRun Outcome = "not_run"
)

// Run is one conformance run: what was run, against what, and how it went.
type Run struct {
	// Target names what was tested: "built-in simulator" or a base URL.
	Target string
	// Control says what was found or decided about conform's control API.
	Control string
	// Versions are the providers' versions under test, by provider name.
	Versions map[string]string
	// Interrupted says why the run stopped before its end ("" when it
	// finished): its verdicts are incomplete, and no report of it may pass
	// for a whole run.
	Interrupted string
	// FeatureFiles are the contents of the feature files that ran, by URI
	// ("features/weavr/login.feature"), for an attestation; the writers
	// leave them out.
	FeatureFiles map[string][]byte
	// Provenance says where the verdicts come from; nil when unknown.
	Provenance *Provenance
	// RequireCoverage is the share of documented codes (0 to 1) the run
	// must check to be certified (0: no certification asked).
	RequireCoverage float64
	// Strict runs count warnings as failures.
	Strict    bool
	StartedAt time.Time
	Duration  time.Duration
	// Documented lists every (provider, operation, status) the specs document,
	// whether or not a scenario covers it: the rows of the coverage matrix.
	Documented []Code
	Features   []Feature
	// Shard, when set, says which part of a sharded run this is: its
	// reports hold only its scenarios, and it is neither scored nor
	// certified (the merged run is).
	Shard *Shard `json:",omitempty"`
	// Secrets, when set, holds the literal secrets of the run (credentials,
	// OTPs) so that the writers mask them in every text they write. The
	// writers never add to it: what they learn from the exchanges they keep
	// in a copy.
	Secrets *redact.Secrets `json:"-"`
}

// Verdict is the run's verdict in one line, the first thing every report
// says: an interrupted run is "INTERRUPTED: <why>; not scored, not
// certified", so that no report of it can pass for a whole run; "" for a
// run that finished (its totals say the rest).
func (r *Run) Verdict() string {
	if r.Interrupted == "" {
		if r.Shard != nil {
			return r.Shard.verdict()
		}
		return ""
	}
	return "INTERRUPTED: " + r.Interrupted + "; the scenarios that had not finished are not run, and the run is not scored and not certified"
}

// VersionsLine lists the versions under test, by provider name ("fiskil
// 1, weavr 3.63"); "" when none is recorded.
func (r *Run) VersionsLine() string {
	var parts []string
	for _, name := range slices.Sorted(maps.Keys(r.Versions)) {
		parts = append(parts, name+" "+r.Versions[name])
	}
	return strings.Join(parts, ", ")
}

// Code is one documented (provider, operation, status) pair.
type Code struct {
	Provider  string // fliqa, weavr, fiskil
	Operation string // the operationId
	Method    string
	Path      string
	Status    int
}

// Feature is one .feature file.
type Feature struct {
	Name        string
	URI         string // path of the feature file, e.g. features/weavr/login.feature
	Description string
	Tags        []string
	Scenarios   []Scenario
}

// Scenario is one scenario (or one row of a Scenario Outline's Examples).
type Scenario struct {
	ID   string // stable, unique within the run (feature URI + line)
	Name string
	Line int
	Tags []string // with the leading @, e.g. "@op:loginWithPassword"
	// Provider, Operations and Statuses are read off the @fliqa/@weavr/@fiskil,
	// @op:<operationId> and @status:<code> tags.
	Provider   string
	Operations []string
	Statuses   []int
	Outcome    Outcome
	// Reason explains a failure (the first failing step's message) or why the
	// scenario was not applicable.
	Reason string
	// Missing are the capabilities a not-applicable scenario needs and the
	// target does not offer, found before its first step; empty when a
	// step found it not applicable (Reason says why).
	Missing   []steps.Missing
	Duration  time.Duration
	Steps     []Step
	Exchanges []steps.Exchange
	// Cause names, for a failed scenario, the answer that broke a rule:
	// the operation it came from (not always the scenario's own: a setup
	// step may fail), its status and the rule; nil when unknown.
	Cause *Cause
	// Precondition is true when the scenario failed before its action
	// (a Given step): its own operation was not judged.
	Precondition bool
	// Warnings are what a passed scenario saw that the reference allows
	// but does not show (a strict run fails the scenario instead).
	Warnings []steps.Warning
}

// Cause is the answer a failure is charged to.
type Cause struct {
	Provider  string `json:"provider"`
	Operation string `json:"operation"`
	Status    int    `json:"status"`
	// Rule is what broke: a spec violation (JSON pointer and reason) or
	// the documented behaviour (the failing step).
	Rule string `json:"rule"`
}

// StepStatus is godog's verdict on a step.
type StepStatus string

// The step statuses, as Cucumber names them.
const (
	StepPassed    StepStatus = "passed"
	StepFailed    StepStatus = "failed"
	StepSkipped   StepStatus = "skipped"
	StepUndefined StepStatus = "undefined"
	StepPending   StepStatus = "pending"
)

// Step is one step of a scenario.
type Step struct {
	Keyword   string // "Given ", "When ", ...
	Text      string
	Line      int
	DocString string
	Status    StepStatus
	Error     string
	Duration  time.Duration
}
