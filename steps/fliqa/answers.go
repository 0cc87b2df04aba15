package fliqa

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/cucumber/godog"
	"github.com/tidwall/gjson"
)

// registerExpiry installs the steps about the access token's lifetime.
func registerExpiry(sc *godog.ScenarioContext) {
	sc.Step(`^the sandbox clock advances to (\d+) seconds? (before|after) the Fliqa access token expires$`, func(ctx context.Context, n int, when string) error {
		w := worldOf(ctx)
		v, ok := w.Get("expiresIn")
		if !ok {
			return errors.New(`no {{expiresIn}} yet: a step such as "a Fliqa access token for an inquiry with scope ..." must come first`)
		}
		life, err := strconv.Atoi(v)
		if err != nil {
			return fmt.Errorf("{{expiresIn}} is %q, not a number of seconds", v)
		}
		d := life + n
		if when == "before" {
			d = life - n
		}
		if d <= 0 {
			return fmt.Errorf("the token lives %d s: cannot move the clock to %d s %s its expiry", life, n, when)
		}
		return w.AdvanceClock(ctx, fmt.Sprintf("%ds", d))
	})
	sc.Step(`^the Fliqa access token should expire expiresIn seconds after it was issued$`, func(ctx context.Context) error {
		return worldOf(ctx).checkExpiry()
	})
}

// checkExpiry checks that a token answer's expires is expiresIn seconds
// after the answer was given (by its Date header, else this machine's
// clock), within a few seconds.
func (w world) checkExpiry() error {
	last, err := w.Last()
	if err != nil {
		return err
	}
	expires, err := w.JSONAt("expires")
	if err != nil {
		return err
	}
	at, err := time.Parse(time.RFC3339, expires.String())
	if err != nil {
		return fmt.Errorf("expires is no RFC 3339 time: %s", w.Describe("expires", expires))
	}
	in := gjson.GetBytes(last.Body, "expiresIn")
	if in.Type != gjson.Number || in.Int() <= 0 {
		return fmt.Errorf("expected a positive number at \"expiresIn\", got %s", w.Describe("expiresIn", in))
	}
	now := time.Now()
	if d, err := http.ParseTime(last.Header.Get("Date")); err == nil {
		now = d
	}
	const slack = 5 * time.Second
	want := now.Add(time.Duration(in.Int()) * time.Second)
	if diff := at.Sub(want); diff > slack || diff < -slack {
		return fmt.Errorf("expected expires to be %d s after the answer (%s), got %s", in.Int(), want.UTC().Format(time.RFC3339), at.UTC().Format(time.RFC3339))
	}
	return nil
}

// registerAnswers installs the checks on Fliqa's answers: errors, scope
// and request ids.
func registerAnswers(sc *godog.ScenarioContext) {
	sc.Step(`^Fliqa should refuse with (\d{3}) "([^"]+)" and (?:subcode "([^"]+)"|(no subcode))$`, func(ctx context.Context, status int, code, sub, none string) error {
		return worldOf(ctx).checkError(status, code, sub)
	})
	sc.Step(`^the Fliqa scope should (not )?include "([^"]+)"$`, func(ctx context.Context, not, scope string) error {
		w := worldOf(ctx)
		r, err := w.JSONAt("scope")
		if err != nil {
			return err
		}
		if !r.IsArray() {
			return fmt.Errorf("expected an array at \"scope\", got %s", w.Describe("scope", r))
		}
		found := false
		for _, s := range r.Array() {
			if s.Type == gjson.String && s.Str == scope {
				found = true
			}
		}
		switch {
		case found && not != "":
			return fmt.Errorf("expected the scope not to include %q, got %s", scope, r.Raw)
		case !found && not == "":
			return fmt.Errorf("expected the scope to include %q, got %s", scope, r.Raw)
		}
		return nil
	})
	sc.Step(`^the Fliqa requestId should differ from "([^"]*)"$`, func(ctx context.Context, other string) error {
		w := worldOf(ctx)
		other, err := w.Expand(other)
		if err != nil {
			return err
		}
		r, err := w.JSONAt("requestId")
		if err != nil {
			return err
		}
		if !r.Exists() {
			return errors.New("the response has no requestId")
		}
		if r.String() == other {
			return fmt.Errorf("expected a new requestId, got %q again", other)
		}
		return nil
	})
}

// checkError checks a Fliqa error answer: status, errorCode,
// errorSubCode (none when sub is ""), documentationUrl and requestId.
func (w world) checkError(status int, code, sub string) error {
	last, err := w.Last()
	if err != nil {
		return err
	}
	if last.Status != status {
		return fmt.Errorf("expected status %d, got %d; body: %s", status, last.Status, w.RedactBody(last.Body))
	}
	if !gjson.ValidBytes(last.Body) {
		return fmt.Errorf("the response body is not JSON: %s", w.RedactBody(last.Body))
	}
	var problems []string
	get := func(p string) gjson.Result { return gjson.GetBytes(last.Body, p) }
	if got := get("errorCode"); got.String() != code {
		problems = append(problems, fmt.Sprintf("errorCode should be %q, got %s", code, w.Describe("errorCode", got)))
	}
	got := get("errorSubCode")
	switch {
	case sub == "" && got.Exists() && got.Type != gjson.Null:
		problems = append(problems, fmt.Sprintf("there should be no errorSubCode, got %s", w.Describe("errorSubCode", got)))
	case sub != "" && got.String() != sub:
		problems = append(problems, fmt.Sprintf("errorSubCode should be %q, got %s", sub, w.Describe("errorSubCode", got)))
	}
	if got := get("documentationUrl"); got.String() != docsBase+code {
		problems = append(problems, fmt.Sprintf("documentationUrl should be %q, got %s", docsBase+code, w.Describe("documentationUrl", got)))
	}
	if got := get("requestId"); !requestID.MatchString(got.String()) {
		problems = append(problems, fmt.Sprintf("requestId should be 32 lowercase hex digits, got %s", w.Describe("requestId", got)))
	}
	if len(problems) > 0 {
		return fmt.Errorf("the Fliqa error is not the expected one:\n  %s\nbody: %s", strings.Join(problems, "\n  "), w.RedactBody(last.Body))
	}
	return nil
}
