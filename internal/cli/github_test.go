package cli

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/conformhq/conform/reports"
	"github.com/conformhq/conform/specs/redact"
	"github.com/conformhq/conform/steps"
)

// workflowRunLine returns the arguments of the `conform run` line of the
// example workflow in docs/ci.md.
func workflowRunLine(t *testing.T) []string {
	t.Helper()
	doc, err := os.ReadFile(filepath.Join("..", "..", "docs", "ci.md"))
	if err != nil {
		t.Fatal(err)
	}
	block := regexp.MustCompile("(?s)```yaml\n(.*?)```").FindSubmatch(doc)
	if block == nil {
		t.Fatal("docs/ci.md has no yaml block")
	}
	var wf struct {
		Jobs map[string]struct {
			Steps []struct {
				Run string `yaml:"run"`
			} `yaml:"steps"`
		} `yaml:"jobs"`
	}
	if err := yaml.Unmarshal(block[1], &wf); err != nil {
		t.Fatalf("the example workflow is not YAML: %v", err)
	}
	for _, job := range wf.Jobs {
		for _, st := range job.Steps {
			if args, ok := strings.CutPrefix(strings.TrimSpace(st.Run), "conform run "); ok {
				return strings.Fields(args)
			}
		}
	}
	t.Fatal("the example workflow runs no `conform run`")
	return nil
}

// TestExampleWorkflowAnnotations runs the example workflow's `conform
// run` line as GitHub Actions would (GITHUB_ACTIONS=true, a step summary
// file), against the built-in simulator instead of its --target, with a
// passing and a failing scenario in its features folder, and compares the
// annotations it prints with testdata/github-annotations.golden.
func TestExampleWorkflowAnnotations(t *testing.T) {
	args := workflowRunLine(t)
	var run []string
	features := ""
	for i := 0; i < len(args); i++ {
		switch args[i] {
		case "--target":
			i++ // the deployment: here the built-in simulator
			continue
		case "--features":
			features = args[i+1]
		}
		run = append(run, args[i])
	}
	if features == "" {
		t.Fatalf("the workflow's run line %q names no --features folder", args)
	}
	dir := writeFiles(t, map[string]string{
		features + "/weavr/a.feature": passingFeature,
		features + "/weavr/b.feature": failingFeature,
	})
	golden, err := filepath.Abs(filepath.Join("testdata", "github-annotations.golden"))
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
	summary := filepath.Join(dir, "step-summary.md")
	t.Setenv("GITHUB_ACTIONS", "true")
	t.Setenv("GITHUB_STEP_SUMMARY", summary)

	code, stdout, stderr := mainWith(t, context.Background(), append([]string{"run"}, run...)...)
	if code != ExitFailed {
		t.Fatalf("exit %d, want %d (a failing scenario)\nstdout:\n%s\nstderr:\n%s", code, ExitFailed, stdout, stderr)
	}
	var annotations []string
	for _, line := range strings.Split(stdout, "\n") {
		if strings.HasPrefix(line, "::") {
			annotations = append(annotations, line)
		}
	}
	compareGolden(t, golden, strings.Join(annotations, "\n")+"\n")

	md, err := os.ReadFile(summary)
	if err != nil {
		t.Fatalf("no job summary: %v", err)
	}
	for _, want := range []string{"## ❌ conform: FAILED", "| FAIL | `" + features + "/weavr/b.feature:4` | expects success |"} {
		if !strings.Contains(string(md), want) {
			t.Errorf("the job summary lacks %q:\n%s", want, md)
		}
	}
}

// compareGolden compares got with the golden file at path, rewriting it
// with -update.
func compareGolden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("differs from %s (go test -update if intended):\n%s", path, got)
	}
}

// ciRun is a run with one scenario of each kind the annotations tell
// apart, names and reasons carrying the characters GitHub's commands
// reserve, and a secret.
func ciRun() *reports.Run {
	secrets := &redact.Secrets{}
	secrets.Add("s3cr3t-token-value")
	return &reports.Run{
		Target:  "https://sandbox.example.com/v1",
		Secrets: secrets,
		Features: []reports.Feature{{
			Name: "login", URI: "features/weavr/login.feature",
			Scenarios: []reports.Scenario{
				{Name: "passes", Line: 3, Outcome: reports.Passed},
				{Name: "warns: 100%, twice", Line: 8, Outcome: reports.Passed,
					Warnings: []steps.Warning{{Rule: "rule 2", Message: "an answer the reference does not show", Source: "weavr spec"}}},
				{Name: "fails, badly: 50%", Line: 12, Outcome: reports.Failed,
					Reason: "Then the response status should be 200: expected 200, got 403\nbody: {\"token\":\"s3cr3t-token-value\"}\r"},
				{Name: "no answer", Line: 20, Outcome: reports.Errored, Reason: "POST /login: no response from the target"},
				{Name: "not applicable", Line: 25, Outcome: reports.NotApplicable, Reason: "needs clock"},
			},
		}},
	}
}

