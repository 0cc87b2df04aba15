package reports

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// The Cucumber JSON elements (the format of cucumber-js's and godog's
// "cucumber" formatter), limited to what this harness knows.
type (
	cukeFeature struct {
		URI         string        `json:"uri"`
		ID          string        `json:"id"`
		Keyword     string        `json:"keyword"`
		Name        string        `json:"name"`
		Description string        `json:"description"`
		Line        int           `json:"line"`
		Tags        []cukeTag     `json:"tags,omitempty"`
		Elements    []cukeElement `json:"elements"`
	}
	cukeElement struct {
		ID          string     `json:"id"`
		Keyword     string     `json:"keyword"`
		Name        string     `json:"name"`
		Description string     `json:"description"`
		Line        int        `json:"line"`
		Type        string     `json:"type"`
		Tags        []cukeTag  `json:"tags,omitempty"`
		Before      []cukeHook `json:"before,omitempty"`
		Steps       []cukeStep `json:"steps"`
		After       []cukeHook `json:"after,omitempty"`
	}
	cukeTag struct {
		Name string `json:"name"`
		Line int    `json:"line"`
	}
	cukeStep struct {
		Keyword   string         `json:"keyword"`
		Name      string         `json:"name"`
		Line      int            `json:"line"`
		DocString *cukeDocString `json:"doc_string,omitempty"`
		Match     cukeMatch      `json:"match"`
		Result    cukeResult     `json:"result"`
	}
	cukeDocString struct {
		Value string `json:"value"`
		Line  int    `json:"line"`
	}
	cukeHook struct {
		Match  cukeMatch  `json:"match"`
		Result cukeResult `json:"result"`
	}
	cukeMatch struct {
		Location string `json:"location"`
	}
	cukeResult struct {
		Status       string `json:"status"`
		Duration     int64  `json:"duration"` // nanoseconds
		ErrorMessage string `json:"error_message,omitempty"`
	}
)

// notApplicableTag marks not-applicable scenarios, so that Cucumber
// reporters, which know only passed, failed and skipped, can filter them.
const notApplicableTag = "@not_applicable"

// erroredTag marks a scenario that could not be judged (Cucumber shows it
// failed, having no other word for it).
const erroredTag = "@conform-error"

// notRunTag marks a scenario that had not finished when the run was
// stopped (Cucumber shows it failed, so that the run is not green).
const notRunTag = "@conform-not-run"

// warnedTag marks a scenario that passed with warnings, likewise.
const warnedTag = "@conform-warned"

// withProvenance ends a feature's description with where the run's
// verdicts come from: Cucumber JSON has no place for a run's own facts, and
// a report handed over must carry them.
func withProvenance(description string, run *Run) string {
	var facts []string
	if p := run.Provenance; p != nil && p.Conform != "" {
		facts = append(facts, p.Conform)
	}
	if v := run.VersionsLine(); v != "" {
		facts = append(facts, "versions: "+v)
	}
	if p := run.Provenance; p != nil && p.FeaturesNote != "" {
		facts = append(facts, "feature files: "+p.FeaturesNote)
	}
	if v := run.Verdict(); v != "" {
		// First: a reader of any feature learns the run was stopped.
		facts = append([]string{v}, facts...)
	}
	if len(facts) == 0 {
		return description
	}
	return strings.TrimSpace(description + "\n\n[conform] " + strings.Join(facts, "; "))
}

// writeCucumber writes the Cucumber JSON report of an already redacted run.
// Nothing is embedded: exchanges live in report.html, where they are
// readable, not in base64 blobs nobody reviews.
func writeCucumber(w io.Writer, run *Run) error {
	features := make([]cukeFeature, 0, len(run.Features))
	for _, f := range run.Features {
		cf := cukeFeature{
			URI:         f.URI,
			ID:          slug(f.Name),
			Keyword:     "Feature",
			Name:        f.Name,
			Description: withProvenance(f.Description, run),
			Line:        1,
			Tags:        cukeTags(f.Tags, 1),
			Elements:    []cukeElement{},
		}
		seen := map[string]bool{}
		for i := range f.Scenarios {
			e := cukeScenario(&f, &f.Scenarios[i])
			e.ID = cf.ID + ";" + slug(f.Scenarios[i].Name)
			if seen[e.ID] { // outline rows share a name
				e.ID += ";" + strconv.Itoa(f.Scenarios[i].Line)
			}
			seen[e.ID] = true
			cf.Elements = append(cf.Elements, e)
		}
		features = append(features, cf)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false) // a JSON file, never inlined in HTML: keep "<" readable
	return enc.Encode(features)
}

