package otp

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
	"slices"
	"strings"
	"time"

	"github.com/tidwall/gjson"

	"github.com/conformhq/conform/steps/config"
)

// Request says which one-time password is expected: the provider that
// sends it, the channel ("sms" or "email") and the recipient (a phone
// number or an e-mail address; "" when the step does not know it).
type Request struct {
	Provider, Channel, Recipient string
}

// Source reads the one-time passwords a provider sends, for a target
// without the control API's outbox (config providers.<name>.otp).
type Source interface {
	// Expect is called before the request that makes the provider send an
	// OTP; the function it returns reads that OTP after the request.
	Expect(ctx context.Context, req Request) (read func(ctx context.Context) (string, error))
	// Kind names the source for messages: "sandboxCode", "command", "inbox".
	Kind() string
}

// Limits bound what a source may do: an inbox follows redirects only to
// Origins (its own origin is added), at most MaxRedirects of them, and
// reads at most MaxBody bytes of an answer.
type Limits struct {
	Origins      []string
	MaxRedirects int
	MaxBody      int64
}

// FromConfig is the source of one-time passwords that a provider's config
// gives (providers.<provider>.otp), if any.
func FromConfig(o *config.OTP, l Limits) (Source, bool) {
	switch {
	case o == nil:
		return nil, false
	case o.SandboxCode != "":
		return sandboxCode(o.SandboxCode), true
	case len(o.Command) > 0:
		return command{argv: o.Command, timeout: o.CommandTimeout()}, true
	case o.Inbox != nil:
		timeout, interval := o.Inbox.Limits()
		return &inbox{url: o.Inbox.URL, path: o.Inbox.Path, timeout: timeout, interval: interval, maxBody: l.MaxBody, client: inboxClient(o.Inbox.URL, timeout, l)}, true
	}
	return nil, false
}

// OffOriginError is a redirect the harness does not follow: to an origin
// the config does not declare for the provider.
type OffOriginError struct {
	Who    string // what redirected: "the inbox"
	Origin string
}

func (e *OffOriginError) Error() string {
	return fmt.Sprintf("%s redirected to %s, an origin the config does not declare: not followed", e.Who, e.Origin)
}

// inboxClient is the OTP inbox's client: it follows redirects only within
// the inbox's own origin and l.Origins (the provider's), at most
// l.MaxRedirects of them.
func inboxClient(inboxURL string, timeout time.Duration, l Limits) *http.Client {
	allowed := slices.Clone(l.Origins)
	if u, err := url.Parse(inboxURL); err == nil {
		allowed = append(allowed, config.Origin(u))
	}
	// The client's timeout bounds each poll, body included, so that an
	// inbox that answers without end cannot hold a scenario either.
	return &http.Client{Timeout: timeout, CheckRedirect: func(next *http.Request, via []*http.Request) error {
		if o := config.Origin(next.URL); !slices.Contains(allowed, o) {
			return &OffOriginError{Who: "the inbox", Origin: o}
		}
		if len(via) >= l.MaxRedirects {
			return fmt.Errorf("stopped after %d redirects", l.MaxRedirects)
		}
		return nil
	}}
}

// sandboxCode is a deployment's one fixed code (Weavr's sandbox: 123456).
type sandboxCode string

func (c sandboxCode) Kind() string { return "sandboxCode" }

func (c sandboxCode) Expect(context.Context, Request) func(context.Context) (string, error) {
	return func(context.Context) (string, error) { return string(c), nil }
}

// command runs a program that prints the OTP.
type command struct {
	argv    []string
	timeout time.Duration
}

func (c command) Kind() string { return "command" }

// maxOutput bounds what is read of a command's output or an OTP.
const maxOutput = 4096

func (c command) Expect(_ context.Context, req Request) func(context.Context) (string, error) {
	return func(ctx context.Context) (string, error) {
		ctx, cancel := context.WithTimeout(ctx, c.timeout)
		defer cancel()
		cmd := exec.CommandContext(ctx, c.argv[0], c.argv[1:]...)
		cmd.Env = append(os.Environ(),
			"CONFORM_OTP_PROVIDER="+req.Provider, "CONFORM_OTP_CHANNEL="+req.Channel, "CONFORM_OTP_RECIPIENT="+req.Recipient)
		var out bytes.Buffer
		cmd.Stdout = &limitedWriter{w: &out, n: maxOutput}
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

// inbox polls an HTTP API until it shows a new OTP.
type inbox struct {
	url, path         string
	timeout, interval time.Duration
	maxBody           int64
	client            *http.Client
}

func (in *inbox) Kind() string { return "inbox" }

// Expect reads what the inbox shows before the OTP is sent: the OTP read
// after must differ from it, so that an earlier message is never taken for
// the new one. (A provider that sends the same code twice in a row is
// then waited for until the timeout.)
func (in *inbox) Expect(ctx context.Context, req Request) func(context.Context) (string, error) {
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
func (in *inbox) expand(req Request) string {
	return strings.NewReplacer("{recipient}", url.QueryEscape(req.Recipient), "{channel}", url.QueryEscape(req.Channel),
		"{provider}", url.QueryEscape(req.Provider)).Replace(in.url)
}

// fetch reads the OTP at the inbox's path: "" when absent; problem says
// why an answer gave none (its status), without quoting its body.
func (in *inbox) fetch(ctx context.Context, u string) (otp, problem string, err error) {
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
	b, err := io.ReadAll(io.LimitReader(resp.Body, in.maxBody))
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

// Compile-time checks that the sources are Sources.
var (
	_ Source = sandboxCode("")
	_ Source = command{}
	_ Source = (*inbox)(nil)
)
