package runner

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode"
)

// TagExpression is a parsed Cucumber tag expression (`--tags`): tags
// combined with `not`, `and`, `or` and parentheses, `not` binding
// tightest and `or` loosest; `\(`, `\)`, `\\` and `\ ` are a tag's own
// characters. The zero TagExpression selects every scenario.
//
// godog's old syntax (`@a && ~@b`, `,` for or) is still read, translated
// into Cucumber's; OldSyntax then says how to write it.
type TagExpression struct {
	src  string
	root tagNode
	// OldSyntax is the Cucumber form of an expression written in godog's
	// old syntax, for a hint; "" when it was written in Cucumber's.
	OldSyntax string
}

// TagExpressionError is a tag expression that cannot be read: Reason says
// what is wrong, where.
type TagExpressionError struct {
	Expr   string
	Reason string
}

func (e *TagExpressionError) Error() string {
	return fmt.Sprintf("tags %q: %s (the syntax is Cucumber's: @a and not (@b or @c))", e.Expr, e.Reason)
}

// ParseTagExpression reads a tag expression; "" selects everything.
func ParseTagExpression(expr string) (TagExpression, error) {
	if strings.TrimSpace(expr) == "" {
		return TagExpression{}, nil
	}
	src, old := expr, ""
	if isOldSyntax(expr) {
		translated, err := translateOld(expr)
		if err != nil {
			return TagExpression{}, err
		}
		src, old = translated, translated
	}
	toks, err := tokenize(src)
	if err != nil {
		return TagExpression{}, &TagExpressionError{Expr: expr, Reason: err.Error()}
	}
	p := &tagParser{toks: toks}
	root, err := p.or()
	if err == nil && p.i < len(p.toks) {
		t := p.toks[p.i]
		if t.op && t.text == ")" {
			err = fmt.Errorf("unmatched ')' at character %d", t.pos+1)
		} else {
			err = fmt.Errorf("expected 'and' or 'or' before %q at character %d", t.text, t.pos+1)
		}
	}
	if err != nil {
		return TagExpression{}, &TagExpressionError{Expr: expr, Reason: err.Error()}
	}
	return TagExpression{src: expr, root: root, OldSyntax: old}, nil
}

// String is the expression as it was written.
func (e TagExpression) String() string { return e.src }

// Match reports whether a scenario with these tags (with their @) is
// selected.
func (e TagExpression) Match(tags []string) bool {
	return e.root == nil || e.root.match(tags)
}

// Tags lists the tags the expression names, in order, once each.
func (e TagExpression) Tags() []string {
	var out []string
	var walk func(tagNode)
	walk = func(n tagNode) {
		switch n := n.(type) {
		case tagLiteral:
			if !slices.Contains(out, string(n)) {
				out = append(out, string(n))
			}
		case tagNot:
			walk(n.x)
		case tagAnd:
			walk(n.x)
			walk(n.y)
		case tagOr:
			walk(n.x)
			walk(n.y)
		}
	}
	if e.root != nil {
		walk(e.root)
	}
	return out
}

type tagNode interface{ match(tags []string) bool }

type (
	tagLiteral string
	tagNot     struct{ x tagNode }
	tagAnd     struct{ x, y tagNode }
	tagOr      struct{ x, y tagNode }
)

func (l tagLiteral) match(tags []string) bool { return slices.Contains(tags, string(l)) }
func (n tagNot) match(tags []string) bool     { return !n.x.match(tags) }
func (n tagAnd) match(tags []string) bool     { return n.x.match(tags) && n.y.match(tags) }
func (n tagOr) match(tags []string) bool      { return n.x.match(tags) || n.y.match(tags) }

// tagToken is a word of an expression: an operator or parenthesis (op),
// or a tag; pos is its first character's index.
type tagToken struct {
	text string
	op   bool
	pos  int
}

// tokenize splits an expression at white space and parentheses, as
// Cucumber does; a backslash makes the next parenthesis, backslash or
// space part of a tag.
func tokenize(expr string) ([]tagToken, error) {
	var out []tagToken
	var cur strings.Builder
	start, escaped := 0, false
	flush := func() {
		if cur.Len() > 0 {
			text := cur.String()
			out = append(out, tagToken{text: text, op: text == "and" || text == "or" || text == "not", pos: start})
			cur.Reset()
		}
	}
	for i, c := range expr {
		switch {
		case escaped:
			if c != '(' && c != ')' && c != '\\' && !unicode.IsSpace(c) {
				return nil, fmt.Errorf("illegal escape before %q at character %d (only \\(, \\), \\\\ and \\ followed by a space are escapes)", c, i+1)
			}
			cur.WriteRune(c)
			escaped = false
		case c == '\\':
			if cur.Len() == 0 {
				start = i
			}
			escaped = true
		case c == '(' || c == ')':
			flush()
			out = append(out, tagToken{text: string(c), op: true, pos: i})
		case unicode.IsSpace(c):
			flush()
		default:
			if cur.Len() == 0 {
				start = i
			}
			cur.WriteRune(c)
		}
	}
	if escaped {
		return nil, fmt.Errorf("a backslash ends the expression: it escapes nothing")
	}
	flush()
	return out, nil
}

