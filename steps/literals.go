package steps

import (
	"encoding/json"
	"regexp"
	"strings"

	"github.com/cucumber/godog"
)

var quoted = regexp.MustCompile(`"((?:[^"\\]|\\.)*)"`)

// literals lists the values a scenario writes in the open: quoted strings
// of its steps and the string values of its doc strings, except those with
// a {{placeholder}} (their expansion is the run's, and may be secret).
// They are never taken for secrets by value: a wrong code "000000" written
// in a feature file must not mask every id that contains it. Where such a
// value sits in a secret field, structure still masks it.
func literals(sc *godog.Scenario) []string {
	var out []string
	add := func(v string) {
		if v != "" && !strings.Contains(v, "{{") {
			out = append(out, v)
		}
	}
	for _, st := range sc.Steps {
		for _, m := range quoted.FindAllStringSubmatch(st.Text, -1) {
			add(m[1])
		}
		if st.Argument == nil || st.Argument.DocString == nil {
			continue
		}
		doc := st.Argument.DocString.Content
		var v any
		if json.Unmarshal([]byte(doc), &v) == nil {
			walkStrings(v, add)
			continue
		}
		for _, m := range quoted.FindAllStringSubmatch(doc, -1) {
			add(m[1])
		}
	}
	return out
}

func walkStrings(v any, add func(string)) {
	switch t := v.(type) {
	case string:
		add(t)
	case map[string]any:
		for _, x := range t {
			walkStrings(x, add)
		}
	case []any:
		for _, x := range t {
			walkStrings(x, add)
		}
	}
}
