package reports

// ScenarioTotals counts the scenarios of a run by outcome.
type ScenarioTotals struct {
	Scenarios     int `json:"scenarios"`
	Passed        int `json:"passed"`
	Warned        int `json:"warned"` // passed, with warnings
	Failed        int `json:"failed"`
	Errored       int `json:"errored"`
	NotApplicable int `json:"not_applicable"`
	// NotRun counts the scenarios that had not finished when the run was
	// stopped.
	NotRun int `json:"not_run"`
}

// CountScenarios counts the scenarios of run by outcome. A scenario whose
// outcome is neither passed nor not applicable counts as failed (see
// outcomeOf).
func CountScenarios(run *Run) ScenarioTotals {
	var t ScenarioTotals
	for _, f := range run.Features {
		for i := range f.Scenarios {
			t.Scenarios++
			switch outcomeOf(&f.Scenarios[i]) {
			case Passed:
				t.Passed++
				if len(f.Scenarios[i].Warnings) > 0 {
					t.Warned++
				}
			case NotApplicable:
				t.NotApplicable++
			case Errored:
				t.Errored++
			case NotRun:
				t.NotRun++
			default:
				t.Failed++
			}
		}
	}
	return t
}

// outcomeOf returns the outcome of s as the reports count it: anything but
// Passed, NotApplicable, Errored or NotRun (an empty or unknown outcome, a recorder
// bug) is Failed, so that a broken run can never look better than it was.
func outcomeOf(s *Scenario) Outcome {
	switch s.Outcome {
	case Passed, NotApplicable, Errored, NotRun:
		return s.Outcome
	default:
		return Failed
	}
}
