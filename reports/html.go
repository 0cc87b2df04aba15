package reports

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/conformhq/conform/steps"
)

//go:embed report.html.tmpl
var htmlSource string

// htmlTemplate is parsed once; html/template escapes every value for its
// context, which matters because bodies and reasons come from the target.
var htmlTemplate = template.Must(template.New("report").Funcs(template.FuncMap{"count": count}).Parse(htmlSource))

// count writes "1 scenario", "2 scenarios": a number with its noun in the
// right number.
func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// The view of a run that report.html.tmpl renders: everything formatted and
// ordered here, so the template holds no logic beyond loops.
type (
	htmlPage struct {
		// Verdict is the banner, first on the page; VerdictClass its
		// colour (passed, failed, error, interrupted).
		Verdict                            RunVerdict
		VerdictClass                       string
		Conform                            string
		Target, StartedAt, Duration, Score string
		Control, Versions, Interrupted     string
		Checked                            string
		Certification                      *Certification
		ByProvider                         []ProviderCodes
		Provenance                         *Provenance
		Causes                             []CauseGroup
		// Failures are the failed scenarios grouped by cause, the most
		// frequent cause first: each group shows its first scenario in
		// full and folds the others.
		Failures                []htmlCause
		Lacking                 []NotApplicableGroup
		Strict                  bool
		Totals                  ScenarioTotals
		Codes                   CodeTotals
		Providers               []htmlProvider
		Failed, Errored, Warned []htmlScenario
		NotApplicable           []htmlScenario
		NotRun                  []htmlScenario
		Passed                  []htmlScenario
	}
	htmlProvider struct {
		Name     string
		Statuses []int // the matrix columns: every status the provider documents
		Rows     []htmlRow
	}
	htmlRow struct {
		Operation, Method, Path string
		Cells                   []htmlCell // one per column of the provider
	}
	htmlCell struct {
		Status  int
		Outcome Outcome // empty where the operation does not document the status
		Title   string
		Anchor  string // the scenario to jump to, if any
	}
	htmlCause struct {
		CauseGroup
		Title  string // "weavr verifyStepUp 401"
		First  htmlScenario
		Others []htmlScenario
	}
	htmlScenario struct {
		ID, Anchor, Feature, URI, Name, Reason, Duration string
		Line                                             int
		Tags                                             []string
		Warnings                                         []string
		Steps                                            []Step
		Exchanges                                        []htmlExchange
	}
	htmlExchange struct {
		Method, URL, Error, Duration    string
		Status                          int
		RequestHeaders, ResponseHeaders []htmlHeader
		RequestBody, ResponseBody       string
		// ResponseNote says what of the answer was left out (the body's
		// whole size and digest, dropped headers); "" when nothing was.
		ResponseNote string
		Violations   []string
		// Broke marks the exchange that broke the rule; it alone is
		// unfolded, with Curl, a command that replays it (secrets as the
		// shell variables CurlVars).
		Broke    bool
		Curl     string
		CurlVars []string
	}
	htmlHeader struct{ Name, Value string }
)

// writeHTML writes report.html for an already redacted run: one file with
// inline CSS and no scripts, so it can be mailed or attached as it is.
func writeHTML(w io.Writer, run *Run) error {
	results := Coverage(run)
	codes := CountCodes(results)
	verdict := Judge(run)
	page := htmlPage{
		Verdict:       verdict,
		VerdictClass:  strings.ToLower(string(verdict.Verdict)),
		Target:        displayURL(run.Target),
		StartedAt:     run.StartedAt.UTC().Format(time.RFC3339),
		Duration:      run.Duration.Round(time.Millisecond).String(),
		Score:         scoreText(run, codes),
		Totals:        CountScenarios(run),
		Codes:         codes,
		Control:       controlNote(run.Control),
		Interrupted:   run.Interrupted,
		Checked:       fmt.Sprintf("%d of %d documented codes checked (%.1f%%)", codes.Checked(), codes.Documented, codes.CheckedShare()*100),
		Certification: Certify(run, codes),
		ByProvider:    CountCodesByProvider(run, results),
		Provenance:    displayProvenance(run.Provenance),
		Causes:        Causes(run),
		Lacking:       NotApplicableGroups(run),
		Versions:      run.VersionsLine(),
		Strict:        run.Strict,
	}

	if run.Provenance != nil {
		page.Conform = run.Provenance.Conform
	}

	anchors := map[string]string{} // scenario ID -> anchor
	names := map[string]string{}   // scenario ID -> name
	n := 0
	for _, f := range run.Features {
		for i := range f.Scenarios {
			s := &f.Scenarios[i]
			n++
			id := scenarioID(&f, s)
			hs := htmlScenarioOf(&f, s, fmt.Sprintf("s%d", n))
			anchors[id], names[id] = hs.Anchor, s.Name
			hs.ID = id
			switch outcomeOf(s) {
			case Failed:
				page.Failed = append(page.Failed, hs)
			case Errored:
				page.Errored = append(page.Errored, hs)
			case NotApplicable:
				page.NotApplicable = append(page.NotApplicable, hs)
			case NotRun:
				page.NotRun = append(page.NotRun, hs)
			default:
				if len(s.Warnings) > 0 {
					page.Warned = append(page.Warned, hs)
				}
				page.Passed = append(page.Passed, hs)
			}
		}
	}
	page.Providers = htmlMatrix(results, anchors, names)
	page.Failures = htmlCauses(page.Causes, page.Failed, anchors)

	var buf bytes.Buffer
	if err := htmlTemplate.Execute(&buf, page); err != nil {
		return err
	}
	_, err := buf.WriteTo(w)
	return err
}

