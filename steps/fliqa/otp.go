package fliqa

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"strings"

	"github.com/tidwall/gjson"

	"github.com/conformhq/conform/steps"
	"github.com/conformhq/conform/steps/otp"
)

// registerOTP installs the steps about one-time passwords: the sandbox's
// settings, receiving one, and checking what was sent.
func registerOTP(sc *steps.ScenarioContext) {
	sc.Step(otpLengthStep, func(ctx context.Context, n int) error {
		return worldOf(ctx).settings(ctx, map[string]any{"otpLength": n})
	})
	// The lifetime is a timing.Expr: "2m", or "1/3 accessTokenLifetime" for
	// one that the access token outlives whatever the declared timings.
	sc.Step(otpTTLStep, func(ctx context.Context, d string) error {
		w := worldOf(ctx)
		if !w.HasControl() {
			return w.settings(ctx, map[string]any{"otpTtl": d}) // not applicable
		}
		_, life, err := w.EvalTiming(d)
		if err != nil {
			return err
		}
		if err := w.settings(ctx, map[string]any{"otpTtl": life.String()}); err != nil {
			return err
		}
		w.SetTiming(otpLifetime, life)
		return nil
	})
	sc.Step(receiveOTPStep, func(ctx context.Context, channel string) error {
		return worldOf(ctx).receiveOTP(ctx, channel)
	})
	sc.Step(`^I remember a wrong Fliqa one-time password as "([^"]+)"$`, func(ctx context.Context, name string) error {
		w := worldOf(ctx)
		otp, ok := w.Get("otp")
		if !ok || otp == "" {
			return errors.New(`no {{otp}} yet: a step such as "the Fliqa consent owner has received a one-time password by SMS" must come first`)
		}
		w.Set(name, wrongOTP(otp))
		return nil
	})
	sc.Step(checkOTPStep, func(ctx context.Context, channel, recipient string) error {
		return worldOf(ctx).checkOTP(ctx, channel, recipient)
	})
	sc.Step(`^the Fliqa answer should announce the length of the one-time password$`, func(ctx context.Context) error {
		_, _, err := worldOf(ctx).otpLength()
		return err
	})
}

// wrongOTP is a code of the same length as otp that differs from it in
// every character, so that it can never be accepted by chance.
func wrongOTP(otp string) string {
	wrong := []byte(otp)
	for i, c := range wrong {
		if c >= '0' && c <= '9' {
			wrong[i] = '0' + (c-'0'+1)%10
		} else {
			wrong[i] = '0'
		}
	}
	return string(wrong)
}

// settings changes the sandbox's Fliqa settings (OTP length and
// lifetime): a real deployment's are fixed, so this needs the control API.
func (w world) settings(ctx context.Context, settings map[string]any) error {
	if !w.HasControl() {
		return w.NotApplicableLacking(steps.Settings(name))
	}
	return w.AddFixtures(ctx, map[string]any{name: settings})
}

// receiveOTP logs the consent owner in and reads the OTP sent into
// {{otp}}: from the outbox with the control API, else from the config's
// OTP source (providers.fliqa.otp).
func (w world) receiveOTP(ctx context.Context, channel string) error {
	if !w.HasControl() {
		if _, ok := w.Target().OTPSource(name); !ok {
			// Checked first, so that no message is sent for nothing.
			return w.NotApplicableLacking(steps.OTP(name))
		}
	}
	field, recipient, ch := "msisdn", "{{msisdn}}", "sms"
	if channel == "e-mail" {
		field, recipient, ch = "email", "{{email}}", "email"
	}
	to, err := w.Expand(recipient)
	if err != nil {
		return fmt.Errorf("%w: a step such as \"a registered Fliqa consent owner\" must come first", err)
	}
	body, _ := json.Marshal(map[string]string{field: to})
	login := func(ctx context.Context) error {
		_, err := w.sendOK(ctx, "logging the Fliqa consent owner in", steps.Request{Method: http.MethodPost, Path: "/account/login", Body: string(body)})
		return err
	}
	if !w.HasControl() {
		code, err := w.ReceiveOTP(ctx, otp.Request{Provider: name, Channel: ch, Recipient: to}, login)
		if err != nil {
			return err
		}
		w.Set("otp", code)
		return nil
	}
	if err := login(ctx); err != nil {
		return err
	}
	m, err := w.lastMessage(ctx, channel, to)
	if err != nil {
		return err
	}
	w.Set("otp", m.OTP)
	return nil
}

// lastMessage is the last message of the outbox to a recipient, which
// must have gone by the given channel (SMS or e-mail).
func (w world) lastMessage(ctx context.Context, channel, to string) (steps.OutboxMessage, error) {
	msgs, err := w.Outbox(ctx, to)
	if err != nil {
		return steps.OutboxMessage{}, err
	}
	var mine []steps.OutboxMessage
	for _, m := range msgs {
		if m.Provider == "" || m.Provider == name {
			mine = append(mine, m)
		}
	}
	if len(mine) == 0 {
		return steps.OutboxMessage{}, fmt.Errorf("no Fliqa message was sent to %s", to)
	}
	m := mine[len(mine)-1]
	want := strings.ReplaceAll(strings.ToLower(channel), "-", "")
	if m.Channel != want {
		return m, fmt.Errorf("expected the last message to %s to go by %s, it went by %s", to, channel, m.Channel)
	}
	return m, nil
}

// checkOTP checks that the last message to a recipient went by the
// channel and carries an OTP of the otpLength the last response announced.
func (w world) checkOTP(ctx context.Context, channel, recipient string) error {
	n, ok, err := w.otpLength()
	if err != nil || !ok {
		return err
	}
	to, err := w.Expand(recipient)
	if err != nil {
		return err
	}
	m, err := w.lastMessage(ctx, channel, to)
	if err != nil {
		return err
	}
	if !regexp.MustCompile(fmt.Sprintf(`^[0-9]{%d}$`, n)).MatchString(m.OTP) {
		return fmt.Errorf("expected an OTP of %d digits (otpLength), got %d characters (digits only: %v)", n, len(m.OTP), regexp.MustCompile(`^[0-9]+$`).MatchString(m.OTP))
	}
	return nil
}

// otpLength reads the login answer's otpLength: a whole number of digits
// when present (ok), a warning when absent, as the reference marks no
// field of the answer required but the contract says it announces the
// length of the OTP sent.
func (w world) otpLength() (n int, ok bool, err error) {
	r, err := w.JSONAt("otpLength")
	if err != nil {
		return 0, false, err
	}
	if !r.Exists() {
		w.Warn("rule 2", "fliqa spec, OtpSent.otpLength (ref §2: not marked required)", "the login answer does not announce otpLength")
		return 0, false, nil
	}
	if r.Type != gjson.Number || r.Num != float64(int(r.Num)) || r.Num < 0 {
		return 0, false, fmt.Errorf("expected a whole number at \"otpLength\", got %s", w.Describe("otpLength", r))
	}
	return int(r.Int()), true, nil
}
