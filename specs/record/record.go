// Package record states, once, what conform knows of each provider apart
// from its behaviour: its name and title, its versions with their spec
// files (the default first), where its error codes live, the credential
// keys a config file may give and its operation ids. The simulator
// (simulator/<p>), the step vocabulary (steps/<p>) and the descriptor
// (internal/provider/<p>) are all built from a Provider value, so that a
// version or a renamed operation is one change here.
//
// It sits in the bottom layer beside the specs it names, so that both sides
// of the house (the harness and the simulator) may read it. A version is a
// value: behaviour that differs between versions asks the version's traits
// (the simulator's Call.Has), never compares version names.
package record

import (
	"errors"
	"fmt"
	"regexp"
	"slices"

	"github.com/conformhq/conform/specs"
	"github.com/conformhq/conform/specs/oas"
)

// Provider is one provider's record.
type Provider struct {
	// Name is the provider's key: its URL prefix (/weavr), feature folder
	// and tag (@weavr), fixtures and config section.
	Name string
	// Title is how scenarios write it: "Weavr" in `Given I use the Weavr API`.
	Title string
	// Versions are the published versions conform has a spec for, the
	// default (current) first.
	Versions []Version
	// ErrorCode says where the provider's error codes live.
	ErrorCode ErrorCode
	// Credentials are the keys a config file may give under
	// providers.<name>.credentials, for a deployment without conform's
	// control API.
	Credentials []string
	// Operations are the operation ids every version's spec documents, no
	// more, no less; the simulator serves each with a handler.
	Operations []string
}

// Version is one published version of a provider's API.
type Version struct {
	// Name is how the version is chosen (`--spec weavr=3.63`, fixtures
	// `versions: {weavr: "3.63"}`) and reported.
	Name string
	// Spec names the version's OpenAPI document embedded in package specs
	// (specs/<Spec>.yaml).
	Spec string
	// Traits are the behaviours of this version that another version of
	// the provider lacks, by name (the provider's record file declares
	// them); the simulator's handlers ask Call.Has where answers differ.
	Traits []string
}

// ErrorCode says where a provider's error codes live.
type ErrorCode struct {
	// Property is the error body's property holding the code (Weavr
	// errorCode, Fliqa errorSubCode, Fiskil's goa name); "" when none.
	Property string
	// PerOperation is true when each operation lists its own codes; false
	// when one schema is shared and the codes count provider-wide.
	PerOperation bool
}

// Load loads the version's spec. Each call returns a fresh document.
func (v Version) Load() (*oas.Spec, error) { return oas.Load(v.Spec) }

// Default returns the provider's default version: the first.
func (p Provider) Default() Version { return p.Versions[0] }

// Version returns the named version; "" is the default.
func (p Provider) Version(name string) (Version, bool) {
	if name == "" && len(p.Versions) > 0 {
		return p.Versions[0], true
	}
	for _, v := range p.Versions {
		if v.Name == name {
			return v, true
		}
	}
	return Version{}, false
}

// VersionNames lists the names of the provider's versions, default first.
func (p Provider) VersionNames() []string {
	out := make([]string, len(p.Versions))
	for i, v := range p.Versions {
		out[i] = v.Name
	}
	return out
}

// WithVersion returns a copy of the record with one more version, after
// the others: how a version is added without touching anything else.
func (p Provider) WithVersion(v Version) Provider {
	p.Versions = append(slices.Clone(p.Versions), v)
	return p
}

var namePattern = regexp.MustCompile(`^[a-z][a-z0-9]*$`)

// Check reports a record that cannot be used: a name that is not a
// lower-case word (it becomes a URL prefix, a tag and a folder), no title,
// no version, a version without a name or with a spec file that package
// specs does not embed, two versions of one name.
func (p Provider) Check() error {
	var errs []error
	if !namePattern.MatchString(p.Name) {
		errs = append(errs, fmt.Errorf("name %q is not a lower-case word", p.Name))
	}
	if p.Title == "" {
		errs = append(errs, errors.New("no title"))
	}
	if len(p.Versions) == 0 {
		errs = append(errs, errors.New("no version"))
	}
	seen := map[string]bool{}
	for i, v := range p.Versions {
		if v.Name == "" || v.Spec == "" {
			errs = append(errs, fmt.Errorf("version %d has no name or no spec", i))
			continue
		}
		if seen[v.Name] {
			errs = append(errs, fmt.Errorf("version %q is listed twice", v.Name))
		}
		seen[v.Name] = true
		if _, err := specs.Raw(v.Spec); err != nil {
			errs = append(errs, fmt.Errorf("version %s: %w", v.Name, err))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("record %q: %w", p.Name, err)
	}
	return nil
}