// cukeScenario converts one scenario. Cucumber has no "not applicable" and
// no failure outside steps, so both are carried by hooks: a skipped before
// hook holding the reason, and a failed after hook when the scenario failed
// although no step did (a spec violation found after the last step).
func cukeScenario(f *Feature, s *Scenario) cukeElement {
	e := cukeElement{
		Keyword: "Scenario",
		Name:    s.Name,
		Line:    s.Line,
		Type:    "scenario",
		Tags:    cukeTags(s.Tags, s.Line-1),
		Steps:   []cukeStep{},
	}
	outcome := outcomeOf(s)
	stepFailed := false
	for _, st := range s.Steps {
		cs := cukeStep{
			Keyword: st.Keyword,
			Name:    st.Text,
			Line:    st.Line,
			Match:   cukeMatch{Location: fmt.Sprintf("%s:%d", f.URI, st.Line)},
			Result: cukeResult{
				Status:       string(st.Status),
				Duration:     st.Duration.Nanoseconds(),
				ErrorMessage: st.Error,
			},
		}
		if st.DocString != "" {
			cs.DocString = &cukeDocString{Value: st.DocString, Line: st.Line + 1}
		}
		switch {
		case outcome == NotApplicable, outcome == NotRun:
			cs.Result = cukeResult{Status: string(StepSkipped)}
		case cs.Result.Status == "":
			cs.Result.Status = string(StepSkipped)
		case st.Status == StepFailed && !stepFailed:
			stepFailed = true
			cs.Result.ErrorMessage = withViolations(st.Error, s)
		}
		e.Steps = append(e.Steps, cs)
	}
	switch {
	case outcome == NotApplicable:
		e.Description = "Not applicable: " + s.Reason
		e.Tags = append(e.Tags, cukeTag{Name: notApplicableTag, Line: s.Line - 1})
		e.Before = []cukeHook{{
			Match:  cukeMatch{Location: "conform:not_applicable"},
			Result: cukeResult{Status: string(StepSkipped), ErrorMessage: "not applicable: " + s.Reason},
		}}
	case outcome == NotRun:
		// Failed, not skipped: a stopped run must not read as green.
		e.Tags = append(e.Tags, cukeTag{Name: notRunTag, Line: s.Line - 1})
		e.After = []cukeHook{{
			Match:  cukeMatch{Location: "conform:not_run"},
			Result: cukeResult{Status: string(StepFailed), ErrorMessage: "not run: " + s.Reason},
		}}
	case outcome == Errored:
		e.Tags = append(e.Tags, cukeTag{Name: erroredTag, Line: s.Line - 1})
		if !stepFailed {
			e.After = []cukeHook{{
				Match:  cukeMatch{Location: "conform:error"},
				Result: cukeResult{Status: string(StepFailed), ErrorMessage: "could not be judged: " + s.Reason},
			}}
		}
	case outcome == Failed && !stepFailed:
		e.After = []cukeHook{{
			Match:  cukeMatch{Location: "conform:conformance"},
			Result: cukeResult{Status: string(StepFailed), ErrorMessage: withViolations(s.Reason, s)},
		}}
	case len(s.Warnings) > 0:
		// A passed scenario with warnings: passed for Cucumber's readers,
		// the warnings in its description and an @conform-warned tag.
		var b strings.Builder
		for _, w := range s.Warnings {
			fmt.Fprintf(&b, "WARN %s\n", w)
		}
		e.Description = strings.TrimSuffix(b.String(), "\n")
		e.Tags = append(e.Tags, cukeTag{Name: warnedTag, Line: s.Line - 1})
	}
	return e
}

// withViolations appends to msg the violations of s it does not already
// mention, so that the failing step shows every way the target broke its
// spec.
func withViolations(msg string, s *Scenario) string {
	var b strings.Builder
	b.WriteString(msg)
	for _, e := range s.Exchanges {
		for _, v := range e.Violations {
			if !strings.Contains(msg, v) {
				fmt.Fprintf(&b, "\n%s: %s", exchangeLine(&e), v)
			}
		}
	}
	return b.String()
}

// cukeTags converts tags, which the model records without line numbers.
func cukeTags(tags []string, line int) []cukeTag {
	out := make([]cukeTag, 0, len(tags))
	for _, t := range tags {
		out = append(out, cukeTag{Name: t, Line: max(line, 1)})
	}
	return out
}

// slug makes a Cucumber ID the way Cucumber does: lower case, runs of
// anything but letters and digits replaced by a hyphen.
func slug(s string) string {
	var b strings.Builder
	hyphen := false
	for _, r := range strings.ToLower(s) {
		if 'a' <= r && r <= 'z' || '0' <= r && r <= '9' {
			b.WriteRune(r)
			hyphen = false
		} else if !hyphen && b.Len() > 0 {
			b.WriteByte('-')
			hyphen = true
		}
	}
	return strings.TrimSuffix(b.String(), "-")
}
