package provider

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/conformhq/conform/specs/oas"
)

// SpecsOf loads each provider's spec of the version a full choice (every
// provider's version under test) names, by provider name.
func (l List) SpecsOf(versions map[string]string) (map[string]*oas.Spec, error) {
	out := make(map[string]*oas.Spec, len(l))
	for _, d := range l {
		v, ok := d.Version(versions[d.Name])
		if !ok {
			return nil, fmt.Errorf("%s has no version %q (%s)", d.Name, versions[d.Name], strings.Join(d.VersionNames(), ", "))
		}
		s, err := v.Spec()
		if err != nil {
			return nil, fmt.Errorf("provider %s %s: %w", d.Name, v.Name, err)
		}
		out[d.Name] = s
	}
	return out, nil
}

// Plural keeps, of a full choice, the providers that have several versions:
// only those need saying to a target (the fixtures section `versions`) and
// in reports.
func (l List) Plural(versions map[string]string) map[string]string {
	out := map[string]string{}
	for _, d := range l {
		if len(d.Versions) > 1 {
			out[d.Name] = versions[d.Name]
		}
	}
	return out
}

// OtherVersions lists a provider's versions other than the one under test:
// scenarios tagged @version:<one of them> do not apply.
func (d Descriptor) OtherVersions(under string) []string {
	var out []string
	for _, v := range d.Versions {
		if v.Name != under {
			out = append(out, v.Name)
		}
	}
	return out
}

// NewestSpecs loads, for each provider whose version under test (of a
// full choice from Choose) is not its newest, the newest version's spec,
// by provider name. Contract rule 6: the harness accepts every shape that
// a current source documents, so an answer of the newer version's shape
// is a warning, not a failure; an older version's shape is never accepted.
func (l List) NewestSpecs(versions map[string]string) (map[string]*oas.Spec, error) {
	out := map[string]*oas.Spec{}
	for _, d := range l {
		if len(d.Versions) < 2 {
			continue
		}
		newest := d.Versions[0]
		for _, v := range d.Versions[1:] {
			if versionLess(newest.Name, v.Name) {
				newest = v
			}
		}
		if newest.Name == versions[d.Name] {
			continue
		}
		s, err := newest.Spec()
		if err != nil {
			return nil, fmt.Errorf("provider %s %s: %w", d.Name, newest.Name, err)
		}
		out[d.Name] = s
	}
	return out, nil
}

// versionLess orders dotted version names by their numbers ("3.32" <
// "3.63" < "3.100"); a part that is no number compares as text.
func versionLess(a, b string) bool {
	pa, pb := strings.Split(a, "."), strings.Split(b, ".")
	for i := 0; i < len(pa) && i < len(pb); i++ {
		na, ea := strconv.Atoi(pa[i])
		nb, eb := strconv.Atoi(pb[i])
		switch {
		case ea == nil && eb == nil && na != nb:
			return na < nb
		case (ea != nil || eb != nil) && pa[i] != pb[i]:
			return pa[i] < pb[i]
		}
	}
	return len(pa) < len(pb)
}
