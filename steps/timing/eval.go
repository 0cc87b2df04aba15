package timing

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// Evaluate computes a clock step's expression, each timing it names
// answered by resolve (a scenario's Table.Resolve). An expression that
// comes to nothing or less with the timings it names is a *TooShortError:
// they are too short for the scenario's margins ("authSessionExpiry - 1m"
// with a declared 1m).
func Evaluate(text string, resolve func(name string) (time.Duration, error)) (Expr, time.Duration, error) {
	expr, err := ParseExpr(text)
	if err != nil {
		return expr, 0, err
	}
	values := Durations{}
	var parts []string
	for _, n := range expr.Names() {
		d, err := resolve(n)
		if err != nil {
			var u *UnknownError
			if errors.As(err, &u) {
				u.Expr = text
			}
			return expr, 0, err
		}
		values[n] = d
		parts = append(parts, fmt.Sprintf("%s = %s", n, d))
	}
	d, err := expr.Eval(func(n string) (time.Duration, bool) { v, ok := values[n]; return v, ok })
	if err != nil && len(parts) > 0 {
		return expr, 0, &TooShortError{Err: err, Values: strings.Join(parts, ", ")}
	}
	return expr, d, err
}

// TooShortError is an expression that comes to nothing or less with the
// timings at hand: the scenario is not applicable with them.
type TooShortError struct {
	// Err is the expression's own error; Values lists the timings it
	// named with their values ("lockoutPeriod = 1s").
	Err    error
	Values string
}

func (e *TooShortError) Error() string {
	return fmt.Sprintf("%v, with %s: the timings are too short for this scenario's margins", e.Err, e.Values)
}

// Unwrap is the expression's own error.
func (e *TooShortError) Unwrap() error { return e.Err }
