package cli

import (
	"fmt"
	"io"
	"os"
	"time"

	"github.com/conformhq/conform/internal/runner"
	"github.com/conformhq/conform/reports"
)

// style colours the console's verdicts on a terminal; the zero style
// writes plain text (CI logs, NO_COLOR, files).
type style struct{ colour bool }

func (s style) paint(code, text string) string {
	if !s.colour {
		return text
	}
	return "\x1b[" + code + "m" + text + "\x1b[0m"
}

func (s style) fail(t string) string    { return s.paint("31;1", t) }
func (s style) na(t string) string      { return s.paint("33", t) }
func (s style) warn(t string) string    { return s.paint("35", t) }
func (s style) errored(t string) string { return s.paint("35;1", t) }
func (s style) pass(t string) string    { return s.paint("32", t) }

// isTerminal reports whether w is a terminal, where a live progress line
// and colour help a person; CI logs and files get neither.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// counts are the verdicts heard so far.
type counts struct{ done, passed, failed, na int }

func (c *counts) add(o reports.Outcome) {
	c.done++
	switch o {
	case reports.Passed:
		c.passed++
	case reports.Failed:
		c.failed++
	case reports.NotApplicable:
		c.na++
	}
}

// lineProgress redraws one line as scenarios finish, for a terminal.
type lineProgress struct {
	w     io.Writer
	st    style
	start time.Time
	total int
	counts
}

func (p *lineProgress) Start(total int) { p.total, p.start = total, time.Now() }

func (p *lineProgress) Scenario(_ string, s reports.Scenario) {
	p.add(s.Outcome)
	fmt.Fprintf(p.w, "\r\x1b[K[%d/%d] %s, %s, %s · %s", p.done, p.total,
		p.st.pass(fmt.Sprintf("%d passed", p.passed)), p.failedText(),
		p.st.na(fmt.Sprintf("%d not applicable", p.na)), time.Since(p.start).Round(100*time.Millisecond))
}

// failedText is "N failed", in red only when N is not 0: a red "0 failed"
// reads as a failure at a glance.
func (p *lineProgress) failedText() string {
	text := fmt.Sprintf("%d failed", p.failed)
	if p.failed == 0 {
		return text
	}
	return p.st.fail(text)
}

func (p *lineProgress) Feature(reports.Feature) {}

// end leaves the progress line for the summary below it; a run refused
// before it started (bad tags, no such scenario) has no line to leave,
// and its error is then the first thing printed.
func (p *lineProgress) end() {
	if !p.start.IsZero() {
		fmt.Fprintln(p.w)
	}
}

// featureProgress prints a line per finished feature file, for logs.
type featureProgress struct{ w io.Writer }

func (p featureProgress) Start(total int) { fmt.Fprintf(p.w, "running %s\n", count(total, "scenario")) }

func (p featureProgress) Scenario(string, reports.Scenario) {}

func (p featureProgress) Feature(f reports.Feature) {
	var c counts
	for _, s := range f.Scenarios {
		c.add(s.Outcome)
	}
	fmt.Fprintf(p.w, "%s: %d passed, %d failed, %d not applicable\n", f.URI, c.passed, c.failed, c.na)
}

// progressFor picks how a run shows its progress: "line" on a terminal,
// "feature" elsewhere ("auto"), or "none"; end is called when the run ends.
func progressFor(mode string, w io.Writer, st style) (p runner.Progress, end func(), err error) {
	if mode == "auto" {
		mode = "feature"
		if isTerminal(w) {
			mode = "line"
		}
	}
	switch mode {
	case "line":
		lp := &lineProgress{w: w, st: st}
		return lp, lp.end, nil
	case "feature":
		return featureProgress{w: w}, func() {}, nil
	case "none":
		return nil, func() {}, nil
	}
	return nil, nil, fmt.Errorf("--progress must be auto, line, feature or none, not %q", mode)
}
