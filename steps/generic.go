package steps

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/cucumber/godog"
	"github.com/tidwall/gjson"

	"github.com/conformhq/conform/specs/redact"
)

func world(ctx context.Context) *World { return WorldFrom(ctx) }

// registerGeneric installs the provider-neutral steps: choosing a provider,
// headers, sending requests, and assertions on status, headers and JSON.
func registerGeneric(sc *godog.ScenarioContext) {
	sc.Step(`^I use the (?i)(fliqa|weavr|fiskil) API$`, func(ctx context.Context, p string) error {
		world(ctx).Provider = providerName(p)
		return nil
	})
	sc.Step(`^the request header "([^"]+)" is "([^"]*)"$`, func(ctx context.Context, name, value string) error {
		w := world(ctx)
		v, err := w.Expand(value)
		if err != nil {
			return err
		}
		w.SetHeader(w.Provider, name, v)
		return nil
	})
	sc.Step(`^the request omits the header "([^"]+)"$`, func(ctx context.Context, name string) error {
		w := world(ctx)
		w.OmitHeader(w.Provider, name)
		return nil
	})
	sc.Step(`^I authenticate with "([^"]*)"$`, func(ctx context.Context, token string) error {
		w := world(ctx)
		v, err := w.Expand(token)
		if err != nil {
			return err
		}
		w.SetHeader(w.Provider, "Authorization", "Bearer "+v)
		return nil
	})
	sc.Step(`^I send a (GET|POST|PUT|PATCH|DELETE) request to "([^"]*)"$`, func(ctx context.Context, method, path string) error {
		return world(ctx).Send(ctx, Request{Method: method, Path: path})
	})
	sc.Step(`^I send a (GET|POST|PUT|PATCH|DELETE) request to "([^"]*)" with body:$`, func(ctx context.Context, method, path string, body *godog.DocString) error {
		return world(ctx).Send(ctx, Request{Method: method, Path: path, Body: body.Content, ContentType: body.MediaType})
	})
	sc.Step(`^I remember the JSON at "([^"]+)" as "([^"]+)"$`, func(ctx context.Context, path, name string) error {
		w := world(ctx)
		r, err := w.jsonAt(path)
		if err != nil {
			return err
		}
		if !r.Exists() {
			return fmt.Errorf("the response has nothing at %q", path)
		}
		w.Set(name, r.String())
		return nil
	})
	sc.Step(`^I remember the response header "([^"]+)" as "([^"]+)"$`, func(ctx context.Context, header, name string) error {
		w := world(ctx)
		if w.last == nil {
			return errNoResponse
		}
		v := w.last.header.Get(header)
		if v == "" {
			return fmt.Errorf("the response has no %s header", header)
		}
		w.Set(name, v)
		return nil
	})

	sc.Step(`^the response status should be (\d{3})$`, func(ctx context.Context, want int) error {
		w := world(ctx)
		if w.last == nil {
			return errNoResponse
		}
		if w.last.status != want {
			return fmt.Errorf("expected status %d, got %d; body: %s", want, w.last.status, w.redactBody(w.last.body))
		}
		return nil
	})
	sc.Step(`^the response should have the header "([^"]+)"$`, func(ctx context.Context, name string) error {
		w := world(ctx)
		if w.last == nil {
			return errNoResponse
		}
		if len(w.last.header.Values(name)) == 0 {
			return fmt.Errorf("the response has no %s header", name)
		}
		return nil
	})
	sc.Step(`^the response header "([^"]+)" should be "([^"]*)"$`, func(ctx context.Context, name, want string) error {
		w := world(ctx)
		if w.last == nil {
			return errNoResponse
		}
		want, err := w.Expand(want)
		if err != nil {
			return err
		}
		if got := w.last.header.Get(name); got != want {
			return fmt.Errorf("expected header %s to be %q, got %q", name, want, w.Secrets.String(got))
		}
		return nil
	})
	sc.Step(`^the response should have no body$`, func(ctx context.Context) error {
		w := world(ctx)
		if w.last == nil {
			return errNoResponse
		}
		if len(strings.TrimSpace(string(w.last.body))) > 0 {
			return fmt.Errorf("expected no body, got %s", w.redactBody(w.last.body))
		}
		return nil
	})
	sc.Step(`^the JSON at "([^"]+)" should be "([^"]*)"$`, func(ctx context.Context, path, want string) error {
		w := world(ctx)
		r, err := w.jsonAt(path)
		if err != nil {
			return err
		}
		want, err = w.Expand(want)
		if err != nil {
			return err
		}
		if r.Type != gjson.String || r.Str != want {
			return fmt.Errorf("expected %q at %q, got %s", want, path, w.describe(path, r))
		}
		return nil
	})
	sc.Step(`^the JSON at "([^"]+)" should be (-?\d+(?:\.\d+)?|true|false|null)$`, func(ctx context.Context, path, want string) error {
		w := world(ctx)
		r, err := w.jsonAt(path)
		if err != nil {
			return err
		}
		ok := false
		switch want {
		case "true", "false":
			ok = (r.Type == gjson.True || r.Type == gjson.False) && strconv.FormatBool(r.Bool()) == want
		case "null":
			ok = r.Exists() && r.Type == gjson.Null
		default:
			f, _ := strconv.ParseFloat(want, 64)
			ok = r.Type == gjson.Number && r.Num == f
		}
		if !ok {
			return fmt.Errorf("expected %s at %q, got %s", want, path, w.describe(path, r))
		}
		return nil
	})
	sc.Step(`^the JSON at "([^"]+)" should exist$`, func(ctx context.Context, path string) error {
		w := world(ctx)
		r, err := w.jsonAt(path)
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
		r, err := w.jsonAt(path)
		if err != nil {
			return err
		}
		if r.Exists() {
			return fmt.Errorf("expected nothing at %q, got %s", path, w.describe(path, r))
		}
		return nil
	})
	sc.Step(`^the JSON at "([^"]+)" should match "([^"]*)"$`, func(ctx context.Context, path, pattern string) error {
		w := world(ctx)
		re, err := regexp.Compile(pattern)
		if err != nil {
			return fmt.Errorf("bad pattern %q: %w", pattern, err)
		}
		r, err := w.jsonAt(path)
		if err != nil {
			return err
		}
		if !r.Exists() || !re.MatchString(r.String()) {
			return fmt.Errorf("expected %q at %q to match %s, got %s", path, path, pattern, w.describe(path, r))
		}
		return nil
	})
	sc.Step(`^the JSON at "([^"]+)" should have (\d+) items?$`, func(ctx context.Context, path string, n int) error {
		w := world(ctx)
		r, err := w.jsonAt(path)
		if err != nil {
			return err
		}
		if !r.IsArray() || len(r.Array()) != n {
			return fmt.Errorf("expected an array of %d items at %q, got %s", n, path, w.describe(path, r))
		}
		return nil
	})
}

