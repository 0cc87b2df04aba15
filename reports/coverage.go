package reports

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"
)

// CodeResult is the verdict on one documented code: the outcome of the
// scenarios that exercise it.
type CodeResult struct {
	Code
	Outcome Outcome
	// Scenarios lists the IDs of the scenarios covering the code, in run
	// order.
	Scenarios []string
}

// Coverage returns the verdict on every code in run.Documented, sorted by
// provider, operation and status, duplicates removed.
//
// A scenario covers a code when it is tagged with both @op:<operation> and
// @status:<status> and, if it names a provider, with the code's provider
// (operation IDs are only unique within one provider's spec). The outcome
// of a code is:
//   - NotCovered when no scenario covers it;
//   - Failed when any covering scenario failed;
//   - NotApplicable when every covering scenario was not applicable;
//   - NotRun when a covering scenario had not finished when the run was
//     stopped and none passed, failed or could not be judged;
//   - Errored when a covering scenario could not be judged and none
//     failed;
//   - Warned when a covering scenario passed with warnings and none
//     failed;
//   - Passed otherwise: at least one covering scenario passed and none
//     failed (a not-applicable one was not run, so it counts neither way).
func Coverage(run *Run) []CodeResult {
	codes := slices.Clone(run.Documented)
	slices.SortStableFunc(codes, compareCodes)
	codes = slices.CompactFunc(codes, func(a, b Code) bool { return compareCodes(a, b) == 0 })

	results := make([]CodeResult, len(codes))
	for i, c := range codes {
		r := CodeResult{Code: c, Outcome: NotCovered, Scenarios: []string{}}
		passed, warned, failed, errored, notRun := false, false, false, false, false
		for _, f := range run.Features {
			for j := range f.Scenarios {
				s := &f.Scenarios[j]
				if !covers(s, c) {
					if outcomeOf(s) == Failed && chargedTo(s, c) {
						// Another scenario's setup broke this code's rule.
						r.Scenarios = append(r.Scenarios, scenarioID(&f, s))
						failed = true
					}
					continue
				}
				r.Scenarios = append(r.Scenarios, scenarioID(&f, s))
				if outcomeOf(s) == Failed && s.Precondition {
					// It failed before its action: its own code was not
					// judged; the failure is charged to its cause.
					errored = true
					continue
				}
				switch outcomeOf(s) {
				case Passed:
					passed = true
					warned = warned || len(s.Warnings) > 0
				case Failed:
					failed = true
				case Errored:
					errored = true
				case NotRun:
					notRun = true
				}
			}
		}
		switch {
		case len(r.Scenarios) == 0:
		case failed:
			r.Outcome = Failed
		case errored:
			r.Outcome = Errored
		case warned:
			r.Outcome = Warned
		case passed:
			r.Outcome = Passed
		case notRun:
			r.Outcome = NotRun
		default:
			r.Outcome = NotApplicable
		}
		results[i] = r
	}
	return results
}

// chargedTo reports whether s's failure is charged to c: its cause is c's
// operation and status.
func chargedTo(s *Scenario, c Code) bool {
	return s.Cause != nil && s.Cause.Provider == c.Provider && s.Cause.Operation == c.Operation && s.Cause.Status == c.Status
}

// compareCodes orders codes by provider, operation and status: the identity
// of a code (method and path follow from the operation).
func compareCodes(a, b Code) int {
	return cmp.Or(
		cmp.Compare(a.Provider, b.Provider),
		cmp.Compare(a.Operation, b.Operation),
		cmp.Compare(a.Status, b.Status),
	)
}

// covers reports whether s exercises c.
func covers(s *Scenario, c Code) bool {
	return (s.Provider == "" || s.Provider == c.Provider) &&
		slices.Contains(s.Operations, c.Operation) &&
		slices.Contains(s.Statuses, c.Status)
}

// scenarioID returns the ID of s, or its place in the feature file when the
// recorder left the ID empty, so that every covering scenario is named.
func scenarioID(f *Feature, s *Scenario) string {
	if s.ID != "" {
		return s.ID
	}
	return f.URI + ":" + strconv.Itoa(s.Line)
}

// CodeTotals counts documented codes by outcome.
type CodeTotals struct {
	Documented    int `json:"documented"`
	Passed        int `json:"passed"`
	Warned        int `json:"warned"`
	Failed        int `json:"failed"`
	Errored       int `json:"errored"`
	NotApplicable int `json:"not_applicable"`
	NotCovered    int `json:"not_covered"`
	NotRun        int `json:"not_run"`
}

