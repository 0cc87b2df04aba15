package reports

import (
	"encoding/xml"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/conformhq/conform/steps"
)

// The JUnit XML elements, in the dialect Jenkins, GitLab and GitHub
// reporters all read.
type (
	junitSuites struct {
		XMLName  xml.Name `xml:"testsuites"`
		Name     string   `xml:"name,attr"`
		Tests    int      `xml:"tests,attr"`
		Failures int      `xml:"failures,attr"`
		Errors   int      `xml:"errors,attr"`
		Skipped  int      `xml:"skipped,attr"`
		Time     string   `xml:"time,attr"`
		// Properties say what was run: versions, control API, strictness.
		Properties *junitProperties `xml:"properties,omitempty"`
		Suites     []junitSuite     `xml:"testsuite"`
	}
	junitProperties struct {
		Property []junitProperty `xml:"property"`
	}
	junitProperty struct {
		Name  string `xml:"name,attr"`
		Value string `xml:"value,attr"`
	}
	junitSuite struct {
		Name      string      `xml:"name,attr"`
		Tests     int         `xml:"tests,attr"`
		Failures  int         `xml:"failures,attr"`
		Errors    int         `xml:"errors,attr"`
		Skipped   int         `xml:"skipped,attr"`
		Time      string      `xml:"time,attr"`
		Timestamp string      `xml:"timestamp,attr,omitempty"`
		Cases     []junitCase `xml:"testcase"`
	}
	junitCase struct {
		ClassName string `xml:"classname,attr"`
		Name      string `xml:"name,attr"`
		// File and Line point at the scenario in its feature file, where
		// CI results views (GitHub's test reporters, GitLab) link to.
		File    string        `xml:"file,attr,omitempty"`
		Line    int           `xml:"line,attr,omitempty"`
		Time    string        `xml:"time,attr"`
		Failure *junitMessage `xml:"failure,omitempty"`
		Error   *junitMessage `xml:"error,omitempty"`
		// SystemOut carries a passed scenario's warnings: visible in CI
		// without failing the case.
		SystemOut string        `xml:"system-out,omitempty"`
		Skipped   *junitMessage `xml:"skipped,omitempty"`
	}
	junitMessage struct {
		Message string `xml:"message,attr"`
		Type    string `xml:"type,attr,omitempty"`
		// CDATA keeps the newlines of the text readable in CI logs, where
		// chardata would turn each into &#xA;.
		Text string `xml:",cdata"`
	}
)

