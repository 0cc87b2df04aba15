package refextract

import (
	"bytes"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"
)

// methods are the Path Item keys that are operations, in OpenAPI's order.
func methods() []string {
	return []string{"get", "put", "post", "delete", "options", "head", "patch", "trace"}
}

// componentKinds are the sections of components, in the order written.
func componentKinds() []string {
	return []string{"schemas", "responses", "parameters", "requestBodies", "headers", "securitySchemes", "links", "callbacks", "pathItems"}
}

// Extract reduces an OpenAPI document (YAML or JSON) to the endpoints, with
// the components they use, and renders it as YAML after header, a comment
// (one line per element, "# " added). It fails when an endpoint is missing
// from the document or documented twice, or when a reference does not
// resolve inside the document.
func Extract(src []byte, endpoints []Endpoint, header []string) ([]byte, error) {
	var file yaml.Node
	if err := yaml.Unmarshal(src, &file); err != nil {
		return nil, fmt.Errorf("refextract: not YAML or JSON: %w", err)
	}
	if file.Kind != yaml.DocumentNode || len(file.Content) == 0 || resolve(file.Content[0]).Kind != yaml.MappingNode {
		return nil, errors.New("refextract: the document is not a mapping")
	}
	root := resolve(file.Content[0])
	version, info := get(root, "openapi"), get(root, "info")
	if version == nil || info == nil || get(info, "title") == nil || get(info, "version") == nil {
		return nil, errors.New("refextract: not an OpenAPI document (openapi, info.title or info.version missing)")
	}
	paths, err := extractPaths(get(root, "paths"), endpoints)
	if err != nil {
		return nil, err
	}
	security := get(root, "security")
	components, err := extractComponents(get(root, "components"), paths, security)
	if err != nil {
		return nil, err
	}
	out := mapping()
	outInfo := mapping()
	outInfo.Content = append(outInfo.Content, scalar("title"), copyNode(get(info, "title")), scalar("version"), copyNode(get(info, "version")))
	out.Content = append(out.Content, scalar("openapi"), copyNode(version), scalar("info"), outInfo)
	if d := get(root, "jsonSchemaDialect"); d != nil {
		out.Content = append(out.Content, scalar("jsonSchemaDialect"), copyNode(d))
	}
	if security != nil {
		// The requirement of every operation that states none of its own.
		out.Content = append(out.Content, scalar("security"), copyNode(security))
	}
	out.Content = append(out.Content, scalar("paths"), paths)
	if len(components.Content) > 0 {
		out.Content = append(out.Content, scalar("components"), components)
	}
	var b bytes.Buffer
	for _, line := range header {
		b.WriteString(strings.TrimRight("# "+line, " ") + "\n")
	}
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(out); err != nil {
		return nil, fmt.Errorf("refextract: rendering: %w", err)
	}
	if err := enc.Close(); err != nil {
		return nil, fmt.Errorf("refextract: rendering: %w", err)
	}
	return b.Bytes(), nil
}

// extractPaths keeps the endpoints' operations and their path items'
// shared parameters, in the document's order.
func extractPaths(paths *yaml.Node, endpoints []Endpoint) (*yaml.Node, error) {
	if paths == nil || paths.Kind != yaml.MappingNode {
		return nil, errors.New("refextract: the document has no paths")
	}
	found := make([]int, len(endpoints))
	out := mapping()
	for i := 0; i+1 < len(paths.Content); i += 2 {
		path, item := paths.Content[i].Value, resolve(paths.Content[i+1])
		kept := mapping()
		for _, m := range methods() {
			op := get(item, m)
			if op == nil {
				continue
			}
			j := slices.IndexFunc(endpoints, func(e Endpoint) bool {
				return strings.EqualFold(e.Method, m) && samePath(e.Path, path)
			})
			if j < 0 {
				continue
			}
			found[j]++
			kept.Content = append(kept.Content, scalar(m), clean(op, false))
		}
		if len(kept.Content) == 0 {
			continue
		}
		if get(item, "$ref") != nil {
			return nil, fmt.Errorf("refextract: path %s is a reference; only inline path items are supported", path)
		}
		if p := get(item, "parameters"); p != nil {
			kept.Content = append([]*yaml.Node{scalar("parameters"), clean(p, false)}, kept.Content...)
		}
		out.Content = append(out.Content, scalar(path), kept)
	}
	var missing []string
	for j, n := range found {
		switch {
		case n == 0:
			missing = append(missing, endpoints[j].String())
		case n > 1:
			return nil, fmt.Errorf("refextract: %s is documented by %d paths", endpoints[j], n)
		}
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("refextract: the document does not have %s", strings.Join(missing, ", "))
	}
	return out, nil
}

