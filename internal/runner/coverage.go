package runner

import (
	"fmt"
	"io/fs"
	"slices"
	"sort"

	messages "github.com/cucumber/messages/go/v21"

	"github.com/conformhq/conform/internal/provider"
	"github.com/conformhq/conform/specs/oas"
)

// Gap is a documented code that no scenario covers.
type Gap struct {
	Provider string
	// Version is the provider's version whose spec documents the code, ""
	// for a provider of one version.
	Version   string
	Operation string
	Status    int
	// Code is the error code within the status (Fliqa errorSubCode, Weavr
	// 409 errorCode, Fiskil goa name), "" for the status itself.
	Code string
}

// String names the gap as the tags that would cover it.
func (g Gap) String() string {
	s := "@" + g.Provider
	if g.Version != "" {
		s += " (version " + g.Version + ")"
	}
	if g.Operation != "" {
		s += fmt.Sprintf(" @op:%s @status:%d", g.Operation, g.Status)
	}
	if g.Code != "" {
		s += " @code:" + g.Code
	}
	return s
}

// Coverage reads the providers' specs and feature files' tags (tree
// replaces the providers' own feature files when not nil, as `--features
// DIR`), without running anything, and returns every documented
// (operation, status) and error code that no scenario is tagged for: a
// scenario covers (op, status) with @op:<operationId> and @status:<code>,
// and an error code with @code:<code> as well. Error codes are the enum of
// each provider's ErrorCode property. A provider of several versions is
// checked for each: a scenario tagged @version:<v> covers only v's codes.
func Coverage(list provider.List, tree fs.FS) ([]Gap, error) {
	if tree != nil {
		if err := CheckFeatureTree(list, tree); err != nil {
			return nil, err
		}
	}
	sets, err := FeatureSets(list, tree)
	if err != nil {
		return nil, err
	}
	files, err := loadFeatures(sets, list.Names())
	if err != nil {
		return nil, err
	}
	var out []Gap
	for _, d := range list {
		for _, v := range d.Versions {
			spec, err := v.Spec()
			if err != nil {
				return nil, fmt.Errorf("provider %s %s: %w", d.Name, v.Name, err)
			}
			gs := gaps(map[string]*oas.Spec{d.Name: spec}, list.ErrorCodes(), files, func(p *messages.Pickle) bool {
				return versionApplies(list, d.Name, v.Name, pickleTags(p))
			})
			for i := range gs {
				if len(d.Versions) > 1 {
					gs[i].Version = v.Name
				}
			}
			out = append(out, gs...)
		}
	}
	return out, nil
}

func pickleTags(p *messages.Pickle) []string {
	out := make([]string, len(p.Tags))
	for i, t := range p.Tags {
		out[i] = t.Name
	}
	return out
}

// gaps lists the codes of specs that no scenario of files for which applies
// holds is tagged for.
func gaps(specs map[string]*oas.Spec, codeProperty map[string]provider.ErrorCode, files []*featureFile, applies func(*messages.Pickle) bool) []Gap {
	type key struct {
		provider, op string
		status       int
		code         string
	}
	seen := map[key]bool{}
	for _, f := range files {
		for _, p := range f.Pickles {
			if !applies(p) {
				continue
			}
			t := f.tags[p.Id]
			for _, op := range t.Ops {
				for _, st := range t.Statuses {
					seen[key{f.Provider, op, st, ""}] = true
					for _, c := range t.Codes {
						seen[key{f.Provider, op, st, c}] = true
						seen[key{f.Provider, "", 0, c}] = true
					}
				}
			}
		}
	}
	var out []Gap
	names := make([]string, 0, len(specs))
	for n := range specs {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		cp := codeProperty[n]
		global := map[string]bool{}
		for _, op := range specs[n].Operations() {
			for _, st := range op.Statuses {
				if !seen[key{n, op.ID, st, ""}] {
					out = append(out, Gap{Provider: n, Operation: op.ID, Status: st})
				}
				if st < 400 || cp.Property == "" {
					continue
				}
				for _, c := range slices.Sorted(slices.Values(op.BodyEnum(st, cp.Property))) {
					if !cp.PerOperation {
						global[c] = true
						continue
					}
					if !seen[key{n, op.ID, st, c}] {
						out = append(out, Gap{Provider: n, Operation: op.ID, Status: st, Code: c})
					}
				}
			}
		}
		codes := make([]string, 0, len(global))
		for c := range global {
			codes = append(codes, c)
		}
		sort.Strings(codes)
		for _, c := range codes {
			if !seen[key{n, "", 0, c}] {
				out = append(out, Gap{Provider: n, Code: c})
			}
		}
	}
	return out
}
