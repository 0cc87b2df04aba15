package steps

import (
	"context"
	"fmt"
	"strings"
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
	// The window is a TimingExpr: "1m", or "1/5 tokenIdleLifetime" for a
	// window that a token outlives whatever the declared timings.
	sc.Step(`^the sandbox allows (\d+) requests? per "([^"]+)" for each api key$`, func(ctx context.Context, limit int, window string) error {
		w := world(ctx)
		if !w.HasControl() {
			return w.NotApplicableLacking(RateLimit)
		}
		_, d, err := w.EvalTiming(window)
		if err != nil {
			return err
		}
		if err := w.AddFixtures(ctx, map[string]any{"rateLimit": map[string]any{"limit": limit, "window": d.String()}}); err != nil {
			return err
		}
		w.SetTiming(RateLimitWindow, d)
		return nil
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
