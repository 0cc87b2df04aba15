package provider

import (
	"fmt"
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
