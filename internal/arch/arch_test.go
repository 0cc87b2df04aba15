package arch

import (
	"os/exec"
	"slices"
	"strings"
	"testing"
)

const module = "github.com/conformhq/conform"

// TestLayers holds the repository to the rule: `go list` of every package
// (tests left out: a test may reach anywhere) finds no import up the
// layers and none across the harness and the simulator.
func TestLayers(t *testing.T) {
	out, err := exec.Command("go", "list", "-f", "{{.ImportPath}}{{range .Imports}} {{.}}{{end}}", module+"/...").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	graph := map[string][]string{}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		fields := strings.Fields(line)
		from := rel(fields[0])
		graph[from] = nil
		for _, imp := range fields[1:] {
			if strings.HasPrefix(imp, module+"/") {
				graph[from] = append(graph[from], rel(imp))
			}
		}
	}
	if len(graph) < 20 {
		t.Fatalf("go list found only %d packages", len(graph))
	}
	for _, v := range Check(graph) {
		t.Error(v)
	}
}

func rel(path string) string { return strings.TrimPrefix(path, module+"/") }

// TestCheck feeds the checker graphs that keep and that break the rule.
func TestCheck(t *testing.T) {
	tests := []struct {
		name  string
		graph map[string][]string
		want  []string // substrings, one per violation
	}{
		{"downward imports", map[string][]string{
			"internal/cli":          {"internal/runner", "simulator"},
			"internal/provider/all": {"simulator/weavr", "steps/weavr", "features"},
			"steps/weavr":           {"steps", "specs/oas"},
			"reports":               {"steps", "specs/redact"},
			"simulator/weavr":       {"simulator/core", "specs/oas"},
			"internal/runner":       {"internal/provider", "reports", "steps/config"},
		}, nil},
		{"conformtest runs the simulator's own list", map[string][]string{
			"simulator/conformtest": {"simulator/providers", "simulator", "specs/oas", "specs/redact"},
			"simulator/providers":   {"simulator/weavr", "specs/record"},
		}, nil},
		{"conformtest imports the providers' list", map[string][]string{
			"simulator/conformtest": {"internal/provider/all"},
		}, []string{"up the layers"}},
		{"the simulator's list imports a descriptor", map[string][]string{"simulator/providers": {"internal/provider/all"}}, []string{"up the layers"}},
		{"simulator imports the harness", map[string][]string{"simulator/core": {"steps"}}, []string{"never import each other"}},
		{"harness imports the simulator", map[string][]string{"steps": {"simulator/core"}}, []string{"never import each other"}},
		{"spec layer imports the harness", map[string][]string{"specs/oas": {"reports"}}, []string{"up the layers"}},
		{"harness imports the run", map[string][]string{"reports": {"internal/runner"}}, []string{"up the layers"}},
		{"provider imports the command", map[string][]string{"internal/provider/all": {"internal/cli"}}, []string{"up the layers"}},
		{"unplaced package", map[string][]string{"tools/x": nil, "steps": {"tools/y"}}, []string{"tools/x: no layer", "tools/y, which has no layer"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := Check(tc.graph)
			if len(got) != len(tc.want) {
				t.Fatalf("violations %q, want %d", got, len(tc.want))
			}
			for _, w := range tc.want {
				if !slices.ContainsFunc(got, func(v string) bool { return strings.Contains(v, w) }) {
					t.Errorf("no violation mentions %q in %q", w, got)
				}
			}
		})
	}
}

// TestSimulatorSideLinksNoHarness: what a Go test links through
// conformtest, and what the load and soak tools link, hold no godog, no
// step library and no feature files: only the simulator's side and the
// bottom layer.
func TestSimulatorSideLinksNoHarness(t *testing.T) {
	for _, pkg := range []string{"simulator/conformtest", "internal/load", "internal/soak"} {
		t.Run(pkg, func(t *testing.T) {
			out, err := exec.Command("go", "list", "-deps", module+"/"+pkg).CombinedOutput()
			if err != nil {
				t.Fatalf("go list -deps: %v\n%s", err, out)
			}
			deps := strings.Fields(string(out))
			if len(deps) < 10 {
				t.Fatalf("go list -deps found only %q", deps)
			}
			for _, d := range deps {
				switch {
				case strings.Contains(strings.ToLower(d), "cucumber"),
					d == module+"/steps" || strings.HasPrefix(d, module+"/steps/"),
					d == module+"/features",
					strings.HasPrefix(d, module+"/internal/provider"):
					t.Errorf("%s links %s", pkg, d)
				}
			}
		})
	}
}

// TestConformtestModules: what a consumer's test links through conformtest
// comes from these modules only (issue #19: the helper is light). A module
// that joins them is a decision to make here, with its reason, not an
// accident of an import: each one costs every consumer's first build.
func TestConformtestModules(t *testing.T) {
	allowed := map[string]string{
		module:                                     "conform's simulator, specs and records",
		"github.com/getkin/kin-openapi":            "the specs' validation (specs/oas)",
		"github.com/go-openapi/jsonpointer":        "kin-openapi",
		"github.com/go-openapi/swag/jsonname":      "kin-openapi",
		"github.com/gorilla/mux":                   "kin-openapi's router",
		"github.com/oasdiff/yaml":                  "kin-openapi",
		"github.com/oasdiff/yaml3":                 "kin-openapi",
		"github.com/santhosh-tekuri/jsonschema/v6": "kin-openapi",
		"golang.org/x/text":                        "kin-openapi, phonenumbers",
		"gopkg.in/yaml.v3":                         "fixtures documents",
		"github.com/tidwall/gjson":                 "the simulator's request reading",
		"github.com/tidwall/match":                 "gjson",
		"github.com/tidwall/pretty":                "gjson",
		"github.com/nyaruka/phonenumbers":          "the simulator's phone numbers (E.164)",
		"google.golang.org/protobuf":               "phonenumbers' metadata",
	}
	out, err := exec.Command("go", "list", "-deps", "-f", "{{with .Module}}{{.Path}}{{end}}", module+"/simulator/conformtest").CombinedOutput()
	if err != nil {
		t.Fatalf("go list -deps: %v\n%s", err, out)
	}
	seen := map[string]bool{}
	for _, m := range strings.Fields(string(out)) {
		seen[m] = true
		if _, ok := allowed[m]; !ok && !seen[m+" reported"] {
			seen[m+" reported"] = true
			t.Errorf("simulator/conformtest links module %s, which is not among those a consumer is known to build", m)
		}
	}
	if !seen[module] || !seen["github.com/getkin/kin-openapi"] {
		t.Fatalf("go list -deps found only %q", strings.Fields(string(out)))
	}
}