// tagParser reads tokens by descent: or over and over not.
type tagParser struct {
	toks []tagToken
	i    int
}

func (p *tagParser) peek(text string) bool {
	return p.i < len(p.toks) && p.toks[p.i].op && p.toks[p.i].text == text
}

func (p *tagParser) or() (tagNode, error) {
	x, err := p.and()
	for err == nil && p.peek("or") {
		p.i++
		var y tagNode
		if y, err = p.and(); err == nil {
			x = tagOr{x, y}
		}
	}
	return x, err
}

func (p *tagParser) and() (tagNode, error) {
	x, err := p.unary()
	for err == nil && p.peek("and") {
		p.i++
		var y tagNode
		if y, err = p.unary(); err == nil {
			x = tagAnd{x, y}
		}
	}
	return x, err
}

func (p *tagParser) unary() (tagNode, error) {
	if p.i >= len(p.toks) {
		if p.i == 0 {
			return nil, fmt.Errorf("no tag")
		}
		return nil, fmt.Errorf("expected a tag, 'not' or '(' after %q at the end", p.toks[p.i-1].text)
	}
	t := p.toks[p.i]
	p.i++
	switch {
	case t.op && t.text == "not":
		x, err := p.unary()
		return tagNot{x}, err
	case t.op && t.text == "(":
		x, err := p.or()
		if err != nil {
			return nil, err
		}
		if !p.peek(")") {
			return nil, fmt.Errorf("unmatched '(' at character %d: it is never closed", t.pos+1)
		}
		p.i++
		return x, nil
	case t.op:
		return nil, fmt.Errorf("expected a tag, 'not' or '(' where %q is, at character %d", t.text, t.pos+1)
	case t.text == "@":
		return nil, fmt.Errorf("'@' at character %d names no tag", t.pos+1)
	case !strings.HasPrefix(t.text, "@"):
		return nil, fmt.Errorf("%q at character %d lacks its @ (write @%s)", t.text, t.pos+1, t.text)
	}
	return tagLiteral(t.text), nil
}

// oldNot finds godog's `~` before a tag.
var oldNot = regexp.MustCompile(`(^|[\s,&])~`)

// isOldSyntax tells godog's old syntax: `&&`, `,` or `~@tag`, none of
// which Cucumber's has (a comma or tilde inside a tag name is escaped).
func isOldSyntax(expr string) bool {
	return strings.Contains(expr, "&&") || strings.Contains(expr, ",") || oldNot.MatchString(expr)
}

// translateOld writes an expression in godog's old syntax (and over `&&`,
// or over `,`, `~` for not, no parentheses) in Cucumber's.
func translateOld(expr string) (string, error) {
	old := func(reason string) error {
		return &TagExpressionError{Expr: expr, Reason: reason + "; in godog's old syntax, `@a && ~@b`, `,` for or (better, Cucumber's: @a and not @b, or for or)"}
	}
	var ands []string
	for _, and := range strings.Split(expr, "&&") {
		var ors []string
		for _, term := range strings.Split(and, ",") {
			t := strings.TrimSpace(term)
			neg := strings.HasPrefix(t, "~")
			name := strings.TrimPrefix(t, "~")
			switch {
			case name == "" || name == "@":
				return "", old(fmt.Sprintf("an empty term (around %q)", strings.TrimSpace(and)))
			case strings.ContainsAny(name, " \t~()!|&\\") || strings.Count(name, "@") > 1:
				return "", old(fmt.Sprintf("%q mixes the old syntax with Cucumber's", t))
			case !strings.HasPrefix(name, "@"):
				return "", old(fmt.Sprintf("%q lacks its @ (write @%s)", t, name))
			}
			if neg {
				name = "not " + name
			}
			ors = append(ors, name)
		}
		group := strings.Join(ors, " or ")
		if len(ors) > 1 {
			group = "(" + group + ")"
		}
		ands = append(ands, group)
	}
	out := strings.Join(ands, " and ")
	if len(ands) == 1 {
		out = strings.TrimSuffix(strings.TrimPrefix(out, "("), ")")
	}
	return out, nil
}
