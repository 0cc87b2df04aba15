package reports

import (
	"cmp"
	"fmt"
	"slices"
)

// NotApplicableGroup is one capability the target lacks and the
// not-applicable scenarios that need it; or, for scenarios a step found not
// applicable while running (no capability named), one reason.
type NotApplicableGroup struct {
	// Capability is the missing capability ("fixture:weavr/user"); "" for a
	// group of one reason.
	Capability string `json:"capability,omitempty"`
	// Provide says what would offer the capability: a config key or flag,
	// or that only conform's control API does.
	Provide string `json:"provide,omitempty"`
	// Reason is the reason of a group without a capability.
	Reason    string   `json:"reason,omitempty"`
	Count     int      `json:"count"`
	Scenarios []string `json:"scenarios"`
}

// NotApplicableGroups groups the not-applicable scenarios of run by missing
// capability (a scenario lacking several counts in each group), and the
// others by reason, the largest group first, then by name: what to provide
// to run more, instead of a line per scenario.
func NotApplicableGroups(run *Run) []NotApplicableGroup {
	var groups []NotApplicableGroup
	index := map[[2]string]int{}
	add := func(key [2]string, g NotApplicableGroup, id string) {
		j, ok := index[key]
		if !ok {
			j = len(groups)
			index[key] = j
			groups = append(groups, g)
		}
		groups[j].Count++
		groups[j].Scenarios = append(groups[j].Scenarios, id)
	}
	for _, f := range run.Features {
		for i := range f.Scenarios {
			s := &f.Scenarios[i]
			if outcomeOf(s) != NotApplicable {
				continue
			}
			id := scenarioID(&f, s)
			if len(s.Missing) == 0 {
				add([2]string{"", s.Reason}, NotApplicableGroup{Reason: s.Reason}, id)
				continue
			}
			for _, m := range s.Missing {
				add([2]string{string(m.Capability)}, NotApplicableGroup{Capability: string(m.Capability), Provide: m.Provide}, id)
			}
		}
	}
	slices.SortStableFunc(groups, func(a, b NotApplicableGroup) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(a.Capability, b.Capability))
	})
	return groups
}

// Label names the group as the summaries write it: "faults (only
// conform's control API offers it)", or the reason.
func (g NotApplicableGroup) Label() string {
	if g.Capability == "" {
		return g.Reason
	}
	return g.Capability + " (" + g.Provide + ")"
}

// scenarios writes a number of scenarios, in the singular for one.
func scenarios(n int) string {
	if n == 1 {
		return "1 scenario"
	}
	return fmt.Sprintf("%d scenarios", n)
}