// TestGitHubOutput: the annotations escape what GitHub reserves, never
// carry a secret, and come only on GitHub Actions or with --format github.
func TestGitHubOutput(t *testing.T) {
	env := func(vars map[string]string) func(string) string { return func(k string) string { return vars[k] } }
	tests := []struct {
		name   string
		format string
		env    map[string]string
		want   []string // annotation lines; nil: none printed
	}{
		{"plain, outside GitHub", formatAuto, nil, nil},
		{"on GitHub Actions", formatAuto, map[string]string{"GITHUB_ACTIONS": "true"}, []string{
			"::warning file=features/weavr/login.feature,line=8,title=warning%3A warns%3A 100%25%2C twice::an answer the reference does not show (rule 2): weavr spec",
			"::error file=features/weavr/login.feature,line=12,title=failed%3A fails%2C badly%3A 50%25::Then the response status should be 200: expected 200, got 403%0Abody: {\"token\":\"[REDACTED]\"}\\r",
			"::error file=features/weavr/login.feature,line=20,title=could not be judged%3A no answer::POST /login: no response from the target",
		}},
		{"--format github, outside GitHub", formatGitHub, nil, []string{
			"::warning file=features/weavr/login.feature,line=8,title=warning%3A warns%3A 100%25%2C twice::an answer the reference does not show (rule 2): weavr spec",
			"::error file=features/weavr/login.feature,line=12,title=failed%3A fails%2C badly%3A 50%25::Then the response status should be 200: expected 200, got 403%0Abody: {\"token\":\"[REDACTED]\"}\\r",
			"::error file=features/weavr/login.feature,line=20,title=could not be judged%3A no answer::POST /login: no response from the target",
		}},
		{"--format plain on GitHub", formatPlain, map[string]string{"GITHUB_ACTIONS": "true"}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr strings.Builder
			printCI(&stdout, &stderr, ciOutput{Format: tc.format, Getenv: env(tc.env)}, ciRun())
			var got []string
			for _, l := range strings.Split(strings.TrimSpace(stdout.String()), "\n") {
				if l != "" {
					got = append(got, l)
				}
			}
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("annotations:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
			if strings.Contains(stdout.String(), "s3cr3t") {
				t.Error("an annotation carries the secret")
			}
		})
	}
}

// TestJobSummary: the Markdown summary says the verdict first, keeps
// tables whole (a "|" or a newline in a reason would break them) and
// carries no secret; it is appended, not written over.
func TestJobSummary(t *testing.T) {
	file := filepath.Join(t.TempDir(), "summary.md")
	if err := os.WriteFile(file, []byte("earlier step\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	run := ciRun()
	run.Features[0].Scenarios[2].Reason += " | a pipe"
	var stdout, stderr strings.Builder
	printCI(&stdout, &stderr, ciOutput{Format: formatGitHub, Getenv: func(k string) string {
		return map[string]string{"GITHUB_STEP_SUMMARY": file}[k]
	}}, run)
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	md := string(b)
	for _, want := range []string{"earlier step\n## ❌ conform: FAILED\n", `\| a pipe`, "| ERROR | `features/weavr/login.feature:20` | no answer |"} {
		if !strings.Contains(md, want) {
			t.Errorf("summary lacks %q:\n%s", want, md)
		}
	}
	if strings.Contains(md, "s3cr3t") {
		t.Error("the summary carries the secret")
	}
	for _, line := range strings.Split(md, "\n") {
		if strings.HasPrefix(line, "| FAIL") && strings.Count(strings.ReplaceAll(line, `\|`, ""), "|") != 5 {
			t.Errorf("a table row broke: %q", line)
		}
	}
}

func TestEscapeAnnotation(t *testing.T) {
	for _, tc := range []struct{ name, in, data, property string }{
		{"plain", "abc", "abc", "abc"},
		{"percent first", "100%0A", "100%250A", "100%250A"},
		{"newlines", "a\r\nb", "a%0D%0Ab", "a%0D%0Ab"},
		{"property separators", "a: b, c", "a: b, c", "a%3A b%2C c"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := escapeData(tc.in); got != tc.data {
				t.Errorf("escapeData(%q) = %q, want %q", tc.in, got, tc.data)
			}
			if got := escapeProperty(tc.in); got != tc.property {
				t.Errorf("escapeProperty(%q) = %q, want %q", tc.in, got, tc.property)
			}
		})
	}
}

func TestWorkspaceRelative(t *testing.T) {
	for _, tc := range []struct{ name, dir, workspace, want string }{
		{"relative stays", "conformance", "/w", "conformance"},
		{"inside the workspace", "/w/repo/conformance", "/w/repo", "conformance"},
		{"outside the workspace", "/tmp/features", "/w/repo", "/tmp/features"},
		{"a sibling with a common prefix", "/w/repo2/f", "/w/repo", "/w/repo2/f"},
		{"not on GitHub", "/w/repo/conformance", "", "/w/repo/conformance"},
		{"built-in features", "", "/w/repo", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := workspaceRelative(tc.dir, tc.workspace); got != tc.want {
				t.Errorf("workspaceRelative(%q, %q) = %q, want %q", tc.dir, tc.workspace, got, tc.want)
			}
		})
	}
}

// TestProgressLineRedOnlyForFailures: the live line paints "N failed" red
// only when N is not 0; a red "0 failed" reads as a failure.
func TestProgressLineRedOnlyForFailures(t *testing.T) {
	const red = "\x1b[31;1m"
	for _, tc := range []struct {
		name     string
		outcomes []reports.Outcome
		redWant  bool
	}{
		{"no failure", []reports.Outcome{reports.Passed}, false},
		{"a failure", []reports.Outcome{reports.Passed, reports.Failed}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out strings.Builder
			p := &lineProgress{w: &out, st: style{colour: true}}
			p.Start(len(tc.outcomes))
			for _, o := range tc.outcomes {
				p.Scenario("", reports.Scenario{Outcome: o})
			}
			lines := strings.Split(out.String(), "\r")
			last := lines[len(lines)-1]
			if got := strings.Contains(last, red); got != tc.redWant {
				t.Errorf("red in %q: %v, want %v", last, got, tc.redWant)
			}
		})
	}
}
