package timing

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Expr is what a clock step says to advance by: a sum of terms, each
// a timing by name with an optional whole or fractional coefficient, or a
// Go duration:
//
//	lockoutPeriod - 1s
//	tokenIdleLifetime + 1s
//	4/5 challengeExpiry
//	1/5 challengeExpiry - 1s
//	2 tokenLifetime
//
// Operators stand between spaces, so that a name or a duration never
// needs quoting. The expression's sign of its durations says which side of
// an edge it is about (Before); a real wait measures before and after
// waits differently (see Sleep).
type Expr struct {
	Text  string
	terms []term
}

type term struct {
	sign     int64 // +1 or -1
	num, den int64 // coefficient of a named timing
	name     string
	literal  time.Duration // when name is ""
}

var (
	timingName  = regexp.MustCompile(`^[a-z][A-Za-z0-9]*$`)
	coefficient = regexp.MustCompile(`^([0-9]+)(?:/([0-9]+))?$`)
)

// ParseExpr reads a clock step's expression. It checks the grammar
// only: whether the names exist is for Eval, which knows the timings.
func ParseExpr(s string) (Expr, error) {
	e := Expr{Text: s}
	fields := strings.Fields(s)
	if len(fields) == 0 {
		return e, fmt.Errorf("empty clock expression: want a timing such as \"lockoutPeriod - 1s\"")
	}
	sign := int64(1)
	var cur []string
	flush := func() error {
		t, err := parseTerm(cur, sign)
		if err != nil {
			return fmt.Errorf("clock expression %q: %w", s, err)
		}
		e.terms = append(e.terms, t)
		cur = nil
		return nil
	}
	for _, f := range fields {
		if f == "+" || f == "-" {
			if len(cur) == 0 {
				return e, fmt.Errorf("clock expression %q: %q without a term before it", s, f)
			}
			if err := flush(); err != nil {
				return e, err
			}
			sign = 1
			if f == "-" {
				sign = -1
			}
			continue
		}
		cur = append(cur, f)
	}
	if len(cur) == 0 {
		return e, fmt.Errorf("clock expression %q ends with an operator", s)
	}
	return e, flush()
}

func parseTerm(words []string, sign int64) (term, error) {
	t := term{sign: sign, num: 1, den: 1}
	switch len(words) {
	case 1:
		if d, err := time.ParseDuration(words[0]); err == nil {
			if d < 0 {
				return t, fmt.Errorf("write %q as \"- %s\"", words[0], strings.TrimPrefix(words[0], "-"))
			}
			t.literal = d
			return t, nil
		}
		t.name = words[0]
	case 2:
		m := coefficient.FindStringSubmatch(words[0])
		if m == nil {
			return t, fmt.Errorf("%q is no coefficient (a whole number or a fraction such as 4/5)", words[0])
		}
		t.num, _ = strconv.ParseInt(m[1], 10, 64)
		if m[2] != "" {
			t.den, _ = strconv.ParseInt(m[2], 10, 64)
		}
		if t.num == 0 || t.den == 0 {
			return t, fmt.Errorf("the coefficient %q must not be zero nor divide by zero", words[0])
		}
		t.name = words[1]
	default:
		return t, fmt.Errorf("%q is not one term: want a timing, a coefficient and a timing, or a duration, between + and -", strings.Join(words, " "))
	}
	if !timingName.MatchString(t.name) {
		return t, fmt.Errorf("%q is neither a duration (\"90s\") nor a timing name (\"lockoutPeriod\")", t.name)
	}
	return t, nil
}

// Names lists the timings the expression names, in order, once each.
func (e Expr) Names() []string {
	var out []string
	seen := map[string]bool{}
	for _, t := range e.terms {
		if t.name != "" && !seen[t.name] {
			seen[t.name] = true
			out = append(out, t.name)
		}
	}
	return out
}

// Before reports a before wait, one that stops short of the edge its
// timings name, so that the target must see the next request before it:
// its durations sum below zero ("lockoutPeriod - 1s"), or it has none and
// a coefficient below one ("4/5 tokenIdleLifetime"). Any other wait lands
// on or past an edge ("tokenLifetime + 1s", "lockoutPeriod").
func (e Expr) Before() bool {
	var lit time.Duration
	fraction := false
	for _, t := range e.terms {
		if t.name == "" {
			lit += time.Duration(t.sign) * t.literal
		} else if t.num < t.den {
			fraction = true
		}
	}
	return lit < 0 || (lit == 0 && fraction)
}

// Tolerance is how late a real wait may end before its scenario can no
// longer be judged: half the expression's durations ("- 1s": 500ms), or,
// with none, an eighth of its value ("4/5 tokenIdleLifetime": a tenth of
// the timing, half the fifth left before the edge).
func (e Expr) Tolerance(value time.Duration) time.Duration {
	var lit time.Duration
	for _, t := range e.terms {
		if t.name == "" {
			lit += time.Duration(t.sign) * t.literal
		}
	}
	if lit != 0 {
		return lit.Abs() / 2
	}
	return value / 8
}

// Eval computes the expression with the timings' values; lookup answers
// a timing by name (false: unknown). The result must be positive: a clock
// moves forward.
func (e Expr) Eval(lookup func(name string) (time.Duration, bool)) (time.Duration, error) {
	var sum time.Duration
	for _, t := range e.terms {
		v := t.literal
		if t.name != "" {
			d, ok := lookup(t.name)
			if !ok {
				return 0, &UnknownError{Name: t.name, Expr: e.Text}
			}
			v = time.Duration(int64(d) * t.num / t.den)
		}
		sum += time.Duration(t.sign) * v
	}
	if sum <= 0 {
		return 0, fmt.Errorf("clock expression %q comes to %s, and the clock only moves forward", e.Text, sum)
	}
	return sum, nil
}

// UnknownError is a clock step naming a timing that neither the
// scenario's provider declares nor an earlier step set.
type UnknownError struct {
	Name, Expr string
	// Known lists the names that were known, for the message.
	Known []string
}

func (e *UnknownError) Error() string {
	msg := fmt.Sprintf("clock expression %q names the timing %q, which is not known", e.Expr, e.Name)
	if len(e.Known) > 0 {
		msg += " (known: " + strings.Join(e.Known, ", ") + ")"
	}
	return msg
}
