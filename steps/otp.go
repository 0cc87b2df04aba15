package steps

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"time"

	"github.com/tidwall/gjson"
)

// OTPRequest says which one-time password is expected: the provider that
// sends it, the channel ("sms" or "email") and the recipient (a phone
// number or an e-mail address; "" when the step does not know it).
type OTPRequest struct {
	Provider, Channel, Recipient string
}

// OTPSource reads the one-time passwords a provider sends, for a target
// without the control API's outbox (config providers.<name>.otp).
type OTPSource interface {
	// Expect is called before the request that makes the provider send an
	// OTP; the function it returns reads that OTP after the request.
	Expect(ctx context.Context, req OTPRequest) (read func(ctx context.Context) (string, error))
	// Kind names the source for messages: "sandboxCode", "command", "inbox".
	Kind() string
}

// OTPSource is the source of a provider's one-time passwords that the
// config file gives (providers.<provider>.otp), if any. It offers the
// capability otp:<provider>.
func (t *Target) OTPSource(provider string) (OTPSource, bool) {
	if t.Config == nil {
		return nil, false
	}
	o := t.Config.Provider(provider).OTP
	switch {
	case o == nil:
		return nil, false
	case o.SandboxCode != "":
		return sandboxCode(o.SandboxCode), true
	case len(o.Command) > 0:
		return otpCommand{argv: o.Command, timeout: o.CommandTimeout()}, true
	case o.Inbox != nil:
		timeout, interval := o.Inbox.Limits()
		return &otpInbox{url: o.Inbox.URL, path: o.Inbox.Path, timeout: timeout, interval: interval, client: t.inboxClient(provider, o.Inbox.URL, timeout)}, true
	}
	return nil, false
}

// ReceiveOTP makes a provider send a one-time password (send: the request
// that triggers it) and reads it from the config's OTP source, for a
// target without the control API. The OTP becomes a secret of the
// scenario. Without a source the scenario is not applicable, naming the
// config key; a source that fails leaves the scenario unjudged (errored),
// as a failing control API does.
func (w *World) ReceiveOTP(ctx context.Context, req OTPRequest, send func(ctx context.Context) error) (string, error) {
	src, ok := w.env.Target.OTPSource(req.Provider)
	if !ok {
		return "", w.NotApplicableLacking(OTP(req.Provider))
	}
	read := src.Expect(ctx, req)
	if err := send(ctx); err != nil {
		return "", err
	}
	otp, err := read(ctx)
	if err != nil {
		w.erred = true
		return "", fmt.Errorf("the OTP source providers.%s.otp (%s): %s", req.Provider, src.Kind(), w.Secrets.String(err.Error()))
	}
	w.Secrets.Add(otp)
	return otp, nil
}

// sandboxCode is a deployment's one fixed code (Weavr's sandbox: 123456).
type sandboxCode string

func (c sandboxCode) Kind() string { return "sandboxCode" }

func (c sandboxCode) Expect(context.Context, OTPRequest) func(context.Context) (string, error) {
	return func(context.Context) (string, error) { return string(c), nil }
}

// otpCommand runs a program that prints the OTP.
type otpCommand struct {
	argv    []string
	timeout time.Duration
}

func (c otpCommand) Kind() string { return "command" }

// maxOTPOutput bounds what is read of a command's output or an OTP.
const maxOTPOutput = 4096

func (c otpCommand) Expect(_ context.Context, req OTPRequest) func(context.Context) (string, error) {
	return func(ctx context.Context) (string, error) {
		ctx, cancel := context.WithTimeout(ctx, c.timeout)
		defer cancel()
		cmd := exec.CommandContext(ctx, c.argv[0], c.argv[1:]...)
		cmd.Env = append(os.Environ(),
			"CONFORM_OTP_PROVIDER="+req.Provider, "CONFORM_OTP_CHANNEL="+req.Channel, "CONFORM_OTP_RECIPIENT="+req.Recipient)
		var out bytes.Buffer
		cmd.Stdout = &limitedWriter{w: &out, n: maxOTPOutput}
		// Its standard error may hold what it used to reach the OTP (an
		// API token, the message itself): never read, never shown.
		cmd.Stderr = nil
		cmd.WaitDelay = time.Second
		err := cmd.Run()
		switch {
		case ctx.Err() == context.DeadlineExceeded:
			return "", fmt.Errorf("%s printed no OTP within %s", c.argv[0], c.timeout)
		case err != nil:
			return "", fmt.Errorf("%s: %v (its standard error is not shown: it could hold secrets)", c.argv[0], exitReason(err))
		}
		return oneOTP(out.String(), c.argv[0]+" printed")
	}
}

