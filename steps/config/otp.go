package config

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"
)

// OTP is where the harness reads the one-time passwords a provider sends,
// for a target without the control API's outbox. Exactly one of
// SandboxCode, Command and Inbox is given.
type OTP struct {
	// SandboxCode is the one code the deployment always accepts (Weavr's
	// sandbox: "123456", as its documentation says).
	SandboxCode string `yaml:"sandboxCode"`
	// Command is run (no shell) when an OTP is expected, with
	// CONFORM_OTP_PROVIDER, CONFORM_OTP_CHANNEL (sms or email) and
	// CONFORM_OTP_RECIPIENT in its environment; it prints the OTP on
	// standard output.
	Command []string `yaml:"command"`
	// Timeout bounds the command (default 30s).
	Timeout time.Duration `yaml:"timeout"`
	// Inbox is an HTTP API (a mail or SMS catcher's) polled until a new
	// OTP appears.
	Inbox *Inbox `yaml:"inbox"`
}

// Inbox is an HTTP API that shows the last OTP sent to a recipient.
type Inbox struct {
	// URL is fetched with GET; {recipient}, {channel} and {provider} in it
	// are replaced (query-escaped).
	URL string `yaml:"url"`
	// Path is the gjson path of the OTP in the JSON answer
	// ("messages.0.otp", "items.#(to==\"x\").code").
	Path string `yaml:"path"`
	// Timeout bounds the polling for a new OTP (default 30s).
	Timeout time.Duration `yaml:"timeout"`
	// Interval is the time between two polls (default 500ms).
	Interval time.Duration `yaml:"interval"`
}

// Defaults of the OTP sources.
const (
	DefaultOTPTimeout    = 30 * time.Second
	DefaultInboxInterval = 500 * time.Millisecond
)

var placeholderRef = regexp.MustCompile(`\{(recipient|channel|provider)\}`)

// check refuses a source that is not exactly one of the three, or
// incomplete. Its errors start with the key below otp (".command: ...").
func (o *OTP) check() error {
	n := 0
	for _, given := range []bool{o.SandboxCode != "", len(o.Command) > 0, o.Inbox != nil} {
		if given {
			n++
		}
	}
	if n != 1 {
		return errors.New(": give exactly one of sandboxCode, command and inbox")
	}
	if o.Timeout < 0 {
		return errors.New(".timeout must not be negative")
	}
	if o.Timeout > 0 && len(o.Command) == 0 {
		return errors.New(".timeout bounds the command: give it with command (inbox has its own timeout)")
	}
	switch {
	case o.SandboxCode != "":
		if strings.TrimSpace(o.SandboxCode) != o.SandboxCode {
			return errors.New(".sandboxCode must not have spaces around it")
		}
	case len(o.Command) > 0:
		if o.Command[0] == "" {
			return errors.New(".command: the first element names the program to run")
		}
	default:
		in := o.Inbox
		if in.URL == "" || in.Path == "" {
			return errors.New(".inbox needs url and path (the gjson path of the OTP in its answer)")
		}
		if err := CheckURL(placeholderRef.ReplaceAllString(in.URL, "x")); err != nil {
			return fmt.Errorf(".inbox.url: %w", err)
		}
		if in.Timeout < 0 || in.Interval < 0 {
			return errors.New(".inbox: timeout and interval must not be negative")
		}
	}
	return nil
}

// CommandTimeout is the command's timeout, its default filled in.
func (o *OTP) CommandTimeout() time.Duration {
	if o.Timeout > 0 {
		return o.Timeout
	}
	return DefaultOTPTimeout
}

// Limits are the inbox's timeout and interval, defaults filled in.
func (in *Inbox) Limits() (timeout, interval time.Duration) {
	timeout, interval = in.Timeout, in.Interval
	if timeout <= 0 {
		timeout = DefaultOTPTimeout
	}
	if interval <= 0 {
		interval = DefaultInboxInterval
	}
	return timeout, interval
}
