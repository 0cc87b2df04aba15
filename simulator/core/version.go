package core

import (
	"fmt"
	"slices"
	"strings"

	"github.com/conformhq/conform/specs/oas"
	"github.com/conformhq/conform/specs/record"
)

// Version is one published version of a provider's API that the simulator
// serves. Every version documents the same operations (the same handlers
// serve them all); what differs is the shape of the answers, which handlers
// learn from the version's traits (Call.Has).
type Version struct {
	// Name is the version's name as fixtures and reports give it ("3.63").
	Name string
	Spec *oas.Spec
	// Traits are the version's behaviours that other versions lack
	// (record.Version.Traits); handlers ask Call.Has.
	Traits []string
}

// Versions loads the spec of each version of a provider's record, the
// default first, as Provider.Versions takes them.
func Versions(rec record.Provider) ([]Version, error) {
	out := make([]Version, 0, len(rec.Versions))
	for _, v := range rec.Versions {
		spec, err := v.Load()
		if err != nil {
			return nil, fmt.Errorf("%s %s: %w", rec.Name, v.Name, err)
		}
		out = append(out, Version{Name: v.Name, Spec: spec, Traits: v.Traits})
	}
	return out, nil
}

// version returns the named version of the provider; the default (the
// first) for "".
func (p *Provider) version(name string) (*Version, bool) {
	if len(p.Versions) == 0 {
		// Not prepared: the one spec there is.
		return &Version{Spec: p.Spec}, name == ""
	}
	if name == "" {
		return &p.Versions[0], true
	}
	for i := range p.Versions {
		if p.Versions[i].Name == name {
			return &p.Versions[i], true
		}
	}
	return nil, false
}

// VersionNames lists the provider's versions, the default first.
func (p *Provider) VersionNames() []string {
	out := make([]string, len(p.Versions))
	for i, v := range p.Versions {
		out[i] = v.Name
	}
	return out
}

// CheckVersion reports an error naming the known versions when the
// provider has no version of that name ("" is the default and always
// known).
func (p *Provider) CheckVersion(name string) error {
	if _, ok := p.version(name); ok {
		return nil
	}
	return fmt.Errorf("%s has no version %q (known: %s)", p.Name, name, strings.Join(p.VersionNames(), ", "))
}

// SpecOf returns the spec of the version a sandbox chose for the provider
// (the default version's when sb is nil or chose none).
func (p *Provider) SpecOf(sb *Sandbox) *oas.Spec {
	name := ""
	if sb != nil {
		name = sb.Version(p.Name)
	}
	v, ok := p.version(name)
	if !ok {
		v, _ = p.version("")
	}
	return v.Spec
}

// Version returns the name of the version the sandbox serves for the
// provider: the one its fixtures chose, or the provider's default.
func (c *Call) Version() string {
	if c.provider == nil {
		return ""
	}
	if c.Sandbox != nil {
		if v := c.Sandbox.Version(c.provider.Name); v != "" {
			return v
		}
	}
	v, _ := c.provider.version("")
	return v.Name
}

// Has reports whether the version the call is served in has the trait
// (record.Version.Traits): where a provider's versions answer differently,
// the handler asks this, never the version's name.
func (c *Call) Has(trait string) bool {
	if c.provider == nil {
		return false
	}
	v, ok := c.provider.version(c.Version())
	return ok && slices.Contains(v.Traits, trait)
}

// Spec returns the spec of the version the call is served in.
func (c *Call) Spec() *oas.Spec {
	if c.provider == nil {
		return nil
	}
	return c.provider.SpecOf(c.Sandbox)
}
