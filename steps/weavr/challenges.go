package weavr

import (
	"context"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"

	"github.com/tidwall/gjson"

	"github.com/conformhq/conform/steps"
)

// registerChallenges installs the steps of SMS step-up, SMS enrolment and
// push challenges.
func registerChallenges(sc *steps.ScenarioContext) {
	sc.Step(`^the Weavr user has started an SMS step-up challenge$`, func(ctx context.Context) error {
		_, err := worldOf(ctx).call(ctx, http.MethodPost, "/stepup/challenges/otp/SMS", "", http.StatusNoContent)
		return err
	})
	sc.Step(steppedUpBySMSStep, func(ctx context.Context) error {
		w := worldOf(ctx)
		code, err := w.stepUpCode(ctx)
		if err != nil {
			return err
		}
		_, err = w.call(ctx, http.MethodPost, "/stepup/challenges/otp/SMS/verify", `{"verificationCode": "`+code+`"}`, http.StatusNoContent)
		return err
	})
	sc.Step(challengeGapStep, func(ctx context.Context) error {
		w := worldOf(ctx)
		if !w.TimingDeclared(challengeRetryGap) {
			return nil
		}
		return w.AdvanceClock(ctx, challengeRetryGap)
	})
	sc.Step(wrongCodesStep, func(ctx context.Context, atLeast, expr, path string) error {
		// Each wrong code must be refused (409): a 2xx would mean a wrong
		// code verified.
		w := worldOf(ctx)
		n, err := w.Count(name, expr, atLeast == "")
		if err != nil {
			return err
		}
		for i := 1; i <= n; i++ {
			if _, err := w.call(ctx, http.MethodPost, path, `{"verificationCode": "`+wrongOTP+`"}`, http.StatusConflict); err != nil {
				return fmt.Errorf("wrong code %d of %d: %w", i, n, err)
			}
		}
		return nil
	})
	sc.Step(`^the Weavr user has started enrolling an SMS factor$`, func(ctx context.Context) error {
		_, err := worldOf(ctx).call(ctx, http.MethodPost, "/authentication_factors/otp/SMS", "", http.StatusNoContent)
		return err
	})
	sc.Step(`^a Weavr push challenge on "([A-Z_]+)" is in flight$`, func(ctx context.Context, channel string) error {
		w := worldOf(ctx)
		b, err := w.call(ctx, http.MethodPost, "/stepup/challenges/push/"+channel, "", http.StatusOK)
		if err != nil {
			return err
		}
		w.Set("challengeId", gjson.GetBytes(b, "id").String())
		return nil
	})
	sc.Step(simulatePushStep, func(ctx context.Context, outcome string) error {
		return worldOf(ctx).simulatePush(ctx, outcome)
	})
	sc.Step(controlPushStep, func(ctx context.Context, outcome string) error {
		w := worldOf(ctx)
		id, ok := w.Get("challengeId")
		if !ok {
			return fmt.Errorf(`no push challenge to complete: start one first ("Given a Weavr push challenge on "AUTHY" is in flight")`)
		}
		return w.Control(ctx, http.MethodPost, name, "challenges/"+id+"/"+outcome, nil, nil)
	})
	sc.Step(pushStateStep, func(ctx context.Context, want string) error {
		w := worldOf(ctx)
		id, ok := w.Get("challengeId")
		if !ok {
			return fmt.Errorf("no push challenge was started")
		}
		var ch struct {
			Status string `json:"status"`
		}
		if err := w.Control(ctx, http.MethodGet, name, "challenges/"+id, nil, &ch); err != nil {
			return err
		}
		if ch.Status != want {
			return fmt.Errorf("expected the push challenge to be %s, it is %s", want, ch.Status)
		}
		return nil
	})
}

// announces checks that the last response's x-ratelimit-limit names limit
// first (what describes it in the message) and that its reset is within
// the given seconds.
func announces(w *steps.World, limit int, what string, within int) error {
	last, err := w.Last()
	if err != nil {
		return err
	}
	got, err := policyLimit(last.Header.Get("x-ratelimit-limit"))
	if err != nil {
		return err
	}
	if got != limit {
		return fmt.Errorf("expected x-ratelimit-limit to announce %s first, got %d", what, got)
	}
	return checkReset(last.Header, within)
}

// registerRateLimit installs the check of the rate-limit headers Weavr
// announces.
func registerRateLimit(sc *steps.ScenarioContext) {
	sc.Step(`^the response should announce a rate limit of (\d+) requests?, resetting within (\d+) seconds$`, func(ctx context.Context, limit, within int) error {
		return announces(worldOf(ctx).World, limit, "the limit "+strconv.Itoa(limit), within)
	})
	// The limit in force: the one the scenario set through the control API,
	// or the deployment's declared one (providers.weavr.rateLimit).
	sc.Step(`^the response should announce the rate limit in force, resetting within its window$`, func(ctx context.Context) error {
		w := worldOf(ctx)
		limit, window, ok := w.RateLimit()
		if !ok {
			return fmt.Errorf(`no rate limit is in force: "the sandbox allows N requests per …" comes first`)
		}
		return announces(w.World, limit, "the limit in force, "+strconv.Itoa(limit)+",", int(math.Ceil(window.Seconds())))
	})
	sc.Step(`^the response should announce a rate-limit policy, resetting within (\d+) seconds$`, func(ctx context.Context, within int) error {
		last, err := worldOf(ctx).Last()
		if err != nil {
			return err
		}
		if _, err := policyLimit(last.Header.Get("x-ratelimit-limit")); err != nil {
			return err
		}
		return checkReset(last.Header, within)
	})
}

// checkReset checks x-ratelimit-reset: integer seconds from 0 to within.
func checkReset(h http.Header, within int) error {
	reset := h.Get("x-ratelimit-reset")
	n, err := strconv.Atoi(reset)
	if err != nil || n < 0 || n > within {
		return fmt.Errorf("expected x-ratelimit-reset to be a number of seconds from 0 to %d, got %q", within, reset)
	}
	return nil
}

// policyLimit reads Weavr's x-ratelimit-limit, a policy list [C:1196]:
// the limit exceeded, then each limit in force with its window
// ("20, 10;w=60, 20;w=3600"). It returns the first number and refuses a
// list whose items are not `<n>` or `<n>;w=<seconds>`.
func policyLimit(h string) (int, error) {
	if strings.TrimSpace(h) == "" {
		return 0, fmt.Errorf("x-ratelimit-limit is missing")
	}
	first := -1
	for i, item := range strings.Split(h, ",") {
		n, window, hasWindow := strings.Cut(strings.TrimSpace(item), ";")
		v, err := strconv.Atoi(strings.TrimSpace(n))
		if err != nil || v < 0 {
			return 0, fmt.Errorf("x-ratelimit-limit %q: item %d is not a limit", h, i+1)
		}
		if hasWindow {
			w, ok := strings.CutPrefix(strings.TrimSpace(window), "w=")
			if s, err := strconv.Atoi(w); !ok || err != nil || s <= 0 {
				return 0, fmt.Errorf("x-ratelimit-limit %q: item %d has no window w=<seconds>", h, i+1)
			}
		}
		if i == 0 {
			first = v
		}
	}
	return first, nil
}
