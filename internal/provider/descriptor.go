// Package provider defines the descriptor through which a provider plugs
// into conform: its record (specs/record: name, versions, specs, error
// codes, credential keys) joined to its simulator, its step vocabulary and
// its scenarios in one Descriptor value (Of); the one list of providers,
// a descriptor each, is internal/provider/all.
//
// The descriptor sits above both the harness (steps, reports) and the
// simulator: it is where they meet, so that neither imports the other.
package provider

import (
	"errors"
	"fmt"
	"io/fs"
	"regexp"

	"github.com/conformhq/conform/features"
	"github.com/conformhq/conform/simulator/core"
	"github.com/conformhq/conform/specs/oas"
	"github.com/conformhq/conform/specs/record"
	"github.com/conformhq/conform/steps"
)

// Descriptor is one provider, whole.
type Descriptor struct {
	// Name is the provider's key: its URL prefix (/weavr), its feature
	// folder and tag (@weavr), its fixtures and config section.
	Name string
	// Versions are the published versions conform has a spec for, the
	// default first.
	Versions []Version
	// ErrorCode names the body property that carries the provider's error
	// codes within a status (coverage asks for a scenario per code).
	ErrorCode ErrorCode
	// Simulator builds the provider's simulated implementation.
	Simulator func() (*core.Provider, error)
	// Vocabulary is the provider's part of the step library.
	Vocabulary func() steps.Vocabulary
	// Features are the provider's scenarios: *.feature files at the root.
	Features fs.FS
	// Credentials are the keys a config file may give under
	// providers.<name>.credentials for a deployment without conform's
	// control API (Weavr apiKey; Fiskil clientId, clientSecret, token); the
	// run refuses any other (List.Credentials).
	Credentials []string
}

// Version is one published version of a provider's API.
type Version struct {
	// Name is how the version is chosen and reported ("3.32").
	Name string
	// Spec loads the version's OpenAPI document.
	Spec func() (*oas.Spec, error)
}

// ErrorCode says where a provider's error codes live: the record's.
type ErrorCode = record.ErrorCode

// Of describes a provider by its record (name, versions and their specs,
// error-code property, credential keys), its simulator serving a record
// of it and its step vocabulary; its features are the folder of its name.
// Descriptors restate none of the record.
func Of(rec record.Provider, simulator func(record.Provider) (*core.Provider, error), vocabulary func() steps.Vocabulary) Descriptor {
	versions := make([]Version, len(rec.Versions))
	for i, v := range rec.Versions {
		versions[i] = Version{Name: v.Name, Spec: v.Load}
	}
	return Descriptor{
		Name:        rec.Name,
		Versions:    versions,
		ErrorCode:   rec.ErrorCode,
		Simulator:   func() (*core.Provider, error) { return simulator(rec) },
		Vocabulary:  vocabulary,
		Features:    features.Of(rec.Name),
		Credentials: rec.Credentials,
	}
}

var namePattern = regexp.MustCompile(`^[a-z][a-z0-9]*$`)

// Check reports a descriptor that cannot be plugged in: a name that is not
// a lower-case word (it becomes a URL prefix, a tag and a folder), or a
// missing part.
func (d Descriptor) Check() error {
	var errs []error
	if !namePattern.MatchString(d.Name) {
		errs = append(errs, fmt.Errorf("name %q is not a lower-case word", d.Name))
	}
	if len(d.Versions) == 0 {
		errs = append(errs, errors.New("no version"))
	}
	for i, v := range d.Versions {
		if v.Name == "" || v.Spec == nil {
			errs = append(errs, fmt.Errorf("version %d has no name or no spec", i))
		}
	}
	if d.Simulator == nil {
		errs = append(errs, errors.New("no simulator"))
	}
	if d.Vocabulary == nil {
		errs = append(errs, errors.New("no step vocabulary"))
	}
	if d.Features == nil {
		errs = append(errs, errors.New("no features"))
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("provider %q: %w", d.Name, err)
	}
	return nil
}

// VersionNames lists the names of the provider's versions, default first.
func (d Descriptor) VersionNames() []string {
	out := make([]string, len(d.Versions))
	for i, v := range d.Versions {
		out[i] = v.Name
	}
	return out
}

// Version returns the named version; "" is the default.
func (d Descriptor) Version(name string) (Version, bool) {
	if name == "" {
		return d.Versions[0], true
	}
	for _, v := range d.Versions {
		if v.Name == name {
			return v, true
		}
	}
	return Version{}, false
}
