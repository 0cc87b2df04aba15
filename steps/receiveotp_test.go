package steps

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/conformhq/conform/specs/redact"
	"github.com/conformhq/conform/steps/config"
	"github.com/conformhq/conform/steps/otp"
)

// otpTarget is a target without the control API whose config gives
// provider "toy" the OTP source o.
func otpTarget(o *config.OTP) *Target {
	return &Target{Config: &config.Config{Providers: map[string]*config.Provider{"toy": {OTP: o}}}}
}

// TestReceiveOTP: the OTP read becomes a secret of the scenario, a
// failing source leaves it unjudged, and no source makes it not applicable
// naming the config key.
func TestReceiveOTP(t *testing.T) {
	send := func(context.Context) error { return nil }
	env := &Env{Target: otpTarget(&config.OTP{Command: []string{"sh", "-c", "echo 482915"}})}
	env.Secrets = &redact.Secrets{}
	w := newWorld(env)
	code, err := w.ReceiveOTP(context.Background(), otp.Request{Provider: "toy"}, send)
	if err != nil || code != "482915" {
		t.Fatalf("got %q, %v", code, err)
	}
	if got := w.Secrets.String("code 482915 sent"); strings.Contains(got, "482915") {
		t.Errorf("the OTP is not a secret: %q", got)
	}

	env.Target = otpTarget(&config.OTP{Command: []string{"sh", "-c", "exit 1"}})
	w = newWorld(env)
	if _, err := w.ReceiveOTP(context.Background(), otp.Request{Provider: "toy"}, send); err == nil || !w.Erred() {
		t.Errorf("a failing source: err %v, erred %v; want an error that leaves the scenario unjudged", err, w.Erred())
	}

	env.Target = &Target{Config: &config.Config{}}
	w = newWorld(env)
	_, err = w.ReceiveOTP(context.Background(), otp.Request{Provider: "toy"}, send)
	if !errors.Is(err, ErrNotApplicable) || !strings.Contains(w.NotApplicable, "providers.toy.otp") {
		t.Errorf("no source: err %v, reason %q", err, w.NotApplicable)
	}
}
