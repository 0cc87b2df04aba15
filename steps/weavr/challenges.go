package weavr

import (
	"context"
	"fmt"
	"net/http"
	"strconv"

	"github.com/cucumber/godog"
	"github.com/tidwall/gjson"
)

// registerChallenges installs the steps of SMS step-up, SMS enrolment and
// push challenges.
func registerChallenges(sc *godog.ScenarioContext) {
	sc.Step(`^the Weavr user has started an SMS step-up challenge$`, func(ctx context.Context) error {
		_, err := worldOf(ctx).call(ctx, http.MethodPost, "/stepup/challenges/otp/SMS", "", http.StatusNoContent)
		return err
	})
	sc.Step(`^the Weavr session is stepped up by SMS$`, func(ctx context.Context) error {
		w := worldOf(ctx)
		if _, err := w.call(ctx, http.MethodPost, "/stepup/challenges/otp/SMS", "", http.StatusNoContent); err != nil {
			return err
		}
		_, err := w.call(ctx, http.MethodPost, "/stepup/challenges/otp/SMS/verify", `{"verificationCode": "`+sandboxOTP+`"}`, http.StatusNoContent)
		return err
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
	sc.Step(`^the Weavr push challenge is completed with "(verify_success|verify_invalid|verify_expired)"$`, func(ctx context.Context, outcome string) error {
		w := worldOf(ctx)
		id, ok := w.Get("challengeId")
		if !ok {
			return fmt.Errorf(`no push challenge to complete: start one first ("Given a Weavr push challenge on "AUTHY" is in flight")`)
		}
		return w.Control(ctx, http.MethodPost, name, "challenges/"+id+"/"+outcome, nil, nil)
	})
	sc.Step(`^the Weavr push challenge should be "(PENDING|VERIFIED|INVALID|EXPIRED|CANCELLED)"$`, func(ctx context.Context, want string) error {
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

// registerRateLimit installs the check of the rate-limit headers Weavr
// announces.
func registerRateLimit(sc *godog.ScenarioContext) {
	sc.Step(`^the response should announce a rate limit of (\d+) requests?, resetting within (\d+) seconds$`, func(ctx context.Context, limit, within int) error {
		last, err := worldOf(ctx).Last()
		if err != nil {
			return err
		}
		if got := last.Header.Get("x-ratelimit-limit"); got != strconv.Itoa(limit) {
			return fmt.Errorf("expected x-ratelimit-limit %d, got %q", limit, got)
		}
		got := last.Header.Get("x-ratelimit-reset")
		n, err := strconv.Atoi(got)
		if err != nil || n < 0 || n > within {
			return fmt.Errorf("expected x-ratelimit-reset to be a number of seconds from 0 to %d, got %q", within, got)
		}
		return nil
	})
}