// scoreText is the score as report.html shows it; an interrupted run has
// none.
func scoreText(run *Run, codes CodeTotals) string {
	if run.Interrupted != "" {
		return "none: the run was interrupted"
	}
	return fmt.Sprintf("%.2f%%", codes.Score()*100)
}

// htmlMatrix lays results out as one table per provider: a row per
// operation, a column per status the provider documents.
func htmlMatrix(results []CodeResult, anchors, names map[string]string) []htmlProvider {
	var providers []htmlProvider
	for _, op := range groupOperations(results) {
		if n := len(providers); n == 0 || providers[n-1].Name != op.Provider {
			providers = append(providers, htmlProvider{Name: op.Provider})
		}
		p := &providers[len(providers)-1]
		row := htmlRow{Operation: op.Operation, Method: op.Method, Path: op.Path}
		for _, r := range op.Results {
			if !slices.Contains(p.Statuses, r.Status) {
				p.Statuses = append(p.Statuses, r.Status)
			}
			var titles []string
			for _, id := range r.Scenarios {
				titles = append(titles, names[id])
			}
			cell := htmlCell{Status: r.Status, Outcome: r.Outcome, Title: string(r.Outcome)}
			if len(titles) > 0 {
				cell.Title += ": " + strings.Join(titles, "; ")
				cell.Anchor = anchors[r.Scenarios[0]]
			}
			row.Cells = append(row.Cells, cell)
		}
		p.Rows = append(p.Rows, row)
	}
	// Spread each row over the provider's columns, now that they are known.
	for i := range providers {
		p := &providers[i]
		slices.Sort(p.Statuses)
		for j := range p.Rows {
			cells := make([]htmlCell, len(p.Statuses))
			for k, status := range p.Statuses {
				cells[k] = htmlCell{Status: status}
			}
			for _, c := range p.Rows[j].Cells {
				cells[slices.Index(p.Statuses, c.Status)] = c
			}
			p.Rows[j].Cells = cells
		}
	}
	return providers
}

// htmlScenarioOf converts one scenario for the template.
func htmlScenarioOf(f *Feature, s *Scenario, anchor string) htmlScenario {
	hs := htmlScenario{
		Anchor:   anchor,
		Feature:  f.Name,
		URI:      f.URI,
		Name:     s.Name,
		Reason:   s.Reason,
		Duration: s.Duration.Round(time.Millisecond).String(),
		Line:     s.Line,
		Tags:     s.Tags,
		Steps:    s.Steps,
	}
	for _, w := range s.Warnings {
		hs.Warnings = append(hs.Warnings, w.String())
	}
	broke := brokeRule(s)
	for i, e := range s.Exchanges {
		he := htmlExchange{
			Method:          e.Method,
			URL:             displayURL(e.URL),
			Error:           e.Error,
			Duration:        e.Duration.Round(time.Millisecond).String(),
			Status:          e.Status,
			RequestHeaders:  htmlHeaders(e.RequestHeaders),
			ResponseHeaders: htmlHeaders(e.ResponseHeaders),
			RequestBody:     prettyJSON(e.RequestBody),
			ResponseBody:    prettyJSON(e.ResponseBody),
			ResponseNote:    responseNote(&e),
			Violations:      e.Violations,
			Broke:           i == broke,
		}
		if he.Broke {
			he.Curl, he.CurlVars = curlCommand(&e, s.Provider)
		}
		hs.Exchanges = append(hs.Exchanges, he)
	}
	return hs
}

