package runner

import (
	"errors"
	"strings"
	"testing"
)

// TestParseTagExpression: Cucumber's grammar (precedence not > and > or,
// parentheses, escapes), godog's old syntax translated with a hint, and
// each malformed expression refused with a message that says where.
func TestParseTagExpression(t *testing.T) {
	tests := []struct {
		name string
		expr string
		// err is a part of the message of a refused expression; "" accepts.
		err string
		// old is the Cucumber form given for godog's old syntax.
		old string
		// match and miss are scenarios' tags (space-separated) selected
		// and left out; ␠ is a space inside a tag.
		match, miss []string
	}{
		{name: "empty selects everything", expr: "", match: []string{"", "@a"}},
		{name: "one tag", expr: "@weavr", match: []string{"@weavr", "@weavr @b"}, miss: []string{"", "@fliqa"}},
		{name: "not", expr: "not @wip", match: []string{"", "@a"}, miss: []string{"@wip"}},
		{name: "and", expr: "@a and @b", match: []string{"@a @b"}, miss: []string{"@a", "@b"}},
		{name: "or", expr: "@a or @b", match: []string{"@a", "@b"}, miss: []string{"@c"}},
		{name: "and binds tighter than or", expr: "@a or @b and @c", match: []string{"@a", "@b @c"}, miss: []string{"@b", "@c"}},
		{name: "not binds tighter than and", expr: "not @a and @b", match: []string{"@b"}, miss: []string{"@a @b", ""}},
		{name: "parentheses", expr: "(@a or @b) and not @c", match: []string{"@a", "@b"}, miss: []string{"@a @c", "@c"}},
		{name: "nested parentheses, no spaces", expr: "not(@a or(@b and @c))", match: []string{"@b", ""}, miss: []string{"@a", "@b @c"}},
		{name: "double not", expr: "not not @a", match: []string{"@a"}, miss: []string{""}},
		{name: "colon tags", expr: "@op:loginWithPassword and @status:403", match: []string{"@op:loginWithPassword @status:403"}, miss: []string{"@op:loginWithPassword"}},
		{name: "escaped parentheses", expr: `@a\(1\)`, match: []string{"@a(1)"}, miss: []string{"@a"}},
		{name: "escaped space", expr: `@two\ words or @b`, match: []string{"@two␠words", "@b"}, miss: []string{"@two"}},
		{name: "escaped backslash", expr: `@a\\b`, match: []string{`@a\b`}},
		{name: "old and, not", expr: "@weavr && ~@needs-control", old: "@weavr and not @needs-control", match: []string{"@weavr"}, miss: []string{"@weavr @needs-control"}},
		{name: "old or binds tighter than and", expr: "@a,@b && @c", old: "(@a or @b) and @c", match: []string{"@a @c", "@b @c"}, miss: []string{"@a", "@c"}},
		{name: "old or alone", expr: "@fiskil,~@smoke", old: "@fiskil or not @smoke", match: []string{"@fiskil @smoke", ""}, miss: []string{"@smoke"}},
		{name: "old negation alone", expr: "~@smoke", old: "not @smoke", match: []string{""}, miss: []string{"@smoke"}},
		{name: "unmatched open parenthesis", expr: "(@a or @b", err: "unmatched '(' at character 1"},
		{name: "unmatched close parenthesis", expr: "@a or @b)", err: "unmatched ')' at character 9"},
		{name: "empty parentheses", expr: "()", err: `expected a tag, 'not' or '(' where ")" is`},
		{name: "trailing operator", expr: "@a and", err: `expected a tag, 'not' or '(' after "and" at the end`},
		{name: "leading operator", expr: "or @a", err: `expected a tag, 'not' or '(' where "or" is, at character 1`},
		{name: "two tags without an operator", expr: "@a @b", err: `expected 'and' or 'or' before "@b" at character 4`},
		{name: "tag without its @", expr: "weavr", err: `lacks its @ (write @weavr)`},
		{name: "bare @", expr: "@ and @a", err: "names no tag"},
		{name: "illegal escape", expr: `@a\b`, err: `illegal escape before 'b'`},
		{name: "trailing backslash", expr: `@a\`, err: "escapes nothing"},
		{name: "old syntax, empty term", expr: "@weavr &&", err: "an empty term"},
		{name: "old syntax, missing @", expr: "~weavr, @a", err: "lacks its @"},
		{name: "old and new mixed", expr: "@a && not @b", err: "mixes the old syntax with Cucumber's"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e, err := ParseTagExpression(tc.expr)
			if tc.err != "" {
				var te *TagExpressionError
				if !errors.As(err, &te) || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("error %v, want a TagExpressionError with %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatalf("refused: %v", err)
			}
			if e.OldSyntax != tc.old {
				t.Errorf("OldSyntax %q, want %q", e.OldSyntax, tc.old)
			}
			for _, tags := range tc.match {
				if !e.Match(tagList(tags)) {
					t.Errorf("%q does not select a scenario tagged %q", tc.expr, tags)
				}
			}
			for _, tags := range tc.miss {
				if e.Match(tagList(tags)) {
					t.Errorf("%q selects a scenario tagged %q", tc.expr, tags)
				}
			}
		})
	}
}

// tagList splits a scenario's tags at spaces; ␠ is a tag's own space.
func tagList(s string) []string {
	out := strings.Fields(s)
	for i := range out {
		out[i] = strings.ReplaceAll(out[i], "␠", " ")
	}
	return out
}
