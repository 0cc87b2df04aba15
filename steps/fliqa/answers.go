package fliqa

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/tidwall/gjson"

	"github.com/conformhq/conform/steps"
)

// registerExpiry installs the steps about the access token's lifetime
// (the clock moves by "accessTokenLifetime - 1s", which the token's own
// expiresIn sets).
func registerExpiry(sc *steps.ScenarioContext) {
	sc.Step(`^the Fliqa access token should expire expiresIn seconds after it was issued$`, func(ctx context.Context) error {
		return worldOf(ctx).checkExpiry(ctx)
	})
}

// checkExpiry checks that a token answer's expires is expiresIn seconds
// after the answer was given (answerWindow), within a few seconds. Neither field is required by the
// reference: a missing one is a warning, and leaves nothing to compare.
func (w world) checkExpiry(ctx context.Context) error {
	last, err := w.Last()
	if err != nil {
		return err
	}
	expires, err := w.JSONAt("expires")
	if err != nil {
		return err
	}
	in := gjson.GetBytes(last.Body, "expiresIn")
	if !expires.Exists() || !in.Exists() {
		w.Warn("rule 2", "fliqa spec, AccessToken (ref §1: no field marked required)", "the token answer lacks expires or expiresIn: its lifetime cannot be checked")
		return nil
	}
	at, err := time.Parse(time.RFC3339, expires.String())
	if err != nil {
		return fmt.Errorf("expires is no RFC 3339 time: %s", w.Describe("expires", expires))
	}
	if in.Type != gjson.Number || in.Int() <= 0 {
		return fmt.Errorf("expected a positive number at \"expiresIn\", got %s", w.Describe("expiresIn", in))
	}
	lo, hi, err := w.answerWindow(ctx, last)
	if err != nil {
		return err
	}
	return expiresAfter(at, time.Duration(in.Int())*time.Second, lo, hi)
}

// expirySlack is how far a token's expires may stray from its lifetime
// after the answer: clocks apart, and a Date header's whole seconds.
const expirySlack = 5 * time.Second

// expiresAfter checks that at is lifetime after the answer was given,
// which was between lo and hi, within expirySlack.
func expiresAfter(at time.Time, lifetime time.Duration, lo, hi time.Time) error {
	if at.Before(lo.Add(lifetime-expirySlack)) || at.After(hi.Add(lifetime+expirySlack)) {
		when := lo.Add(lifetime).UTC().Format(time.RFC3339)
		if !hi.Equal(lo) {
			when = "between " + when + " and " + hi.Add(lifetime).UTC().Format(time.RFC3339)
		}
		return fmt.Errorf("expected expires to be %d s after the answer (%s), got %s", int(lifetime/time.Second), when, at.UTC().Format(time.RFC3339))
	}
	return nil
}

// answerWindow is when the last answer was given. In a scenario's own
// sandbox, whose clock is frozen but for the scenario's clock steps, it is
// the sandbox's clock (the wall clock has moved on by the round trips,
// which a slow transfer of large answers makes seconds). Else its Date
// header; else, by this machine's clock, some time while its exchange
// lasted.
func (w world) answerWindow(ctx context.Context, last *steps.Response) (lo, hi time.Time, err error) {
	if w.Sandbox != "" {
		now, err := w.Clock(ctx)
		return now, now, err
	}
	if d, err := http.ParseTime(last.Header.Get("Date")); err == nil {
		return d, d, nil
	}
	hi = time.Now()
	if xs := w.Exchanges(); len(xs) > 0 && xs[len(xs)-1].Status == last.Status {
		return hi.Add(-xs[len(xs)-1].Duration), hi, nil
	}
	return hi, hi, nil
}

// answeredAt is when an answer was given: its Date header, else this
// machine's clock.
func answeredAt(r *steps.Response) time.Time {
	if d, err := http.ParseTime(r.Header.Get("Date")); err == nil {
		return d
	}
	return time.Now()
}

// lifetime is a token answer's lifetime in seconds: expiresIn, else the
// time from the answer to expires; "" when the answer gives neither.
func lifetime(r *steps.Response) string {
	if in := gjson.GetBytes(r.Body, "expiresIn"); in.Type == gjson.Number {
		return strconv.FormatInt(in.Int(), 10)
	}
	at, err := time.Parse(time.RFC3339, gjson.GetBytes(r.Body, "expires").String())
	if err != nil {
		return ""
	}
	// Truncated: a Date header drops the answer's fraction of a second, so
	// rounding could overstate the lifetime by one.
	return strconv.Itoa(int(at.Sub(answeredAt(r)).Truncate(time.Second) / time.Second))
}

// registerAnswers installs the checks on Fliqa's answers: errors, scope
// and request ids.
func registerAnswers(sc *steps.ScenarioContext) {
	sc.Step(`^Fliqa should refuse with (\d{3}) "([^"]+)"(?: and subcode "([^"]+)")?$`, func(ctx context.Context, status int, code, sub string) error {
		return worldOf(ctx).checkError(status, code, sub)
	})
	sc.Step(`^the response should be a Fliqa error$`, func(ctx context.Context) error {
		return worldOf(ctx).checkErrorFormat()
	})
	sc.Step(`^the Fliqa errorMessage should be "([^"]*)", as the reference shows$`, func(ctx context.Context, want string) error {
		w := worldOf(ctx)
		r, err := w.JSONAt("errorMessage")
		if err != nil {
			return err
		}
		if r.String() != want {
			// Messages are human text (and the request's locale may
			// translate them): only the reference's example shows this one.
			w.Warn("rule 2", "ref §3: the example 400 of a consent without providerId", "errorMessage is %s, the reference shows %q", w.Describe("errorMessage", r), want)
		}
		return nil
	})
	sc.Step(`^the Fliqa scope should (not )?include "([^"]+)"$`, func(ctx context.Context, not, scope string) error {
		return worldOf(ctx).checkScope(not != "", scope)
	})
	sc.Step(`^I remember the Fliqa requestId as "([^"]+)"$`, func(ctx context.Context, as string) error {
		w := worldOf(ctx)
		r, err := w.JSONAt("requestId")
		if err != nil {
			return err
		}
		// An answer without requestId is allowed (the seed's own example
		// has none): remembered as empty, and the comparison is then not
		// applicable.
		w.Set(as, r.String())
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
		if !r.Exists() || other == "" {
			return w.NotApplicablef("the target's errors carry no requestId (the reference does not require one): there are no request ids to compare")
		}
		if r.String() == other {
			return fmt.Errorf("expected a new requestId, got %q again", other)
		}
		return nil
	})
}

// checkScope checks that a token answer's scope array has (or lacks) a
// scope; a token answer without scope is allowed (no field of it is
// marked required) but not what the reference shows.
func (w world) checkScope(not bool, scope string) error {
	r, err := w.JSONAt("scope")
	if err != nil {
		return err
	}
	if !r.Exists() {
		w.Warn("rule 2", "fliqa spec, AccessToken.scope (ref §1: not marked required)", "the token answer has no scope: whether it includes %q cannot be seen", scope)
		return nil
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
	case found && not:
		return fmt.Errorf("expected the scope not to include %q, got %s", scope, r.Raw)
	case !found && !not:
		return fmt.Errorf("expected the scope to include %q, got %s", scope, r.Raw)
	}
	return nil
}