// responseNote says what a bounded exchange left out of the answer.
func responseNote(e *steps.Exchange) string {
	var parts []string
	if e.ResponseBodySize > 0 && e.ResponseBodySize > len(e.ResponseBody) {
		parts = append(parts, fmt.Sprintf("body of %d bytes, sha256:%s, shown cut to the run's --max-recorded", e.ResponseBodySize, e.ResponseBodySHA256))
	}
	if e.HeadersDropped > 0 {
		parts = append(parts, fmt.Sprintf("%d headers left out (--max-recorded)", e.HeadersDropped))
	}
	return strings.Join(parts, "; ")
}

// htmlHeaders flattens h, sorted by name, one entry per value.
func htmlHeaders(h map[string][]string) []htmlHeader {
	var out []htmlHeader
	for _, name := range slices.Sorted(maps.Keys(h)) {
		for _, v := range h[name] {
			out = append(out, htmlHeader{Name: name, Value: v})
		}
	}
	return out
}

// prettyJSON indents a JSON body for reading; json.Indent keeps key order
// and the spelling of numbers. Other bodies are shown as they are.
func prettyJSON(body string) string {
	var buf bytes.Buffer
	if json.Indent(&buf, []byte(body), "", "  ") != nil {
		return body
	}
	return buf.String()
}

// brokeRule returns the index of the exchange whose answer broke the rule
// s failed on (or, for a scenario that could not be judged, got no
// answer); -1 for a passed scenario or when no exchange fits. The last
// one that fits wins: the step that failed judged the latest answer.
func brokeRule(s *Scenario) int {
	switch outcomeOf(s) {
	case Failed, Errored:
	default:
		return -1
	}
	last := -1
	for i, e := range s.Exchanges {
		if len(e.Violations) > 0 || e.Error != "" {
			last = i
		}
	}
	if last >= 0 || outcomeOf(s) == Errored {
		// An unjudged scenario whose requests all got answers failed on
		// conform's side (the control API): no answer of the target is to
		// blame.
		return last
	}
	if c := s.Cause; c != nil {
		for i, e := range s.Exchanges {
			if e.Operation == c.Operation && (c.Status == 0 || e.Status == c.Status) {
				last = i
			}
		}
		if last >= 0 {
			return last
		}
	}
	return len(s.Exchanges) - 1
}

// htmlCauses groups the failed scenarios as causes groups them: the first
// scenario of each cause in full, the others folded under it.
func htmlCauses(causes []CauseGroup, failed []htmlScenario, anchors map[string]string) []htmlCause {
	byID := map[string]htmlScenario{}
	for _, s := range failed {
		byID[s.ID] = s
	}
	var out []htmlCause
	for _, c := range causes {
		hc := htmlCause{CauseGroup: c, Title: strings.TrimSpace(fmt.Sprintf("%s %s %s", c.Provider, c.Operation, statusWord(c.Status)))}
		for i, id := range c.Scenarios {
			s, ok := byID[id]
			if !ok {
				continue
			}
			if i == 0 {
				hc.First = s
			} else {
				hc.Others = append(hc.Others, s)
			}
		}
		out = append(out, hc)
	}
	return out
}

func statusWord(status int) string {
	if status == 0 {
		return ""
	}
	return fmt.Sprint(status)
}

// controlNote says what was found of the control API without repeating
// the label the report puts before it ("Control API: built in", not
// "Control API: control API: built in").
func controlNote(note string) string {
	if len(note) > len("control API: ") && strings.EqualFold(note[:len("control API: ")], "control API: ") {
		return note[len("control API: "):]
	}
	return note
}

// displayProvenance is p with the built-in simulator's made-up base URLs
// said in words; nil stays nil.
func displayProvenance(p *Provenance) *Provenance {
	if p == nil {
		return nil
	}
	cp := *p
	cp.BaseURLs = map[string]string{}
	for k, v := range p.BaseURLs {
		cp.BaseURLs[k] = displayURL(v)
	}
	return &cp
}
