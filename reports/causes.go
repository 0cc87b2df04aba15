package reports

import (
	"cmp"
	"slices"
)

// CauseGroup is one cause of failures and the scenarios it failed.
type CauseGroup struct {
	Cause
	Count     int      `json:"count"`
	Scenarios []string `json:"scenarios"`
}

// Causes groups the failed scenarios of run by their cause (operation,
// status, rule), the most frequent first, then in run order: two defects
// in a deployment read as two causes, however many scenarios they fail.
func Causes(run *Run) []CauseGroup {
	var groups []CauseGroup
	index := map[Cause]int{}
	for _, f := range run.Features {
		for i := range f.Scenarios {
			s := &f.Scenarios[i]
			if outcomeOf(s) != Failed {
				continue
			}
			c := Cause{Provider: s.Provider, Rule: s.Reason}
			if s.Cause != nil {
				c = *s.Cause
			}
			j, ok := index[c]
			if !ok {
				j = len(groups)
				index[c] = j
				groups = append(groups, CauseGroup{Cause: c})
			}
			groups[j].Count++
			groups[j].Scenarios = append(groups[j].Scenarios, scenarioID(&f, s))
		}
	}
	slices.SortStableFunc(groups, func(a, b CauseGroup) int { return cmp.Compare(b.Count, a.Count) })
	return groups
}
