package reports

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// writeFixture writes the reports of the fixture run into a temporary
// directory and returns their contents by file name.
func writeFixture(t *testing.T) map[string][]byte {
	t.Helper()
	dir := t.TempDir()
	if err := WriteAll(filepath.Join(dir, "out"), fixtureRun()); err != nil {
		t.Fatalf("WriteAll: %v", err)
	}
	files := map[string][]byte{}
	for _, name := range Files {
		b, err := os.ReadFile(filepath.Join(dir, "out", name))
		if err != nil {
			t.Fatal(err)
		}
		files[name] = b
	}
	return files
}

func TestGolden(t *testing.T) {
	files := writeFixture(t)
	for _, name := range Files {
		t.Run(name, func(t *testing.T) {
			golden := filepath.Join("testdata", name+".golden")
			if *update {
				if err := os.WriteFile(golden, files[name], 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if !bytes.Equal(files[name], want) {
				t.Errorf("%s differs from %s (run go test -update if the change is intended):\n%s", name, golden, files[name])
			}
		})
	}
}

func TestDeterministic(t *testing.T) {
	first, second := writeFixture(t), writeFixture(t)
	for _, name := range Files {
		if !bytes.Equal(first[name], second[name]) {
			t.Errorf("%s differs between two writes of the same run", name)
		}
	}
}

func TestNoSecretsInReports(t *testing.T) {
	secrets := []string{
		fixturePassword, fixtureToken, fixtureOTP, fixtureAPIKey,
		// Pieces a partial mask would leave behind.
		"S3cret", "fixture-token", "eyJhbGciOiJIUzI1NiJ9", "_fixture_",
	}
	for name, content := range writeFixture(t) {
		for _, s := range secrets {
			if bytes.Contains(content, []byte(s)) {
				t.Errorf("%s contains secret %q", name, s)
			}
		}
		// summary.json carries no text a secret could hide in.
		if name != SummaryFile && !bytes.Contains(content, []byte("REDACTED")) {
			t.Errorf("%s masks nothing: is the fixture still secret-laden?", name)
		}
	}
}

func TestWriteAllLeavesRunAlone(t *testing.T) {
	run := fixtureRun()
	if err := WriteAll(t.TempDir(), run); err != nil {
		t.Fatal(err)
	}
	want := fixtureRun()
	run.Secrets, want.Secrets = nil, nil
	if !reflect.DeepEqual(run, want) {
		t.Error("WriteAll modified the run")
	}
	// The writers learn secrets from the exchanges into a copy only.
	run = fixtureRun()
	_ = WriteAll(t.TempDir(), run)
	if got := run.Secrets.String(fixtureToken); got != fixtureToken {
		t.Errorf("WriteAll added to run.Secrets: %q", got)
	}
}

func TestJUnitParses(t *testing.T) {
	var doc junitSuites
	if err := xml.Unmarshal(writeFixture(t)[JUnitFile], &doc); err != nil {
		t.Fatalf("junit.xml is not valid XML: %v", err)
	}
	// The scenario that could not be judged is an <error>, not a <failure>.
	if doc.Tests != 4 || doc.Failures != 1 || doc.Skipped != 1 || doc.Errors != 1 {
		t.Errorf("testsuites counts = tests %d failures %d skipped %d errors %d, want 4 1 1 1",
			doc.Tests, doc.Failures, doc.Skipped, doc.Errors)
	}
	var tests, failures, skipped int
	for _, s := range doc.Suites {
		var f, sk int
		for _, c := range s.Cases {
			if c.Failure != nil {
				f++
			}
			if c.Skipped != nil {
				sk++
				if !strings.HasPrefix(c.Skipped.Message, "not applicable: ") {
					t.Errorf("skipped message %q lacks the not-applicable prefix", c.Skipped.Message)
				}
			}
		}
		if s.Tests != len(s.Cases) || s.Failures != f || s.Skipped != sk {
			t.Errorf("suite %q counts = %d/%d/%d, want %d/%d/%d", s.Name, s.Tests, s.Failures, s.Skipped, len(s.Cases), f, sk)
		}
		tests, failures, skipped = tests+s.Tests, failures+s.Failures, skipped+s.Skipped
	}
	if tests != doc.Tests || failures != doc.Failures || skipped != doc.Skipped {
		t.Errorf("suites add up to %d/%d/%d, testsuites says %d/%d/%d", tests, failures, skipped, doc.Tests, doc.Failures, doc.Skipped)
	}
}

func TestCucumberJSON(t *testing.T) {
	var features []cukeFeature
	if err := json.Unmarshal(writeFixture(t)[CucumberFile], &features); err != nil {
		t.Fatalf("cucumber.json is not valid JSON: %v", err)
	}
	if len(features) != 3 {
		t.Fatalf("got %d features, want 3", len(features))
	}
	na := features[2].Elements[0]
	if !strings.Contains(na.Description, "control API") {
		t.Errorf("not-applicable description %q lacks the reason", na.Description)
	}
	for _, s := range na.Steps {
		if s.Result.Status != "skipped" {
			t.Errorf("not-applicable step %q is %s, want skipped", s.Name, s.Result.Status)
		}
	}
	failed := features[0].Elements[1]
	var statuses []string
	for _, s := range failed.Steps {
		statuses = append(statuses, s.Result.Status)
	}
	if want := []string{"passed", "passed", "failed", "skipped"}; !reflect.DeepEqual(statuses, want) {
		t.Errorf("failed scenario step statuses = %v, want %v", statuses, want)
	}
}

func TestSummaryJSON(t *testing.T) {
	var doc summaryDoc
	if err := json.Unmarshal(writeFixture(t)[SummaryFile], &doc); err != nil {
		t.Fatalf("summary.json is not valid JSON: %v", err)
	}
	// The passed scenario has a warning: it passes, its code is warned, and
	// a warned code counts for the score as a passed one.
	if want := (ScenarioTotals{Scenarios: 4, Passed: 1, Warned: 1, Failed: 1, Errored: 1, NotApplicable: 1}); doc.Totals != want {
		t.Errorf("totals = %+v, want %+v", doc.Totals, want)
	}
	if want := (CodeTotals{Documented: 5, Warned: 1, Failed: 1, Errored: 1, NotApplicable: 1, NotCovered: 1}); doc.Codes != want {
		t.Errorf("codes = %+v, want %+v", doc.Codes, want)
	}
	if doc.Score == nil || *doc.Score != 0.25 || doc.Verdict != VerdictFailed {
		t.Errorf("score = %v, verdict %q, want 0.25, FAILED", doc.Score, doc.Verdict)
	}
	if doc.Versions["weavr"] != "3.63" || !strings.Contains(doc.Control, "absent") {
		t.Errorf("summary.json does not say what was run: versions %v, control %q", doc.Versions, doc.Control)
	}
}

// TestWarningsVisibleWithoutFailing: a passed scenario's warning shows in
// every report, and fails nothing.
func TestWarningsVisibleWithoutFailing(t *testing.T) {
	files := writeFixture(t)
	const warning = "conform answers 401, the target 403"
	for _, name := range []string{JUnitFile, CucumberFile, HTMLFile} {
		if !strings.Contains(string(files[name]), warning) {
			t.Errorf("%s does not show the warning", name)
		}
	}
	junit := string(files[JUnitFile])
	if !strings.Contains(junit, `<property name="version.weavr" value="3.63">`) || strings.Count(junit, "<failure") != 1 {
		t.Errorf("junit.xml: versions missing, or the warning failed its case:\n%s", junit)
	}
	if !strings.Contains(string(files[CucumberFile]), warnedTag) {
		t.Error("cucumber.json does not tag the warned scenario")
	}
	if !strings.Contains(string(files[HTMLFile]), `class="cell warned"`) {
		t.Error("report.html's matrix does not colour the warned code")
	}
}

func TestHTMLSelfContainedAndEscaped(t *testing.T) {
	page := string(writeFixture(t)[HTMLFile])
	for _, forbidden := range []string{"<script", "<link", "src=", `href="http`, "url(", "<401>"} {
		if strings.Contains(page, forbidden) {
			t.Errorf("report.html contains %q", forbidden)
		}
	}
	if !strings.Contains(page, "&lt;401&gt; &amp; logged") {
		t.Error("report.html does not show the escaped scenario name")
	}
}

func TestCertify(t *testing.T) {
	tests := []struct {
		name      string
		required  float64
		codes     CodeTotals
		interrupt string
		certified bool
		why       string
	}{
		{"none required", 0, CodeTotals{Documented: 10, Passed: 1}, "", false, ""},
		{"enough, all passed", 0.9, CodeTotals{Documented: 10, Passed: 8, Warned: 1, NotApplicable: 1}, "", true, "9 of 10 documented codes checked (90.0%, 90.0% required)"},
		{"too little checked", 0.9, CodeTotals{Documented: 97, Passed: 10, NotApplicable: 87}, "", false, "10 of 97 documented codes checked (10.3%), below the 90.0% required"},
		{"a failure", 0.5, CodeTotals{Documented: 10, Passed: 9, Failed: 1}, "", false, "1 documented codes failed"},
		{"an error", 0.5, CodeTotals{Documented: 10, Passed: 9, Errored: 1}, "", false, "could not be judged"},
		{"interrupted", 0.5, CodeTotals{Documented: 10, Passed: 10}, "context canceled", false, "interrupted"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := Certify(&Run{RequireCoverage: tc.required, Interrupted: tc.interrupt}, tc.codes)
			if tc.required == 0 {
				if c != nil {
					t.Fatalf("certification without a requirement: %+v", c)
				}
				return
			}
			if c.Certified != tc.certified || !strings.Contains(c.Why, tc.why) {
				t.Errorf("got %+v, want certified %v because %q", c, tc.certified, tc.why)
			}
		})
	}
}

// TestEveryReportSaysWhatWasRun: conform's build and the versions under
// test are in all four reports.
func TestEveryReportSaysWhatWasRun(t *testing.T) {
	files := writeFixture(t)
	for _, name := range Files {
		for _, want := range []string{"conform v1.2.3 (commit 0123456789abcdef)", "3.63"} {
			if !strings.Contains(string(files[name]), want) {
				t.Errorf("%s does not say %q", name, want)
			}
		}
	}
}