// CountCodes counts results by outcome.
func CountCodes(results []CodeResult) CodeTotals {
	t := CodeTotals{Documented: len(results)}
	for _, r := range results {
		switch r.Outcome {
		case Passed:
			t.Passed++
		case Warned:
			t.Warned++
		case Failed:
			t.Failed++
		case Errored:
			t.Errored++
		case NotApplicable:
			t.NotApplicable++
		case NotCovered:
			t.NotCovered++
		case NotRun:
			t.NotRun++
		}
	}
	return t
}

// Checked is how many codes the run judged: passed (with or without
// warnings) or failed. Not applicable, not covered and errored codes were
// not judged.
func (t CodeTotals) Checked() int { return t.Passed + t.Warned + t.Failed }

// CheckedShare is Checked / Documented, rounded to 4 decimal places: how
// much of the documented contract the run certifies, whatever it found.
func (t CodeTotals) CheckedShare() float64 {
	if t.Documented == 0 {
		return 0
	}
	return math.Round(float64(t.Checked())/float64(t.Documented)*1e4) / 1e4
}

// ProviderCodes are one provider's code totals.
type ProviderCodes struct {
	Provider string     `json:"provider"`
	Version  string     `json:"version,omitempty"`
	Codes    CodeTotals `json:"codes"`
	Checked  int        `json:"checked"`
	Share    float64    `json:"checked_share"`
}

// CountCodesByProvider counts results per provider, in provider order,
// with the version under test.
func CountCodesByProvider(run *Run, results []CodeResult) []ProviderCodes {
	var out []ProviderCodes
	for _, r := range results {
		if n := len(out); n == 0 || out[n-1].Provider != r.Provider {
			out = append(out, ProviderCodes{Provider: r.Provider, Version: run.Versions[r.Provider]})
		}
		p := &out[len(out)-1]
		one := CountCodes([]CodeResult{r})
		p.Codes.Documented += one.Documented
		p.Codes.Passed += one.Passed
		p.Codes.Warned += one.Warned
		p.Codes.Failed += one.Failed
		p.Codes.Errored += one.Errored
		p.Codes.NotApplicable += one.NotApplicable
		p.Codes.NotCovered += one.NotCovered
		p.Codes.NotRun += one.NotRun
	}
	for i := range out {
		out[i].Checked, out[i].Share = out[i].Codes.Checked(), out[i].Codes.CheckedShare()
	}
	return out
}

// Certification is the verdict a run may hand over: certified only when it
// checked at least the required share of the documented codes and nothing
// failed or could not be judged.
type Certification struct {
	Required  float64 `json:"required"`
	Checked   float64 `json:"checked_share"`
	Certified bool    `json:"certified"`
	// Why says in words what the verdict rests on.
	Why string `json:"why"`
}

// Certify judges run against a required share of checked codes (0 to 1);
// nil when none is required, and for a shard, whose coverage is partial
// (the merged run is certified).
func Certify(run *Run, codes CodeTotals) *Certification {
	if run.RequireCoverage <= 0 || run.Shard != nil {
		return nil
	}
	c := &Certification{Required: run.RequireCoverage, Checked: codes.CheckedShare()}
	switch {
	case run.Interrupted != "":
		c.Why = "the run was interrupted"
	case codes.Failed > 0:
		c.Why = fmt.Sprintf("%d documented codes failed", codes.Failed)
	case codes.Errored > 0:
		c.Why = fmt.Sprintf("%d documented codes could not be judged", codes.Errored)
	case c.Checked < c.Required:
		c.Why = fmt.Sprintf("%d of %d documented codes checked (%.1f%%), below the %.1f%% required", codes.Checked(), codes.Documented, c.Checked*100, c.Required*100)
	default:
		c.Certified = true
		c.Why = fmt.Sprintf("%d of %d documented codes checked (%.1f%%, %.1f%% required), none failed", codes.Checked(), codes.Documented, c.Checked*100, c.Required*100)
	}
	return c
}

// Score is the conformance score: passed codes (warned ones included: a
// warning is allowed by the reference) / (documented codes − not applicable
// codes), a fraction from 0 to 1 rounded to 4 decimal places, or 0 when no
// code applies. Not-applicable codes leave the denominator because
// the target could not be asked about them; not-covered ones stay in it, so
// a missing scenario costs as much as a failing one.
func (t CodeTotals) Score() float64 {
	applicable := t.Documented - t.NotApplicable
	if applicable <= 0 {
		return 0
	}
	return math.Round(float64(t.Passed+t.Warned)/float64(applicable)*1e4) / 1e4
}
