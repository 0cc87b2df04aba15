package steps

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/tidwall/gjson"
)

// registerResponseAssertions installs the checks on the last response's
// status, headers and (absence of) body.
func registerResponseAssertions(sc *ScenarioContext) {
	sc.Step(`^the response status should be (\d{3})$`, func(ctx context.Context, want int) error {
		w := world(ctx)
		last, err := w.Last()
		if err != nil {
			return err
		}
		if last.Status != want {
			return fmt.Errorf("expected status %d, got %d; body: %s", want, last.Status, w.RedactBody(last.Body))
		}
		return nil
	})
	sc.Step(`^the response status should be (\d{3}), or another error status the operation documents$`, statusOrDocumentedRefusal)
	sc.Step(`^the response should have the header "([^"]+)"$`, func(ctx context.Context, name string) error {
		last, err := world(ctx).Last()
		if err != nil {
			return err
		}
		if len(last.Header.Values(name)) == 0 {
			return fmt.Errorf("the response has no %s header", name)
		}
		return nil
	})
	sc.Step(`^the response header "([^"]+)" should be "([^"]*)"$`, func(ctx context.Context, name, want string) error {
		w := world(ctx)
		last, err := w.Last()
		if err != nil {
			return err
		}
		want, err = w.Expand(want)
		if err != nil {
			return err
		}
		if got := last.Header.Get(name); got != want {
			return fmt.Errorf("expected header %s to be %q, got %q", name, want, w.Secrets.String(got))
		}
		return nil
	})
	sc.Step(`^the response should have no body$`, func(ctx context.Context) error {
		w := world(ctx)
		last, err := w.Last()
		if err != nil {
			return err
		}
		if len(strings.TrimSpace(string(last.Body))) > 0 {
			return fmt.Errorf("expected no body, got %s", w.RedactBody(last.Body))
		}
		return nil
	})
}

// registerJSONValueAssertions installs the checks on one value of the last
// response's JSON body.
func registerJSONValueAssertions(sc *ScenarioContext) {
	sc.Step(`^the JSON at "([^"]+)" should be "([^"]*)"$`, func(ctx context.Context, path, want string) error {
		w := world(ctx)
		r, err := w.JSONAt(path)
		if err != nil {
			return err
		}
		want, err = w.Expand(want)
		if err != nil {
			return err
		}
		if r.Type != gjson.String || r.Str != want {
			return fmt.Errorf("expected %q at %q, got %s", want, path, w.Describe(path, r))
		}
		return nil
	})
	sc.Step(`^the JSON at "([^"]+)" should be (-?\d+(?:\.\d+)?|true|false|null)$`, func(ctx context.Context, path, want string) error {
		w := world(ctx)
		r, err := w.JSONAt(path)
		if err != nil {
			return err
		}
		if !isLiteral(r, want) {
			return fmt.Errorf("expected %s at %q, got %s", want, path, w.Describe(path, r))
		}
		return nil
	})
	sc.Step(`^the JSON at "([^"]+)" should match "([^"]*)"$`, func(ctx context.Context, path, pattern string) error {
		w := world(ctx)
		re, err := regexp.Compile(pattern)
		if err != nil {
			return fmt.Errorf("bad pattern %q: %w", pattern, err)
		}
		r, err := w.JSONAt(path)
		if err != nil {
			return err
		}
		if !r.Exists() || !re.MatchString(r.String()) {
			return fmt.Errorf("expected %q at %q to match %s, got %s", path, path, pattern, w.Describe(path, r))
		}
		return nil
	})
}

// isLiteral reports whether a JSON value is the literal a step wrote: a
// number, true, false or null, of that very JSON type.
func isLiteral(r gjson.Result, want string) bool {
	switch want {
	case "true", "false":
		return (r.Type == gjson.True || r.Type == gjson.False) && strconv.FormatBool(r.Bool()) == want
	case "null":
		return r.Exists() && r.Type == gjson.Null
	default:
		f, _ := strconv.ParseFloat(want, 64)
		return r.Type == gjson.Number && r.Num == f
	}
}

// registerJSONShapeAssertions installs the checks on the presence of a
// value in the last response's JSON body, and on an array's length.
func registerJSONShapeAssertions(sc *ScenarioContext) {
	sc.Step(`^the JSON at "([^"]+)" should exist$`, func(ctx context.Context, path string) error {
		r, err := world(ctx).JSONAt(path)
		if err != nil {
			return err
		}
		if !r.Exists() {
			return fmt.Errorf("expected something at %q, the response has nothing there", path)
		}
		return nil
	})
	sc.Step(`^the JSON at "([^"]+)" should not exist$`, func(ctx context.Context, path string) error {
		w := world(ctx)
		r, err := w.JSONAt(path)
		if err != nil {
			return err
		}
		if r.Exists() {
			return fmt.Errorf("expected nothing at %q, got %s", path, w.Describe(path, r))
		}
		return nil
	})
	sc.Step(`^the JSON at "([^"]+)" should have (\d+) items?$`, func(ctx context.Context, path string, n int) error {
		w := world(ctx)
		r, err := w.JSONAt(path)
		if err != nil {
			return err
		}
		if !r.IsArray() || len(r.Array()) != n {
			return fmt.Errorf("expected an array of %d items at %q, got %s", n, path, w.Describe(path, r))
		}
		return nil
	})
}
