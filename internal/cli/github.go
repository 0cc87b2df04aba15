package cli

import (
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/conformhq/conform/reports"
)

// The --format values: what the console prints beside its summary.
const (
	formatAuto   = "auto"   // github on GitHub Actions, plain elsewhere
	formatPlain  = "plain"  // the summary only
	formatGitHub = "github" // the summary, GitHub Actions annotations and a job summary
)

// ciOutput is where printCI writes, and what it knows of the run's
// surroundings: the environment is read by the caller, so that a test can
// set it without touching the process's.
type ciOutput struct {
	// Format is --format: auto, plain or github.
	Format string
	// FeaturesDir is --features, "" for the built-in feature files.
	FeaturesDir string
	// Getenv reads GITHUB_ACTIONS and GITHUB_STEP_SUMMARY.
	Getenv func(string) string
}

// printCI prints, on GitHub Actions (GITHUB_ACTIONS=true, or --format
// github), one annotation per failed or unjudged scenario (::error) and per
// warning (::warning) on stdout, where the runner reads them, and appends a
// Markdown summary to $GITHUB_STEP_SUMMARY when it is set. Elsewhere it
// prints nothing. A summary that cannot be written is said on stderr and
// changes no verdict.
func printCI(stdout, stderr io.Writer, out ciOutput, run *reports.Run) {
	switch out.Format {
	case formatGitHub:
	case formatAuto, "":
		if out.Getenv("GITHUB_ACTIONS") != "true" {
			return
		}
	default:
		return
	}
	features := workspaceRelative(out.FeaturesDir, out.Getenv("GITHUB_WORKSPACE"))
	writeAnnotations(stdout, run, features)
	file := out.Getenv("GITHUB_STEP_SUMMARY")
	if file == "" {
		return
	}
	f, err := os.OpenFile(file, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err == nil {
		writeJobSummary(f, run, features)
		err = f.Close()
	}
	if err != nil {
		fmt.Fprintf(stderr, "conform run: the job summary (GITHUB_STEP_SUMMARY) was not written: %v\n", err)
	}
}

// checkFormat refuses a --format value conform does not know.
func checkFormat(format string) error {
	switch format {
	case formatAuto, formatPlain, formatGitHub:
		return nil
	}
	return fmt.Errorf("--format %q: use auto, plain or github", format)
}

// featurePath is where a scenario's feature file is in the checked-out
// repository: under --features DIR when given (its URIs are
// features/<provider>/…, the folder's own layout), else the URI, which is
// where conform's own repository keeps its built-in ones.
func featurePath(uri, featuresDir string) string {
	if featuresDir == "" {
		return uri
	}
	return path.Join(strings.TrimSuffix(strings.ReplaceAll(featuresDir, `\`, "/"), "/"), strings.TrimPrefix(uri, "features/"))
}

// workspaceRelative makes an absolute --features folder relative to the
// checked-out repository ($GITHUB_WORKSPACE), as annotations' file
// properties must be; a folder outside it is kept as given.
func workspaceRelative(dir, workspace string) string {
	if dir == "" || workspace == "" || !filepath.IsAbs(dir) {
		return dir
	}
	rel, err := filepath.Rel(workspace, dir)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return dir
	}
	return filepath.ToSlash(rel)
}

// writeAnnotations prints the workflow commands GitHub turns into
// annotations on the run and on the feature files' lines.
func writeAnnotations(w io.Writer, run *reports.Run, featuresDir string) {
	verdict := reports.Judge(run)
	if verdict.Verdict == reports.VerdictInterrupted {
		fmt.Fprintf(w, "::error title=%s::%s\n", escapeProperty("conform: INTERRUPTED"), escapeData(run.Secrets.String(verdict.Why)))
	}
	for _, f := range run.Features {
		file := featurePath(f.URI, featuresDir)
		for _, s := range f.Scenarios {
			loc := fmt.Sprintf("file=%s,line=%d", escapeProperty(file), s.Line)
			switch s.Outcome {
			case reports.Passed, reports.NotApplicable:
			case reports.Errored:
				fmt.Fprintf(w, "::error %s,title=%s::%s\n", loc, escapeProperty("could not be judged: "+s.Name), escapeData(run.Secrets.String(s.Reason)))
			default: // failed, or an outcome no writer knows: never a pass
				fmt.Fprintf(w, "::error %s,title=%s::%s\n", loc, escapeProperty("failed: "+s.Name), escapeData(run.Secrets.String(s.Reason)))
			}
			if s.Outcome != reports.Passed {
				continue
			}
			for _, warn := range s.Warnings {
				fmt.Fprintf(w, "::warning %s,title=%s::%s\n", loc, escapeProperty("warning: "+s.Name), escapeData(run.Secrets.String(warn.String())))
			}
		}
	}
	if c := verdict.Certification; c != nil && !c.Certified {
		fmt.Fprintf(w, "::error title=%s::%s\n", escapeProperty("conform: NOT CERTIFIED"), escapeData(c.Why))
	}
}

// escapeData escapes an annotation's message as GitHub's runner unescapes
// it (toolkit's command.ts: %, \r, \n).
func escapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// escapeProperty escapes a property value (file, title): as data, and
// also the ":" and "," that would end it.
func escapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}

// writeJobSummary writes the run as Markdown for the job's summary page:
// the verdict first, then the failures by cause, the scenarios that failed
// with their files, and the totals.
func writeJobSummary(w io.Writer, run *reports.Run, featuresDir string) {
	v := reports.Judge(run)
	t := reports.CountScenarios(run)
	codes := reports.CountCodes(reports.Coverage(run))
	icon := map[reports.Verdict]string{reports.VerdictPassed: "✅", reports.VerdictFailed: "❌", reports.VerdictError: "⚠️", reports.VerdictInterrupted: "⏹️"}[v.Verdict]
	fmt.Fprintf(w, "## %s conform: %s\n\n%s.", icon, v.Words(), mdText(run.Secrets.String(v.Why)))
	if c := v.Certification; c != nil {
		fmt.Fprintf(w, " %s.", mdText(c.Why))
	}
	fmt.Fprintf(w, "\n\n| Target | Scenarios | Passed | Failed | Not judged | Not applicable | Codes checked |\n|---|---|---|---|---|---|---|\n")
	fmt.Fprintf(w, "| %s | %d | %d | %d | %d | %d | %d of %d (%.1f%%) |\n\n", mdCell(run.Secrets.Query(run.Target)), t.Scenarios, t.Passed, t.Failed, t.Errored, t.NotApplicable,
		codes.Checked(), codes.Documented, codes.CheckedShare()*100)
	if causes := reports.Causes(run); len(causes) > 0 {
		fmt.Fprintf(w, "### Failures by cause\n\n| Scenarios | Operation | Rule |\n|---|---|---|\n")
		for _, c := range causes {
			op := strings.TrimSpace(fmt.Sprintf("%s %s %s", c.Provider, c.Operation, statusText(c.Status)))
			fmt.Fprintf(w, "| %d | `%s` | %s |\n", c.Count, mdCode(op), mdCell(run.Secrets.String(c.Rule)))
		}
		fmt.Fprintln(w)
	}
	var lines []string
	for _, f := range run.Features {
		for _, s := range f.Scenarios {
			word := map[reports.Outcome]string{reports.Failed: "FAIL", reports.Errored: "ERROR"}[s.Outcome]
			if word == "" && s.Outcome != reports.Passed && s.Outcome != reports.NotApplicable {
				word = "FAIL"
			}
			if word != "" {
				lines = append(lines, fmt.Sprintf("| %s | `%s:%d` | %s | %s |", word, mdCode(featurePath(f.URI, featuresDir)), s.Line, mdCell(s.Name), mdCell(run.Secrets.String(s.Reason))))
			}
		}
	}
	if len(lines) > 0 {
		fmt.Fprintf(w, "### Scenarios that did not pass\n\n| | Where | Scenario | Why |\n|---|---|---|---|\n%s\n\n", strings.Join(lines, "\n"))
	}
	fmt.Fprintf(w, "The full report is report.html in the reports folder (upload it as an artifact).\n\n")
}

// mdText keeps a text on one Markdown line.
func mdText(s string) string { return strings.Join(strings.Fields(s), " ") }

// mdCell makes a text safe in a Markdown table cell: one line, "|"
// escaped, HTML's "<" kept as text.
func mdCell(s string) string {
	return strings.NewReplacer("|", `\|`, "<", "&lt;", ">", "&gt;").Replace(mdText(s))
}

// mdCode makes a text safe inside a code span.
func mdCode(s string) string {
	return strings.NewReplacer("`", "'", "|", `\|`).Replace(mdText(s))
}

// printVerdict prints the run's verdict (reports.Judge, the one every
// report shows) as the console's last line, where a reader's eye lands,
// in the banner's colour on a terminal.
func printVerdict(w io.Writer, st style, run *reports.Run) {
	v := reports.Judge(run)
	word := v.Words()
	switch {
	case v.OK():
		word = st.pass(word)
	case v.Verdict == reports.VerdictError:
		word = st.errored(word)
	case v.Verdict == reports.VerdictInterrupted:
		word = st.na(word)
	default:
		word = st.fail(word)
	}
	fmt.Fprintf(w, "verdict: %s: %s\n", word, run.Secrets.String(v.Why))
}