// exitReason describes a failed command without its output.
func exitReason(err error) string {
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		return exit.ProcessState.String()
	}
	return err.Error()
}

// oneOTP checks that out is one OTP: one line, one word. Errors never
// quote it: it may be the OTP, or another secret.
func oneOTP(out, what string) (string, error) {
	s := strings.TrimSpace(out)
	switch {
	case s == "":
		return "", fmt.Errorf("%s nothing", what)
	case strings.ContainsAny(s, "\n\r"):
		return "", fmt.Errorf("%s %d lines, not one OTP", what, strings.Count(s, "\n")+1)
	case strings.ContainsAny(s, " \t"):
		return "", fmt.Errorf("%s words separated by spaces, not one OTP", what)
	case len(s) > 64:
		return "", fmt.Errorf("%s %d characters, too long for an OTP", what, len(s))
	}
	return s, nil
}

type limitedWriter struct {
	w io.Writer
	n int
}

func (l *limitedWriter) Write(p []byte) (int, error) {
	if l.n > 0 {
		k := min(len(p), l.n)
		l.n -= k
		l.w.Write(p[:k])
	}
	return len(p), nil
}

// otpInbox polls an HTTP API until it shows a new OTP.
type otpInbox struct {
	url, path         string
	timeout, interval time.Duration
	client            *http.Client
}

func (in *otpInbox) Kind() string { return "inbox" }

// Expect reads what the inbox shows before the OTP is sent: the OTP read
// after must differ from it, so that an earlier message is never taken for
// the new one. (A provider that sends the same code twice in a row is
// then waited for until the timeout.)
func (in *otpInbox) Expect(ctx context.Context, req OTPRequest) func(context.Context) (string, error) {
	u := in.expand(req)
	// The first read is bounded as the polling is: an inbox that never
	// answers must not hang the run (it then has no "before").
	first, cancel := context.WithTimeout(ctx, in.timeout)
	before, _, _ := in.fetch(first, u)
	cancel()
	return func(ctx context.Context) (string, error) {
		ctx, cancel := context.WithTimeout(ctx, in.timeout)
		defer cancel()
		var last string
		for {
			otp, problem, err := in.fetch(ctx, u)
			switch {
			case err == nil && otp != "" && otp != before:
				return oneOTP(otp, "the inbox's "+in.path+" holds")
			case problem != "":
				last = problem
			case err != nil && ctx.Err() == nil:
				// A poll cut short by the polling's own deadline says
				// nothing of the inbox: the problem seen before stands.
				last = err.Error()
			}
			t := time.NewTimer(in.interval)
			select {
			case <-ctx.Done():
				t.Stop()
				if last == "" {
					last = "it showed no OTP, or only the one from before"
				}
				return "", fmt.Errorf("no new OTP at the inbox within %s (%s)", in.timeout, last)
			case <-t.C:
			}
		}
	}
}

// expand fills the URL's {recipient}, {channel} and {provider}.
func (in *otpInbox) expand(req OTPRequest) string {
	return strings.NewReplacer("{recipient}", url.QueryEscape(req.Recipient), "{channel}", url.QueryEscape(req.Channel),
		"{provider}", url.QueryEscape(req.Provider)).Replace(in.url)
}

// fetch reads the OTP at the inbox's path: "" when absent; problem says
// why an answer gave none (its status), without quoting its body.
func (in *otpInbox) fetch(ctx context.Context, u string) (otp, problem string, err error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return "", "", err
	}
	req.Header.Set("Accept", "application/json")
	resp, err := in.client.Do(req)
	var off *OffOriginError
	if errors.As(err, &off) {
		return "", off.Error(), nil
	}
	if err != nil {
		return "", "", errors.New("the inbox could not be reached")
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, MaxResponseBytes))
	if err != nil {
		return "", "", errors.New("the inbox's answer could not be read")
	}
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Sprintf("the inbox answered %d", resp.StatusCode), nil
	}
	if !gjson.ValidBytes(b) {
		return "", "the inbox's answer is not JSON", nil
	}
	r := gjson.GetBytes(b, in.path)
	if !r.Exists() {
		return "", "nothing at " + in.path, nil
	}
	return r.String(), "", nil
}

// Compile-time checks that the sources are OTPSources.
var (
	_ OTPSource = sandboxCode("")
	_ OTPSource = otpCommand{}
	_ OTPSource = (*otpInbox)(nil)
)
