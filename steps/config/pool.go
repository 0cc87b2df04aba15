package config

import (
	"fmt"

	"gopkg.in/yaml.v3"
)

// Pool is the fixtures of one kind: a config file writes one fixture as a
// map (`user: {email: …}`), or several as a list of maps (`user: [{…},
// {…}]`); both read as a Pool, in the order written. Several fixtures of a
// kind let scenarios that lock or change one run alongside those that
// share one (see steps' fixture pools).
type Pool []map[string]any

// UnmarshalYAML reads a map as a pool of one and a list as a pool; a
// fixture that is not a map is refused with its line.
func (p *Pool) UnmarshalYAML(n *yaml.Node) error {
	switch n.Kind {
	case yaml.MappingNode:
		var m map[string]any
		if err := n.Decode(&m); err != nil {
			return err
		}
		*p = Pool{m}
		return nil
	case yaml.SequenceNode:
		out := make(Pool, 0, len(n.Content))
		for i, c := range n.Content {
			if c.Kind != yaml.MappingNode {
				return fmt.Errorf("line %d: fixture [%d] must be a map of fields", c.Line, i)
			}
			var m map[string]any
			if err := c.Decode(&m); err != nil {
				return err
			}
			out = append(out, m)
		}
		*p = out
		return nil
	case yaml.ScalarNode:
		if n.Tag == "!!null" {
			*p = nil
			return nil
		}
	}
	return fmt.Errorf("line %d: a fixture is a map of fields, or a list of them", n.Line)
}

// Key is the config key of the i-th fixture of a pool, for messages:
// providers.weavr.fixtures.user for a pool of one (written as a map or as
// a list of one), providers.weavr.fixtures.user[1] in a larger pool.
func (p Pool) Key(provider, kind string, i int) string {
	k := "providers." + provider + ".fixtures." + kind
	if len(p) > 1 {
		k += fmt.Sprintf("[%d]", i)
	}
	return k
}
