package features_test

import (
	"bytes"
	"net/http"
	"strings"
	"testing"

	"github.com/conformhq/conform/internal/provider/all"
	"github.com/conformhq/conform/reports"
	"github.com/conformhq/conform/simulator"
)

// TestTwoDefectsTwoCauses: a deployment with two defects (Weavr's login
// calling its AUTH token an ACCESS token, Fiskil's end-user creation
// answering 201; a login without tokenType is no defect: nothing of the
// login answer is required, contract rule 1) fails many
// scenarios, most of them in a setup step; the run names exactly two
// causes, and charges the setup failures to the operations that broke,
// not to the scenarios' own operations.
func TestTwoDefectsTwoCauses(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the whole suite through a proxy")
	}
	sim, err := simulator.New(simulator.Options{Providers: all.Providers().Simulators()})
	if err != nil {
		t.Fatal(err)
	}
	defects := func(r *http.Request, status int, hdr http.Header, body []byte) (int, []byte) {
		switch {
		case r.URL.Path == "/weavr/login_with_password" && status == http.StatusOK:
			return status, bytes.Replace(body, []byte(`"tokenType":"AUTH"`), []byte(`"tokenType":"ACCESS"`), 1)
		case r.URL.Path == "/fiskil/v1/end-users" && status == http.StatusOK:
			return http.StatusCreated, body
		}
		return status, body
	}
	run := runAll(t, served(t, mutant(sim, defects)))
	causes := reports.Causes(run)
	if len(causes) != 2 {
		for _, c := range causes {
			t.Logf("%d × %s %s %d: %s", c.Count, c.Provider, c.Operation, c.Status, c.Rule)
		}
		t.Fatalf("%d causes, want 2", len(causes))
	}
	got := causes[0].Operation + " " + causes[1].Operation
	if !strings.Contains(got, "loginWithPassword") || !strings.Contains(got, "createEndUser") {
		t.Errorf("causes %q, want loginWithPassword and createEndUser", got)
	}
	// The setup failures are not charged to the scenarios' own codes:
	// userIdentities' 200 was never judged, and it is not failed.
	for _, r := range reports.Coverage(run) {
		if r.Provider == "weavr" && r.Operation == "userIdentities" && r.Status == 200 && r.Outcome == reports.Failed {
			t.Errorf("userIdentities 200 is charged with login's defect: %v", r.Scenarios)
		}
	}
	total := 0
	for _, c := range causes {
		total += c.Count
	}
	t.Logf("%d failed scenarios from 2 causes", total)
}