// extractComponents keeps the components the paths reference, and those
// they reference in turn, and the security schemes the operations and the
// document (security) require.
func extractComponents(components, paths, security *yaml.Node) (*yaml.Node, error) {
	kept := map[string]map[string]*yaml.Node{}
	var pending []*yaml.Node
	pending = append(pending, paths)
	for len(pending) > 0 {
		n := pending[len(pending)-1]
		pending = pending[:len(pending)-1]
		for _, ref := range refs(n) {
			kind, name, err := splitRef(ref)
			if err != nil {
				return nil, err
			}
			if kept[kind][name] != nil {
				continue
			}
			src := get(get(components, kind), name)
			if src == nil {
				return nil, fmt.Errorf("refextract: %s does not resolve", ref)
			}
			c := clean(src, kind == "responses")
			if kept[kind] == nil {
				kept[kind] = map[string]*yaml.Node{}
			}
			kept[kind][name] = c
			pending = append(pending, c)
		}
	}
	for _, name := range securitySchemes(paths, security) {
		src := get(get(components, "securitySchemes"), name)
		if src == nil {
			return nil, fmt.Errorf("refextract: security scheme %q is not defined", name)
		}
		if kept["securitySchemes"] == nil {
			kept["securitySchemes"] = map[string]*yaml.Node{}
		}
		kept["securitySchemes"][name] = clean(src, false)
	}
	out := mapping()
	for _, kind := range componentKinds() {
		if len(kept[kind]) == 0 {
			continue
		}
		section := mapping()
		for _, name := range slices.Sorted(maps.Keys(kept[kind])) {
			section.Content = append(section.Content, scalar(name), kept[kind][name])
		}
		out.Content = append(out.Content, scalar(kind), section)
	}
	for kind := range kept {
		if !slices.Contains(componentKinds(), kind) {
			return nil, fmt.Errorf("refextract: references into components/%s are not supported", kind)
		}
	}
	return out, nil
}

// refs lists the $ref values under n, and the targets of discriminator
// mappings, which are references too.
func refs(n *yaml.Node) []string {
	var out []string
	var walk func(n *yaml.Node, mappingValues bool)
	walk = func(n *yaml.Node, mappingValues bool) {
		n = resolve(n)
		switch n.Kind {
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				k, v := n.Content[i], resolve(n.Content[i+1])
				if v.Kind == yaml.ScalarNode && (k.Value == "$ref" || mappingValues && strings.HasPrefix(v.Value, "#/")) {
					out = append(out, v.Value)
					continue
				}
				walk(v, k.Value == "mapping")
			}
		case yaml.SequenceNode:
			for _, c := range n.Content {
				walk(c, false)
			}
		}
	}
	walk(n, false)
	return out
}

// splitRef splits "#/components/<kind>/<name>" (JSON pointer escapes
// undone); any other reference, to another file included, is refused.
func splitRef(ref string) (kind, name string, err error) {
	parts := strings.Split(strings.TrimPrefix(ref, "#/"), "/")
	if len(parts) != 3 || parts[0] != "components" {
		return "", "", fmt.Errorf("refextract: reference %q is not to a component", ref)
	}
	unescape := strings.NewReplacer("~1", "/", "~0", "~")
	return parts[1], unescape.Replace(parts[2]), nil
}

// securitySchemes lists, sorted, the schemes the kept operations and the
// document's own security require.
func securitySchemes(paths, security *yaml.Node) []string {
	seen := map[string]bool{}
	add := func(requirements *yaml.Node) {
		for _, req := range nodeItems(requirements) {
			for k := 0; k+1 < len(req.Content); k += 2 {
				seen[req.Content[k].Value] = true
			}
		}
	}
	add(security)
	for i := 1; i < len(paths.Content); i += 2 {
		item := paths.Content[i]
		for j := 0; j+1 < len(item.Content); j += 2 {
			add(get(item.Content[j+1], "security"))
		}
	}
	return slices.Sorted(maps.Keys(seen))
}

func nodeItems(n *yaml.Node) []*yaml.Node {
	if n == nil || n.Kind != yaml.SequenceNode {
		return nil
	}
	return n.Content
}
