package reports

import (
	"encoding/json"
	"io"
	"time"
)

// The summary.json document: the machine-readable verdict that dashboards
// and certification checks read.
type (
	summaryDoc struct {
		// Verdict and VerdictWhy are Judge's verdict on the run, first.
		Verdict     Verdict           `json:"verdict"`
		VerdictWhy  string            `json:"verdict_why"`
		Target      string            `json:"target"`
		Interrupted string            `json:"interrupted,omitempty"`
		Control     string            `json:"control,omitempty"`
		Versions    map[string]string `json:"versions,omitempty"`
		Strict      bool              `json:"strict,omitempty"`
		StartedAt   string            `json:"started_at"`
		DurationMS  int64             `json:"duration_ms"`
		Totals      ScenarioTotals    `json:"totals"`
		Codes       CodeTotals        `json:"codes"`
		// Score is null for an interrupted run: what it did not run
		// cannot be scored.
		Score *float64 `json:"score"`
		// Checked and CheckedShare say how much was certified: codes
		// judged (passed or failed) of the documented ones, overall and per
		// provider, beside the score, whose denominator leaves out what was
		// not applicable.
		Checked       int             `json:"checked"`
		CheckedShare  float64         `json:"checked_share"`
		Providers     []ProviderCodes `json:"providers"`
		Certification *Certification  `json:"certification,omitempty"`
		Provenance    *Provenance     `json:"provenance,omitempty"`
		Causes        []CauseGroup    `json:"causes,omitempty"`
		// NotApplicable groups the not-applicable scenarios by the
		// capability they lack (or, found while running, by reason).
		NotApplicable []NotApplicableGroup `json:"not_applicable,omitempty"`
		Operations    []summaryOperation   `json:"operations"`

		// Shard is set on a shard's summary: partial, never scored.
		Shard *Shard `json:"shard,omitempty"`
	}
	summaryOperation struct {
		Provider  string          `json:"provider"`
		Operation string          `json:"operation"`
		Method    string          `json:"method"`
		Path      string          `json:"path"`
		Statuses  []summaryStatus `json:"statuses"`
	}
	summaryStatus struct {
		Status    int      `json:"status"`
		Outcome   Outcome  `json:"outcome"`
		Scenarios []string `json:"scenarios"` // scenario IDs
	}
)

// writeSummary writes summary.json for an already redacted run. The score
// is CodeTotals.Score of the run's Coverage.
func writeSummary(w io.Writer, run *Run) error {
	results := Coverage(run)
	codes := CountCodes(results)
	verdict := Judge(run)
	doc := summaryDoc{
		Verdict:       verdict.Verdict,
		VerdictWhy:    verdict.Why,
		Target:        run.Target,
		Interrupted:   run.Interrupted,
		Control:       run.Control,
		Versions:      run.Versions,
		Strict:        run.Strict,
		StartedAt:     run.StartedAt.UTC().Format(time.RFC3339Nano),
		DurationMS:    run.Duration.Milliseconds(),
		Totals:        CountScenarios(run),
		Codes:         codes,
		Checked:       codes.Checked(),
		CheckedShare:  codes.CheckedShare(),
		Providers:     CountCodesByProvider(run, results),
		Certification: Certify(run, codes),
		Provenance:    run.Provenance,
		Causes:        Causes(run),
		NotApplicable: NotApplicableGroups(run),
		Operations:    []summaryOperation{},
	}
	doc.Shard = run.Shard
	if run.Interrupted == "" && run.Shard == nil {
		score := codes.Score()
		doc.Score = &score
	}
	for _, op := range groupOperations(results) {
		so := summaryOperation{
			Provider:  op.Provider,
			Operation: op.Operation,
			Method:    op.Method,
			Path:      op.Path,
		}
		for _, r := range op.Results {
			so.Statuses = append(so.Statuses, summaryStatus{Status: r.Status, Outcome: r.Outcome, Scenarios: r.Scenarios})
		}
		doc.Operations = append(doc.Operations, so)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false) // a JSON file, never inlined in HTML: keep "<" readable
	return enc.Encode(doc)
}

// operation gathers the results of one (provider, operation).
type operation struct {
	Provider, Operation, Method, Path string
	Results                           []CodeResult
}

// groupOperations groups results, which Coverage sorts by provider,
// operation and status, into operations in the same order.
func groupOperations(results []CodeResult) []operation {
	var ops []operation
	for _, r := range results {
		if n := len(ops); n > 0 && ops[n-1].Provider == r.Provider && ops[n-1].Operation == r.Operation {
			ops[n-1].Results = append(ops[n-1].Results, r)
			continue
		}
		ops = append(ops, operation{
			Provider:  r.Provider,
			Operation: r.Operation,
			Method:    r.Method,
			Path:      r.Path,
			Results:   []CodeResult{r},
		})
	}
	return ops
}
