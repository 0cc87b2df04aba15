package fiskil

import (
	"context"
	"fmt"
	"math"
	"time"

	"github.com/cucumber/godog"
	"github.com/tidwall/gjson"
)

// registerAnswers installs the checks on Fiskil's API answers.
func registerAnswers(sc *godog.ScenarioContext) {
	sc.Step(`^Fiskil answers (\d{3}) with the error "([^"]+)"$`, func(ctx context.Context, status int, name string) error {
		w := worldOf(ctx)
		last, err := w.Last()
		if err != nil {
			return err
		}
		if last.Status != status {
			return fmt.Errorf("expected status %d with the error %q, got %d; body: %s", status, name, last.Status, w.RedactBody(last.Body))
		}
		if !gjson.ValidBytes(last.Body) {
			return fmt.Errorf("expected goa's JSON error body, got: %s", w.Secrets.String(snippet(last.Body)))
		}
		got := gjson.GetBytes(last.Body, "name")
		if got.Type != gjson.String || got.Str != name {
			return fmt.Errorf("expected the error %q, got name %s; body: %s", name, w.Describe("name", got), w.RedactBody(last.Body))
		}
		if h := last.Header.Values("goa-error"); len(h) != 1 || h[0] != name {
			return fmt.Errorf("expected the goa-error header to name the error %q as the body does, got %q", name, h)
		}
		return nil
	})
	sc.Step(`^the auth session should expire (\d+) days? after its creation$`, func(ctx context.Context, days int) error {
		return worldOf(ctx).checkExpiry(ctx, time.Duration(days)*24*time.Hour)
	})
}

// checkExpiry checks the last response's expires_at against now plus
// ttl: the sandbox's clock with the control API, else this machine's.
func (w world) checkExpiry(ctx context.Context, ttl time.Duration) error {
	r, err := w.JSONAt("expires_at")
	if err != nil {
		return err
	}
	if r.Type != gjson.Number {
		return fmt.Errorf("expected a number of Unix seconds at expires_at, got %s", w.Describe("expires_at", r))
	}
	now, tolerance := time.Now(), 5*time.Minute
	if w.HasControl() {
		clock, err := w.Clock(ctx)
		if err != nil {
			return err
		}
		now, tolerance = clock, time.Minute
	}
	want := now.Add(ttl).Unix()
	if diff := math.Abs(r.Num - float64(want)); diff > tolerance.Seconds() {
		return fmt.Errorf("expected expires_at about %d (%s after %s), got %s: %s off",
			want, ttl, now.UTC().Format(time.RFC3339), r.Raw, time.Duration(diff)*time.Second)
	}
	return nil
}
