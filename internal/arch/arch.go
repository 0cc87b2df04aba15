// Package arch states conform's layer rule, so that a test can hold the
// code to it. Packages are read top-down:
//
//	command   cmd/conform, internal/cli          flags and printing
//	run       internal/runner, internal/container one run, from plan to reports
//	providers internal/provider/...              descriptors and the one list
//	harness   steps/..., reports                 | simulator   simulator/... (its own list
//	                                             |   simulator/providers; conformtest)
//	bottom    specs, specs/oas, specs/redact, specs/record, features (data),
//	          internal/refextract (makes data: extracts of providers' documents)
//
// A package imports only packages of its own layer or below; the harness
// and the simulator sit side by side and never import each other.
package arch

import (
	"fmt"
	"sort"
	"strings"
)

// Layer is one row of the rule.
type Layer struct {
	// Rank orders the layers: a package may import only ranks <= its own.
	Rank int
	// Side separates neighbours of one rank that must not import each
	// other ("harness", "simulator"); "" has no side.
	Side string
}

// Rule maps import-path prefixes (relative to the module) to layers; the
// longest matching prefix decides.
func Rule() map[string]Layer {
	return map[string]Layer{
		"cmd/conform":         {Rank: 5},
		"internal/cli":        {Rank: 5},
		"internal/runner":     {Rank: 4},
		"internal/container":  {Rank: 4},
		"internal/load":       {Rank: 4},
		"internal/soak":       {Rank: 4},
		"internal/attest":     {Rank: 4},
		"internal/toolmain":   {Rank: 4},
		"internal/provider":   {Rank: 3},
		"internal/arch":       {Rank: 3},
		"steps":               {Rank: 2, Side: "harness"},
		"reports":             {Rank: 2, Side: "harness"},
		"simulator":           {Rank: 2, Side: "simulator"},
		"specs":               {Rank: 1},
		"features":            {Rank: 1},
		"internal/refextract": {Rank: 1},
		"internal/version":    {Rank: 1},
		"internal/suggest":    {Rank: 1},
		// hostile is a misbehaving front for tests: standard library only.
		"internal/hostile": {Rank: 1},

		// The simulator's image for Go tests: it starts a container as
		// internal/container does for --image.
		"simulator/container": {Rank: 4},
	}
}

// Of returns the layer of a package path relative to the module, and
// false when no prefix of the rule matches it.
func Of(rel string) (Layer, bool) {
	rule := Rule()
	best := ""
	for prefix := range rule {
		if (rel == prefix || strings.HasPrefix(rel, prefix+"/")) && len(prefix) > len(best) {
			best = prefix
		}
	}
	if best == "" {
		return Layer{}, false
	}
	return rule[best], true
}

// Check returns every import of graph (package → its imports, paths
// relative to the module; imports outside the module are left out) that
// breaks the rule, and every package the rule does not place, sorted.
func Check(graph map[string][]string) []string {
	var out []string
	for from, imports := range graph {
		lf, ok := Of(from)
		if !ok {
			out = append(out, fmt.Sprintf("%s: no layer (add it to arch.Rule)", from))
			continue
		}
		for _, to := range imports {
			lt, ok := Of(to)
			switch {
			case !ok:
				out = append(out, fmt.Sprintf("%s imports %s, which has no layer", from, to))
			case lt.Rank > lf.Rank:
				out = append(out, fmt.Sprintf("%s (rank %d) imports %s (rank %d): an import up the layers", from, lf.Rank, to, lt.Rank))
			case lt.Rank == lf.Rank && lf.Side != "" && lt.Side != "" && lf.Side != lt.Side:
				out = append(out, fmt.Sprintf("%s (%s) imports %s (%s): the harness and the simulator never import each other", from, lf.Side, to, lt.Side))
			}
		}
	}
	sort.Strings(out)
	return out
}
