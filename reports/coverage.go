package reports

import (
	"cmp"
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
		passed, warned, failed, errored := false, false, false, false
		for _, f := range run.Features {
			for j := range f.Scenarios {
				s := &f.Scenarios[j]
				if !covers(s, c) {
					continue
				}
				r.Scenarios = append(r.Scenarios, scenarioID(&f, s))
				switch outcomeOf(s) {
				case Passed:
					passed = true
					warned = warned || len(s.Warnings) > 0
				case Failed:
					failed = true
				case Errored:
					errored = true
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
		default:
			r.Outcome = NotApplicable
		}
		results[i] = r
	}
	return results
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
		}
	}
	return t
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
