// Package specs embeds the OpenAPI documents that every response is judged by:
// one per provider (fliqa, weavr, fiskil) and one for the simulator's control API.
package specs

import (
	"context"
	"embed"
	"fmt"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

//go:embed *.yaml
var files embed.FS

// Names lists the embedded specs by name ("control", "fiskil", ...), in
// lexical order. Which of them are providers is for the provider
// descriptors to say, not this package.
func Names() []string {
	entries, err := files.ReadDir(".")
	if err != nil {
		// The embedded folder always exists; its listing cannot fail.
		panic(err)
	}
	var out []string
	for _, e := range entries {
		out = append(out, strings.TrimSuffix(e.Name(), ".yaml"))
	}
	return out
}

// Raw returns the YAML source of the named spec ("fliqa", "weavr", "fiskil", "control").
func Raw(name string) ([]byte, error) {
	b, err := files.ReadFile(name + ".yaml")
	if err != nil {
		return nil, fmt.Errorf("specs: no spec named %q", name)
	}
	return b, nil
}

// Parse parses and validates an OpenAPI document given as YAML or JSON, such
// as the spec of a provider that is not embedded here; name is used in
// errors.
func Parse(name string, b []byte) (*openapi3.T, error) {
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
