package reports

import "fmt"

// Verdict is a run's verdict in one word, the first thing every report and
// the console say of it.
type Verdict string

// The verdicts, from the best to the worst news a reader can act on.
const (
	// VerdictPassed: every scenario that ran passed (warnings allowed) and
	// at least one ran.
	VerdictPassed Verdict = "PASSED"
	// VerdictFailed: a scenario broke a rule of the reference.
	VerdictFailed Verdict = "FAILED"
	// VerdictError: no rule was seen broken, but something could not be
	// judged (no answer, a control API failure), or nothing was judged at
	// all: never a pass.
	VerdictError Verdict = "ERROR"
	// VerdictInterrupted: the run stopped before its end (Ctrl-C, deadline,
	// fail-fast); what it judged is incomplete.
	VerdictInterrupted Verdict = "INTERRUPTED"
)

// RunVerdict is the verdict on a whole run, with what it rests on.
type RunVerdict struct {
	Verdict Verdict `json:"verdict"`
	// Why says in words what the verdict rests on ("2 of 40 scenarios
	// failed").
	Why string `json:"why"`
	// Certification is the verdict on --require-coverage; nil when none
	// was asked.
	Certification *Certification `json:"certification,omitempty"`
}

// Words is the verdict as a banner says it: "FAILED", or "PASSED · NOT
// CERTIFIED" when a certification was asked.
func (v RunVerdict) Words() string {
	switch {
	case v.Certification == nil:
		return string(v.Verdict)
	case v.Certification.Certified:
		return string(v.Verdict) + " · CERTIFIED"
	default:
		return string(v.Verdict) + " · NOT CERTIFIED"
	}
}

// OK reports whether the run may be read as a success: passed, and
// certified when a certification was asked.
func (v RunVerdict) OK() bool {
	return v.Verdict == VerdictPassed && (v.Certification == nil || v.Certification.Certified)
}

// Judge decides the verdict on run: the one place every report (html,
// summary, JUnit) and the console take it from, so that they cannot
// disagree. An interruption outranks everything (a partial run proves
// nothing either way), then a failure, then what could not be judged.
func Judge(run *Run) RunVerdict {
	t := CountScenarios(run)
	v := RunVerdict{Certification: Certify(run, CountCodes(Coverage(run)))}
	switch judged := t.Passed + t.Failed + t.Errored; {
	case run.Interrupted != "":
		v.Verdict, v.Why = VerdictInterrupted, "the run stopped before its end ("+run.Interrupted+"); its verdicts are incomplete"
	case t.Failed > 0:
		v.Verdict, v.Why = VerdictFailed, fmt.Sprintf("%d of %s failed", t.Failed, scenarios(judged))
	case t.Errored > 0:
		v.Verdict, v.Why = VerdictError, fmt.Sprintf("%d of %s could not be judged; none failed", t.Errored, scenarios(judged))
	case judged == 0:
		v.Verdict, v.Why = VerdictError, "no scenario was judged"
		if t.NotApplicable > 0 {
			v.Why += fmt.Sprintf(": all %s were not applicable to this target", scenarios(t.NotApplicable))
		}
	default:
		v.Verdict, v.Why = VerdictPassed, fmt.Sprintf("%s passed", scenarios(t.Passed))
		if t.Passed == 1 {
			v.Why = "the 1 scenario that ran passed"
		} else if t.NotApplicable == 0 {
			v.Why = fmt.Sprintf("all %s passed", scenarios(t.Passed))
		}
		if t.Warned > 0 {
			v.Why += fmt.Sprintf(", %d with warnings", t.Warned)
		}
	}
	if run.Shard != nil && run.Interrupted == "" {
		// A shard judges only its part: it says so before its own verdict.
		v.Why = run.Shard.verdict() + "; its own scenarios: " + v.Why
	}
	return v
}
