package steps

import (
	"context"
	"fmt"

	"github.com/conformhq/conform/steps/otp"
)

// OTPSource is the source of a provider's one-time passwords that the
// config file gives (providers.<provider>.otp), if any. It offers the
// capability otp:<provider>.
func (t *Target) OTPSource(provider string) (otp.Source, bool) {
	if t.Config == nil {
		return nil, false
	}
	return otp.FromConfig(t.Config.Provider(provider).OTP, otp.Limits{Origins: t.origins(provider), MaxRedirects: maxRedirects, MaxBody: MaxResponseBytes})
}

// ReceiveOTP makes a provider send a one-time password (send: the request
// that triggers it) and reads it from the config's OTP source, for a
// target without the control API. The OTP becomes a secret of the
// scenario. Without a source the scenario is not applicable, naming the
// config key; a source that fails leaves the scenario unjudged (errored),
// as a failing control API does.
func (w *World) ReceiveOTP(ctx context.Context, req otp.Request, send func(ctx context.Context) error) (string, error) {
	src, ok := w.env.Target.OTPSource(req.Provider)
	if !ok {
		return "", w.NotApplicableLacking(OTP(req.Provider))
	}
	read := src.Expect(ctx, req)
	if err := send(ctx); err != nil {
		return "", err
	}
	code, err := read(ctx)
	if err != nil {
		w.erred = true
		return "", fmt.Errorf("the OTP source providers.%s.otp (%s): %s", req.Provider, src.Kind(), w.Secrets.String(err.Error()))
	}
	w.Secrets.Add(code)
	return code, nil
}
