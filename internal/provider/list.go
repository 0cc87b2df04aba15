package provider

import (
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strings"

	"github.com/conformhq/conform/simulator/core"
	"github.com/conformhq/conform/specs/oas"
	"github.com/conformhq/conform/steps"
)

// List is the providers of a conform build, in order.
type List []Descriptor

// Check checks every descriptor and that no two share a name.
func (l List) Check() error {
	var errs []error
	seen := map[string]bool{}
	for _, d := range l {
		if err := d.Check(); err != nil {
			errs = append(errs, err)
		}
		if seen[d.Name] {
			errs = append(errs, fmt.Errorf("provider %q is listed twice", d.Name))
		}
		seen[d.Name] = true
	}
	return errors.Join(errs...)
}

// Names lists the providers' names, in order.
func (l List) Names() []string {
	out := make([]string, len(l))
	for i, d := range l {
		out[i] = d.Name
	}
	return out
}

// Select keeps the named providers (all when names is empty); an unknown
// name is an error that lists the known ones.
func (l List) Select(names []string) (List, error) {
	if len(names) == 0 {
		return l, nil
	}
	var out List
	for _, n := range names {
		i := slices.IndexFunc(l, func(d Descriptor) bool { return d.Name == n })
		if i < 0 {
			return nil, fmt.Errorf("unknown provider %q (%s)", n, strings.Join(l.Names(), ", "))
		}
		out = append(out, l[i])
	}
	return out, nil
}

// Specs loads the default version's spec of each provider, by name.
func (l List) Specs() (map[string]*oas.Spec, error) {
	return l.SpecsOf(nil)
}

// Simulators lists the simulator constructors, in order.
func (l List) Simulators() []func() (*core.Provider, error) {
	out := make([]func() (*core.Provider, error), len(l))
	for i, d := range l {
		out[i] = d.Simulator
	}
	return out
}

// Vocabularies lists the step vocabularies, in order.
func (l List) Vocabularies() []steps.Vocabulary {
	out := make([]steps.Vocabulary, len(l))
	for i, d := range l {
		out[i] = d.Vocabulary()
	}
	return out
}

// Features returns each provider's feature files, by name.
func (l List) Features() map[string]fs.FS {
	out := make(map[string]fs.FS, len(l))
	for _, d := range l {
		out[d.Name] = d.Features
	}
	return out
}

// ErrorCodes returns each provider's error-code property, by name.
func (l List) ErrorCodes() map[string]ErrorCode {
	out := make(map[string]ErrorCode, len(l))
	for _, d := range l {
		out[d.Name] = d.ErrorCode
	}
	return out
}

// Credentials returns each provider's credential keys, by name.
func (l List) Credentials() map[string][]string {
	out := make(map[string][]string, len(l))
	for _, d := range l {
		out[d.Name] = d.Credentials
	}
	return out
}
