package features_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/conformhq/conform/internal/provider/all"
	"github.com/conformhq/conform/reports"
	"github.com/conformhq/conform/simulator"
	"github.com/conformhq/conform/specs/oas"
)

// unversionedWeavr is the Weavr version a simulator that cannot select
// versions serves: the seed's.
const unversionedWeavr = "3.32"

// violationsFileEnv names the file where TestSimulatorAnswersConformToWeavrOfficialDocuments
// writes its findings, as Markdown, when set (the team's notes).
const violationsFileEnv = "CONFORM_WEAVR_VIOLATIONS"

// TestSimulatorAnswersConformToWeavrOfficialDocuments runs every Weavr
// scenario against the simulator serving each Weavr version, and judges
// every answer of the Weavr API by Weavr's own published document for
// that version (the extracts in specs/testdata): the simulator must not
// answer anything the provider's reference does not allow. The 3.32
// document lost every `type` when it was generated, so for 3.32 only
// statuses, bodies present or missing, required properties and headers,
// enums, patterns and lengths are judged: neither types nor shapes (an
// object where an array is documented passes).
func TestSimulatorAnswersConformToWeavrOfficialDocuments(t *testing.T) {
	var sections []string
	for _, version := range []string{"3.32", "3.63"} {
		t.Run(version, func(t *testing.T) {
			sections = append(sections, judgeWeavrVersion(t, version))
		})
	}
	if path := os.Getenv(violationsFileEnv); path != "" {
		doc := "# Weavr simulator answers judged by Weavr's official documents\n\n" +
			"Written by `" + violationsFileEnv + "=" + path + " go test -count=1 ./features -run TestSimulatorAnswersConformToWeavrOfficialDocuments` " +
			"(branch weavr-extract) at " + time.Now().UTC().Format(time.RFC3339) + ". Every answer of the Weavr API " +
			"(not the control API) during the whole Weavr suite, judged by specs/testdata/weavr-official-<version>.yaml " +
			"(Weavr's published document reduced to our 10 operations; paths relative to /weavr). Violations are " +
			"deduplicated by operation (the official operationId), status, JSON pointer and reason.\n\n" +
			"The 3.32 document has no `type` anywhere (openapi-generator dropped them): a wrongly typed value, or a body of " +
			"the wrong shape (object for array), passes it; statuses, bodies present or missing, required properties and " +
			"headers, enums, patterns and lengths are still judged.\n\n" +
			strings.Join(sections, "")
		if err := os.WriteFile(path, []byte(doc), 0o644); err != nil {
			t.Errorf("writing %s: %v", path, err)
		}
	}
}

// judgeWeavrVersion runs the Weavr scenarios with every sandbox on version
// and fails with every distinct violation; it returns the findings as a
// Markdown section.
func judgeWeavrVersion(t *testing.T, version string) string {
	t.Helper()
	spec := officialWeavrSpec(t, version)
	sim, err := simulator.New(simulator.Options{Providers: all.Providers().Simulators()})
	if err != nil {
		t.Fatal(err)
	}
	fixtures := map[string]any{"versions": map[string]any{"weavr": version}}
	title := fmt.Sprintf("Weavr %s (specs/testdata/weavr-official-%s.yaml)", version, version)
	note := ""
	if refusal := sandboxRefuses(t, sim, fixtures); refusal != "" {
		// The simulator does not pick versions yet: it serves the one it
		// has, 3.32. Its answers are still judged by this version's
		// document, so that the list shows what serving it will take.
		fixtures = nil
		note = fmt.Sprintf("**The simulator does not select versions yet** (a sandbox with `versions: {weavr: %q}` is refused: %s): "+
			"these are the answers of its only version, %s, judged by the %s document.", version, oneLine(refusal), unversionedWeavr, version)
		if version != unversionedWeavr {
			t.Errorf("the simulator does not serve Weavr %s: a sandbox with versions {weavr: %q} is refused: %s", version, version, oneLine(refusal))
		}
	}
	checker := newOfficialChecker(sim, "weavr", spec, fixtures)
	// The harness runs the version's scenarios, judged by conform's spec of
	// that version, as `conform run --spec weavr=<version>` does.
	run := runVersion(t, served(t, checker), "weavr", version)
	totals := reports.CountScenarios(run)
	if totals.Scenarios == 0 {
		t.Fatal("no scenario ran")
	}
	if totals.Passed != totals.Scenarios {
		// Every answer of the whole suite must be judged, not only those
		// before a scenario broke off.
		t.Errorf("%d of %d Weavr %s scenarios did not pass", totals.Scenarios-totals.Passed, totals.Scenarios, version)
	}
	note = strings.TrimSpace(note + fmt.Sprintf(" Scenarios: %d run, %d passed, %d failed.", totals.Scenarios, totals.Passed, totals.Failed))
	keys, counts := checker.findings()
	for i, k := range keys {
		t.Errorf("%s %d at %s: %s (×%d)", k.Operation, k.Status, cell(k.Pointer), k.Reason, counts[i])
	}
	checker.mu.Lock()
	judged := checker.judged
	checker.mu.Unlock()
	if judged == 0 {
		t.Error("no Weavr answer was judged")
	}
	t.Logf("%d answers judged, %d distinct violations", judged, len(keys))
	return checker.report(title, note)
}

// officialWeavrSpec loads the committed extract of Weavr's document for
// version.
func officialWeavrSpec(t *testing.T, version string) *oas.Spec {
	t.Helper()
	path := filepath.Join("..", "specs", "testdata", "weavr-official-"+version+".yaml")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	spec, err := oas.Parse(path, b)
	if err != nil {
		t.Fatal(err)
	}
	return spec
}

// sandboxRefuses creates (and deletes) a sandbox with fixtures and returns
// the simulator's refusal, or "" when it accepts them.
func sandboxRefuses(t *testing.T, sim http.Handler, fixtures map[string]any) string {
	t.Helper()
	body, err := json.Marshal(fixtures)
	if err != nil {
		t.Fatal(err)
	}
	req := httptest.NewRequest(http.MethodPost, "/_control/sandboxes", strings.NewReader(string(body)))
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	sim.ServeHTTP(rec, req)
	if rec.Code != http.StatusCreated {
		return fmt.Sprintf("%d %s", rec.Code, strings.TrimSpace(rec.Body.String()))
	}
	var sb struct {
		ID string `json:"id"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &sb); err != nil || sb.ID == "" {
		t.Fatalf("the simulator created a sandbox but did not say which: %s", rec.Body.String())
	}
	del := httptest.NewRequest(http.MethodDelete, "/_control/sandboxes/"+sb.ID, nil)
	sim.ServeHTTP(httptest.NewRecorder(), del)
	return ""
}

// oneLine folds an answer's body onto one line for a message.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
