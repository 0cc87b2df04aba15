package fiskil

import (
	"context"
	"fmt"
	"math"
	"net/http"
	"time"

	"github.com/tidwall/gjson"

	"github.com/conformhq/conform/steps"
)

// registerAnswers installs the checks on Fiskil's API answers.
func registerAnswers(sc *steps.ScenarioContext) {
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
		return w.checkGoaHeader(last.Header.Values("goa-error"), name)
	})
	sc.Step(`^Fiskil refuses the request with (\d{3}) "([^"]+)", or accepts it$`, func(ctx context.Context, status int, name string) error {
		return worldOf(ctx).refusedOrAccepted(status, name)
	})
	sc.Step(`^the auth session should expire "([^"]+)" after its creation$`, func(ctx context.Context, expr string) error {
		w := worldOf(ctx)
		_, ttl, err := w.EvalTiming(expr)
		if err != nil {
			return err
		}
		return w.checkExpiry(ctx, ttl)
	})
}

// checkExpiry checks the last response's expires_at against now plus
// ttl (expiresAbout): the sandbox's clock with the control API (within a
// minute), else this machine's (within 5 minutes).
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
	return expiresAbout(r, now, ttl, tolerance)
}

// expiresAbout judges an expires_at (Unix seconds) against now plus ttl,
// within tolerance, which a short ttl narrows to a quarter of it (at least
// 2 s: the answer's second and this machine's may differ by one).
func expiresAbout(at gjson.Result, now time.Time, ttl, tolerance time.Duration) error {
	if q := max(ttl/4, 2*time.Second); q < tolerance {
		tolerance = q
	}
	want := now.Add(ttl).Unix()
	if diff := math.Abs(at.Num - float64(want)); diff > tolerance.Seconds() {
		return fmt.Errorf("expected expires_at about %d (%s after %s), got %s: %s off",
			want, ttl, now.UTC().Format(time.RFC3339), at.Raw, time.Duration(diff)*time.Second)
	}
	return nil
}

// declared reports whether Fiskil's design declares the error (its
// references name it; forbidden and invalid_end_user_id are conform's
// [decided] ones): goa sends the goa-error header with these and no other.
func declared(name string) bool {
	switch name {
	case "unauthorized", "forbidden", "end_user_already_exists", "invalid_institution_id", "invalid_end_user_id":
		return true
	}
	return false
}

// checkGoaHeader judges the goa-error header against the body's name: a
// header that names another error FAILS (goa copies the name); a missing
// header on a declared error, or one on goa's built-in errors, is allowed
// (no Fiskil source documents the header) but not what goa does: a WARN.
func (w world) checkGoaHeader(h []string, name string) error {
	const source = "goa v3 http/codegen error_encoder.go.tpl (reference/fiskil §7.3)"
	switch {
	case len(h) > 1:
		return fmt.Errorf("expected at most one goa-error header, got %q", h)
	case len(h) == 1 && h[0] != name:
		return fmt.Errorf("the goa-error header names %q but the body's name is %q: goa sets both from the same error", h[0], name)
	case len(h) == 0 && declared(name):
		w.Warn("rule 2", source, "the declared error %q came without the goa-error header goa sets for it", name)
	case len(h) == 1 && !declared(name):
		w.Warn("rule 2", source, "goa's built-in error %q came with a goa-error header: the design would have to declare it", name)
	}
	return nil
}

// refusedOrAccepted judges a request that breaks a constraint the
// references state (E.164, an e-mail address, a URI) but whose validation
// they do not document: refusing it with conform's choice passes; accepting
// it, or refusing it with another documented error status or name, passes
// with a WARN; anything else fails.
func (w world) refusedOrAccepted(status int, name string) error {
	last, err := w.Last()
	if err != nil {
		return err
	}
	source := fmt.Sprintf("fiskil spec, %s %s: no source documents this validation", last.Method, last.Path)
	if last.Status >= 200 && last.Status < 300 {
		w.Warn("rule 4", source, "the target accepted the request (%d); conform refuses it with %d %s", last.Status, status, name)
		return nil
	}
	if last.Status == http.StatusInternalServerError || last.Status < 400 {
		return fmt.Errorf("expected %d %q or a success, got %d; body: %s", status, name, last.Status, w.RedactBody(last.Body))
	}
	got := gjson.GetBytes(last.Body, "name")
	if got.Type != gjson.String {
		return fmt.Errorf("expected goa's error body with a name, got: %s", w.RedactBody(last.Body))
	}
	if err := w.checkGoaHeader(last.Header.Values("goa-error"), got.Str); err != nil {
		return err
	}
	if last.Status != status || got.Str != name {
		w.Warn("rule 4", source, "the target refused with %d %q; conform refuses with %d %q", last.Status, got.Str, status, name)
	}
	return nil
}