var errNoResponse = errors.New("no response to check: a request step must come first (or the last request got no response)")

// jsonAt reads the last response's body at a gjson path ("." or "@this"
// for the whole body).
func (w *World) jsonAt(path string) (gjson.Result, error) {
	if w.last == nil {
		return gjson.Result{}, errNoResponse
	}
	if !gjson.ValidBytes(w.last.body) {
		return gjson.Result{}, fmt.Errorf("the response body is not JSON: %s", w.redactBody(w.last.body))
	}
	if path == "." {
		path = "@this"
	}
	return gjson.GetBytes(w.last.body, path), nil
}

// describe renders a value for a failure message; values at secret-looking
// paths (token, otp, password...) are masked, since a failure message ends
// up in the reports.
func (w *World) describe(path string, r gjson.Result) string {
	if !r.Exists() {
		return "nothing"
	}
	if redact.IsSecretName(lastSegment(path)) && r.Type == gjson.String {
		return fmt.Sprintf("%s (a string of %d characters)", redact.Mask, len(r.Str))
	}
	b, _ := json.Marshal(json.RawMessage(r.Raw))
	return w.Secrets.String(string(b))
}

// lastSegment is the last key of a gjson path ("identity.token" → "token").
func lastSegment(path string) string {
	if i := strings.LastIndexAny(path, ".|#"); i >= 0 {
		return path[i+1:]
	}
	return path
}
