package refextract

import (
	"strings"

	"gopkg.in/yaml.v3"
)

// prose are the keywords that document rather than constrain. `servers` is
// dropped too: the extract's paths are relative to the API's base URL.
func prose(key string) bool {
	switch key {
	case "description", "summary", "title", "example", "examples", "tags", "externalDocs", "servers":
		return true
	}
	return strings.HasPrefix(key, "x-")
}

// verbatim are the keywords whose values are data, not OpenAPI objects: an
// enum value or a default may well be an object with a "description" key.
func verbatim(key string) bool {
	switch key {
	case "enum", "const", "default", "required", "security", "discriminator":
		return true
	}
	return false
}

// nameMaps are the keywords whose values map names to objects: a property
// named "description" is a name, not prose. The values of `responses` are
// Response objects.
func nameMaps(key string) bool {
	switch key {
	case "properties", "patternProperties", "$defs", "definitions", "dependentSchemas",
		"responses", "headers", "content", "encoding", "links", "callbacks", "variables":
		return true
	}
	return false
}

// clean copies an OpenAPI object without its prose. A Response object keeps
// an empty description: OpenAPI requires one.
func clean(n *yaml.Node, response bool) *yaml.Node {
	n = resolve(n)
	switch n.Kind {
	case yaml.MappingNode:
		out := mapping()
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			switch {
			case k.Value == "description" && response:
				out.Content = append(out.Content, scalar("description"), scalar(""))
			case prose(k.Value):
			case verbatim(k.Value):
				out.Content = append(out.Content, copyNode(k), copyNode(v))
			case nameMaps(k.Value) && resolve(v).Kind == yaml.MappingNode:
				out.Content = append(out.Content, copyNode(k), cleanNames(resolve(v), k.Value == "responses"))
			default:
				out.Content = append(out.Content, copyNode(k), clean(v, false))
			}
		}
		return out
	case yaml.SequenceNode:
		out := &yaml.Node{Kind: yaml.SequenceNode, Tag: n.Tag}
		for _, e := range n.Content {
			out.Content = append(out.Content, clean(e, false))
		}
		return out
	}
	return copyNode(n)
}

// cleanNames copies a map of names to objects, cleaning each object.
func cleanNames(n *yaml.Node, responses bool) *yaml.Node {
	out := mapping()
	for i := 0; i+1 < len(n.Content); i += 2 {
		out.Content = append(out.Content, copyNode(n.Content[i]), clean(n.Content[i+1], responses))
	}
	return out
}

// copyNode copies a node deeply, aliases resolved, comments and styles
// dropped so that the output's layout depends on nothing but the content.
func copyNode(n *yaml.Node) *yaml.Node {
	n = resolve(n)
	out := &yaml.Node{Kind: n.Kind, Tag: n.Tag, Value: n.Value}
	if n.Kind == yaml.ScalarNode && n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0 {
		// A quoted "200" or "true" must stay a string.
		out.Style = yaml.DoubleQuotedStyle
	}
	for _, c := range n.Content {
		out.Content = append(out.Content, copyNode(c))
	}
	return out
}

func resolve(n *yaml.Node) *yaml.Node {
	for n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	return n
}

func mapping() *yaml.Node { return &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"} }

func scalar(v string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: v} }

// get returns the value of key in a mapping node, or nil.
func get(n *yaml.Node, key string) *yaml.Node {
	if n == nil {
		return nil
	}
	n = resolve(n)
	if n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return resolve(n.Content[i+1])
		}
	}
	return nil
}
