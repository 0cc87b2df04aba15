package steps

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/conformhq/conform/steps/timing"
)

// registerControl installs the steps that shape the sandbox through the
// control API: its faults, rate limit and outbox (its clock: registerClock,
// clock.go). What they need of the target (clock, faults, rate-limit,
// outbox, otp:<provider>) is inferred from their text by engineNeeds
// (needs.go): a change to a pattern here is a change there.
func registerControl(sc *ScenarioContext, env *Env) {
	if len(env.Vocabularies) > 0 {
		sc.Step(`^the next (?:(\d+) )?calls? (?:to|of) (?i)(`+env.providerPattern()+`) "(\w+)" (?:answers?|fails?) with status (\d{3})(?: and code "([^"]+)")?$`,
			func(ctx context.Context, times string, provider, op string, status int, code string) error {
				n := 1
				if times != "" {
					fmt.Sscan(times, &n)
				}
				return world(ctx).AddFault(ctx, env.providerNamed(provider), op, status, n, code)
			})
	}
	// The window is a timing.Expr: "1m", or "1/5 tokenIdleLifetime" for a
	// window that a token outlives whatever the declared timings.
	// Without the control API, a deployment's declared rate limit
	// (providers.<p>.rateLimit) stands in for the one asked: the steps that
	// follow read the limit in force (rateLimitInForce), never the text's.
	sc.Step(`^the sandbox allows (\d+) requests? per "([^"]+)" for each api key$`, func(ctx context.Context, limit int, window string) error {
		w := world(ctx)
		if !w.HasControl() {
			return w.declaredRateLimit(ctx)
		}
		_, d, err := w.EvalTiming(window)
		if err != nil {
			return err
		}
		if err := w.AddFixtures(ctx, map[string]any{"rateLimit": map[string]any{"limit": limit, "window": d.String()}}); err != nil {
			return err
		}
		w.SetTiming(timing.RateLimitWindow, d)
		w.rateLimit = &rateLimitInForce{limit: limit, window: d, from: len(w.Exchanges())}
		return nil
	})
	sc.Step(`^the last request is sent again until the api key's rate limit is used up$`, func(ctx context.Context) error {
		return world(ctx).useUpRateLimit(ctx)
	})
}

// registerOutbox installs the steps that read the messages (SMS, e-mail)
// the sandbox's providers sent.
func registerOutbox(sc *ScenarioContext) {
	sc.Step(`^I remember the OTP last sent to "([^"]+)" as "([^"]+)"$`, func(ctx context.Context, recipient, name string) error {
		w := world(ctx)
		to, msgs, err := w.outboxTo(ctx, recipient)
		if err != nil {
			return err
		}
		if len(msgs) == 0 {
			return fmt.Errorf("no message was sent to %s", to)
		}
		w.Set(name, msgs[len(msgs)-1].OTP)
		return nil
	})
	sc.Step(`^(\d+) (?i)(sms|e-?mail) messages? should have been sent to "([^"]+)"$`, messagesSent)
}

// outboxTo expands a recipient ("{{msisdn}}") and reads what was sent to it.
func (w *World) outboxTo(ctx context.Context, recipient string) (string, []OutboxMessage, error) {
	to, err := w.Expand(recipient)
	if err != nil {
		return "", nil, err
	}
	msgs, err := w.Outbox(ctx, to)
	return to, msgs, err
}

// rateLimitInForce is the rate limit a scenario provokes: the one it set
// through the control API, or the deployment's declared one; from counts
// the exchanges recorded before it was in force.
type rateLimitInForce struct {
	limit  int
	window time.Duration
	from   int
}

// RateLimit returns the limit in force in the scenario (requests per
// window), set by "the sandbox allows N requests per …"; ok is false
// before that step.
func (w *World) RateLimit() (limit int, window time.Duration, ok bool) {
	if w.rateLimit == nil {
		return 0, 0, false
	}
	return w.rateLimit.limit, w.rateLimit.window, true
}

// declaredRateLimit puts the deployment's declared rate limit in force for
// the scenario's provider: it first lets a whole window pass since that
// provider's last request of the run (the scenario holds the provider
// alone, see enterGate), so that the api key's budget is whole whatever
// kind of window the deployment keeps, sliding or fixed.
func (w *World) declaredRateLimit(ctx context.Context) error {
	p := w.Provider
	r := w.env.Target.Config.Provider(p).RateLimit
	if r == nil || w.env.MaxWait < r.Window {
		return w.NotApplicableLacking(RateLimitOf(p))
	}
	if last := w.env.lastRequest(p); !last.IsZero() {
		began := time.Now()
		if err := timing.SleepUntil(ctx, last.Add(r.Window)); err != nil {
			return err
		}
		w.waited += time.Since(began)
	}
	w.SetTiming(timing.RateLimitWindow, r.Window)
	w.rateLimit = &rateLimitInForce{limit: r.Limit, window: r.Window, from: len(w.Exchanges())}
	return nil
}

// useUpRateLimit sends the scenario's last request again until the
// requests to its provider since the rate limit came into force reach the
// limit, so that the next one is over it. None of them may be answered
// 429: a deployment that refuses earlier than it declares breaks its own
// declaration (contract rule 7), and an answer of another status still
// counts against the limit.
func (w *World) useUpRateLimit(ctx context.Context) error {
	if w.rateLimit == nil {
		return errors.New(`no rate limit is in force: "the sandbox allows N requests per …" comes first`)
	}
	if w.lastRequest == nil {
		return errors.New("no request to send again")
	}
	p, req := w.lastRequest.provider, w.lastRequest.req
	sent := 0
	for _, x := range w.Exchanges()[w.rateLimit.from:] {
		if x.Provider == p {
			sent++
		}
	}
	for ; sent < w.rateLimit.limit; sent++ {
		if err := w.SendTo(ctx, p, req); err != nil {
			return err
		}
		if w.last != nil && w.last.Status == http.StatusTooManyRequests {
			return fmt.Errorf("request %d of the window was refused with 429, but the rate limit in force allows %d requests per %s", sent+1, w.rateLimit.limit, w.rateLimit.window)
		}
	}
	return nil
}

// messagesSent checks how many messages of a channel the target's outbox
// holds for a recipient.
func messagesSent(ctx context.Context, n int, channel, recipient string) error {
	w := world(ctx)
	to, msgs, err := w.outboxTo(ctx, recipient)
	if err != nil {
		return err
	}
	ch := strings.ReplaceAll(strings.ToLower(channel), "-", "")
	got := 0
	for _, m := range msgs {
		if m.Channel == ch {
			got++
		}
	}
	if got != n {
		return fmt.Errorf("expected %d %s message(s) to %s, found %d", n, ch, to, got)
	}
	return nil
}
