// Package providers is the simulator's own list of providers: what
// `conformtest`, the load benchmark and the soak test run, without the step
// library, the feature files or godog that conform's full list
// (internal/provider/all) brings. Each entry is a provider's record and
// the constructor that serves it; a new provider is one line here and one
// in internal/provider/all (a test holds the two lists to the same names).
package providers

import (
	"fmt"
	"slices"
	"strings"

	"github.com/conformhq/conform/simulator/core"
	"github.com/conformhq/conform/simulator/fiskil"
	"github.com/conformhq/conform/simulator/fliqa"
	"github.com/conformhq/conform/simulator/weavr"
	"github.com/conformhq/conform/specs/oas"
	"github.com/conformhq/conform/specs/record"
)

// Provider is one simulated provider: its record, and its constructor
// serving a record of it.
type Provider struct {
	Record record.Provider
	Of     func(rec record.Provider) (*core.Provider, error)
}

// List is the simulated providers, in the order reports list them.
type List []Provider

// All returns the built-in simulated providers.
func All() List {
	return List{
		{record.Fliqa(), fliqa.Of},
		{record.Weavr(), weavr.Of},
		{record.Fiskil(), fiskil.Of},
	}
}

// Names lists the providers' names, in order.
func (l List) Names() []string {
	out := make([]string, len(l))
	for i, p := range l {
		out[i] = p.Record.Name
	}
	return out
}

// Simulators lists the constructors of the providers, each serving its
// record, as simulator.Options takes them.
func (l List) Simulators() []func() (*core.Provider, error) {
	out := make([]func() (*core.Provider, error), len(l))
	for i, p := range l {
		out[i] = func() (*core.Provider, error) { return p.Of(p.Record) }
	}
	return out
}

// Spec loads the default version's spec of the named provider; an unknown
// name is an error that lists the known ones.
func (l List) Spec(name string) (*oas.Spec, error) {
	i := slices.IndexFunc(l, func(p Provider) bool { return p.Record.Name == name })
	if i < 0 {
		return nil, fmt.Errorf("unknown provider %q (%s)", name, strings.Join(l.Names(), ", "))
	}
	return l[i].Record.Default().Load()
}

// Specs loads the default version's spec of each provider, by name.
func (l List) Specs() (map[string]*oas.Spec, error) {
	out := make(map[string]*oas.Spec, len(l))
	for _, p := range l {
		s, err := l.Spec(p.Record.Name)
		if err != nil {
			return nil, err
		}
		out[p.Record.Name] = s
	}
	return out, nil
}