// writeJUnit writes the JUnit XML report of an already redacted run: one
// testsuite per feature, one testcase per scenario. Not-applicable scenarios
// are skipped, never passed, so CI shows them as not run.
func writeJUnit(w io.Writer, run *Run) error {
	name := "conform: " + run.Target
	if run.Interrupted != "" {
		name = "conform (INTERRUPTED, not scored): " + run.Target
	}
	doc := junitSuites{Name: name, Time: seconds(run.Duration), Properties: junitPropertiesOf(run)}
	for _, f := range run.Features {
		suite := junitSuite{Name: f.Name, Timestamp: junitTime(run.StartedAt)}
		if suite.Name == "" {
			suite.Name = f.URI
		}
		var total time.Duration
		for i := range f.Scenarios {
			s := &f.Scenarios[i]
			total += s.Duration
			c := junitCase{ClassName: f.URI, Name: s.Name, File: f.URI, Line: s.Line, Time: seconds(s.Duration)}
			for _, w := range s.Warnings {
				c.SystemOut += "WARN " + w.String() + "\n"
			}
			switch outcomeOf(s) {
			case Failed:
				suite.Failures++
				c.Failure = &junitMessage{Message: s.Reason, Type: "failed", Text: xmlSafe(failureText(s))}
			case Errored:
				suite.Errors++
				c.Error = &junitMessage{Message: "could not be judged: " + s.Reason, Type: "error", Text: xmlSafe(failureText(s))}
			case NotRun:
				// An error, not a skip: every CI results view must show a
				// stopped run as not passed.
				suite.Errors++
				c.Error = &junitMessage{Message: "not run: " + s.Reason, Type: "not_run", Text: xmlSafe("not run: " + s.Reason)}
			case NotApplicable:
				suite.Skipped++
				c.Skipped = &junitMessage{Message: "not applicable: " + s.Reason}
			}
			suite.Cases = append(suite.Cases, c)
		}
		suite.Tests = len(suite.Cases)
		suite.Time = seconds(total)
		doc.Tests += suite.Tests
		doc.Failures += suite.Failures
		doc.Errors += suite.Errors
		doc.Skipped += suite.Skipped
		doc.Suites = append(doc.Suites, suite)
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// failureText is the body of a <failure>: what a developer reading the CI
// log needs without opening report.html: the reason, the steps, and every
// exchange that broke its spec or got no response.
func failureText(s *Scenario) string {
	var b strings.Builder
	b.WriteString(s.Reason)
	b.WriteString("\n\nSteps:\n")
	for _, st := range s.Steps {
		fmt.Fprintf(&b, "  [%s] %s%s\n", st.Status, st.Keyword, st.Text)
		if st.Error != "" {
			fmt.Fprintf(&b, "      %s\n", indentLines(st.Error, "      "))
		}
	}
	for _, e := range s.Exchanges {
		if len(e.Violations) == 0 && e.Error == "" {
			continue
		}
		fmt.Fprintf(&b, "\n%s\n", exchangeLine(&e))
		for _, v := range e.Violations {
			fmt.Fprintf(&b, "  - %s\n", v)
		}
	}
	return b.String()
}

// junitPropertiesOf lists what the run was: its provenance, the versions
// under test, the control API, strictness, an interruption; nil when there
// is nothing to say.
func junitPropertiesOf(run *Run) *junitProperties {
	var p junitProperties
	add := func(name, value string) {
		if value != "" {
			p.Property = append(p.Property, junitProperty{Name: name, Value: value})
		}
	}
	if pr := run.Provenance; pr != nil {
		add("conform", pr.Conform)
		add("features", pr.FeaturesNote)
		for _, d := range pr.Specs {
			add("spec."+d.Name+".sha256", d.SHA256)
		}
		add("image", strings.TrimSpace(pr.Image+" "+pr.ImageID))
	}
	for _, name := range slices.Sorted(maps.Keys(run.Versions)) {
		add("version."+name, run.Versions[name])
	}
	add("verdict", Judge(run).Words())
	if run.Shard != nil {
		add("shard", run.Shard.verdict())
	}
	add("interrupted", run.Interrupted)
	add("control", run.Control)
	for _, g := range NotApplicableGroups(run) {
		if g.Capability != "" {
			add("not_applicable."+g.Capability, fmt.Sprintf("%s; %s", scenarios(g.Count), g.Provide))
		}
	}
	if run.Strict {
		add("strict", "true")
	}
	if len(p.Property) == 0 {
		return nil
	}
	return &p
}

// exchangeLine summarises an exchange as "METHOD URL -> status" (or the
// transport error).
func exchangeLine(e *steps.Exchange) string {
	if e.Status == 0 {
		return fmt.Sprintf("%s %s -> no response: %s", e.Method, e.URL, e.Error)
	}
	return fmt.Sprintf("%s %s -> %d", e.Method, e.URL, e.Status)
}

// indentLines indents every line of s after the first with prefix.
func indentLines(s, prefix string) string {
	return strings.ReplaceAll(strings.TrimRight(s, "\n"), "\n", "\n"+prefix)
}

// seconds formats d as JUnit wants it: seconds, millisecond precision.
func seconds(d time.Duration) string {
	return fmt.Sprintf("%.3f", d.Seconds())
}

// junitTime formats t as the JUnit schema's timestamp (ISO 8601, no zone),
// in UTC so that the report does not depend on where it was written.
func junitTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2006-01-02T15:04:05")
}

// xmlSafe replaces the characters XML 1.0 forbids (most control characters,
// which a target's error body may contain) with U+FFFD: CDATA, unlike
// attributes and chardata, is written by encoding/xml without that check.
func xmlSafe(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\t' || r == '\n' || r == '\r',
			r >= 0x20 && r <= 0xD7FF,
			r >= 0xE000 && r <= 0xFFFD,
			r >= 0x10000 && r <= 0x10FFFF:
			return r
		default:
			return '\uFFFD'
		}
	}, s)
}
