package runner

import (
	"fmt"
	"strings"
)

// CheckTags checks a tag expression in godog's (behat's) syntax before the
// run: `@a && ~@b`, with `,` for or. godog itself panics on an empty term
// (`@weavr &&`) and reads words it does not know (`not @wip`) as tag names
// that match nothing, so both are refused here with a message saying why.
func CheckTags(expr string) error {
	if strings.TrimSpace(expr) == "" {
		return nil
	}
	for _, and := range strings.Split(expr, "&&") {
		for _, term := range strings.Split(and, ",") {
			t := strings.TrimSpace(term)
			name := strings.TrimPrefix(strings.TrimPrefix(t, "~"), "@")
			switch {
			case t == "" || name == "":
				return fmt.Errorf("tags %q: an empty term (around %q); the syntax is `@a && ~@b`, `,` for or", expr, strings.TrimSpace(and))
			case strings.ContainsAny(name, " \t@~()!|&"):
				return fmt.Errorf("tags %q: %q is not a tag; the syntax is `@a && ~@b`, `,` for or (not `not`, `and`, `or`, parentheses)", expr, t)
			case !strings.HasPrefix(strings.TrimPrefix(t, "~"), "@"):
				return fmt.Errorf("tags %q: %q lacks its @ (write @%s)", expr, t, name)
			}
		}
	}
	return nil
}

// matchTags reports whether a scenario with these tags (with their @) is
// selected by expr, as godog decides it (internal/tags in godog v0.15): and
// over `&&`, or over `,`, `~` for not.
func matchTags(expr string, tags []string) bool {
	if strings.TrimSpace(expr) == "" {
		return true
	}
	has := func(name string) bool {
		for _, t := range tags {
			if strings.ReplaceAll(t, "@", "") == name {
				return true
			}
		}
		return false
	}
	for _, and := range strings.Split(expr, "&&") {
		ok := false
		for _, term := range strings.Split(and, ",") {
			t := strings.ReplaceAll(strings.TrimSpace(term), "@", "")
			if neg, found := strings.CutPrefix(t, "~"); found {
				ok = ok || !has(neg)
				continue
			}
			ok = ok || has(t)
		}
		if !ok {
			return false
		}
	}
	return true
}
