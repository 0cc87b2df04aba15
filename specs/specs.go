// Package specs embeds the OpenAPI documents that every response is judged by:
// one per provider (fliqa, weavr, fiskil) and one for the simulator's control API.
package specs

import (
	"context"
	"embed"
	"fmt"

	"github.com/getkin/kin-openapi/openapi3"
)

//go:embed *.yaml
var files embed.FS

// Providers lists the provider specs in a stable order.
var Providers = []string{"fliqa", "weavr", "fiskil"}

// Raw returns the YAML source of the named spec ("fliqa", "weavr", "fiskil", "control").
func Raw(name string) ([]byte, error) {
	b, err := files.ReadFile(name + ".yaml")
	if err != nil {
		return nil, fmt.Errorf("specs: no spec named %q", name)
	}
	return b, nil
}

// Load parses and validates the named spec. Each call returns a fresh document,
// so callers may modify it (kin-openapi caches compiled schemas inside it).
func Load(name string) (*openapi3.T, error) {
	b, err := Raw(name)
	if err != nil {
		return nil, err
	}
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(b)
	if err != nil {
		return nil, fmt.Errorf("specs: parse %s.yaml: %w", name, err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		return nil, fmt.Errorf("specs: %s.yaml is not a valid OpenAPI document: %w", name, err)
	}
	return doc, nil
}
