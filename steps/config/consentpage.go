package config

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"
)

// ConsentPage describes a provider's hosted consent page (Fiskil's) the way
// its end user sees it: where the one-time password goes and which
// controls approve, deny and cancel. The harness drives the page in a
// browser through it; the page's form fields are nobody's contract
// (contract rule 8), so they are never named here, only what a user sees
// or a CSS selector.
type ConsentPage struct {
	// Origins are the origins, besides the provider's base URL's, where
	// the page may be (auth_url's) and where it may lead the browser
	// before it ends ("https://auth.vendor.example").
	Origins []string `yaml:"origins"`
	// OTP is the field for the one-time password, if the page asks for one.
	OTP *Control `yaml:"otp"`
	// SandboxOTP is the code the deployment's page accepts; required with OTP.
	SandboxOTP string `yaml:"sandboxOtp"`
	// WrongOTP is a code the page refuses; by default SandboxOTP with every
	// digit changed.
	WrongOTP string `yaml:"wrongOtp"`
	// SubmitOTP is the control that sends the code on a page that asks for
	// it in a step of its own ("Continue", "Verify").
	SubmitOTP *Control `yaml:"submitOtp"`
	// Approve, Deny and Cancel are the end user's decisions; Approve and
	// Deny are required.
	Approve *Control `yaml:"approve"`
	Deny    *Control `yaml:"deny"`
	Cancel  *Control `yaml:"cancel"`
	// Ineligible and UpstreamFailure are the controls of a sandbox page
	// that simulates an ineligible end user or a failure at the
	// institution (conform's page has both); without them those
	// scenarios are not applicable.
	Ineligible      *Control `yaml:"ineligible"`
	UpstreamFailure *Control `yaml:"upstreamFailure"`
	// Timeout bounds each of the end user's actions on the page: a page
	// that neither shows its controls nor ends the flow within it fails
	// the step (default 15s).
	Timeout time.Duration `yaml:"timeout"`
}

// Control is one control of a page: a CSS selector, or the text its user
// reads (a button's or link's text, a field's label, aria-label or
// placeholder; matched whole first, then as a part, ignoring case and
// spacing). Exactly one is given.
type Control struct {
	Selector string `yaml:"selector"`
	Label    string `yaml:"label"`
}

// DefaultConsentPageTimeout bounds an action on a consent page.
const DefaultConsentPageTimeout = 15 * time.Second

// The names of a consent page's controls, as the keys of the page
// description (and the argument of the capability consent-page:<p>/<name>).
const (
	ControlOTP             = "otp"
	ControlSubmitOTP       = "submitOtp"
	ControlApprove         = "approve"
	ControlDeny            = "deny"
	ControlCancel          = "cancel"
	ControlIneligible      = "ineligible"
	ControlUpstreamFailure = "upstreamFailure"
)

// Controls are the page's declared controls by name.
func (p *ConsentPage) Controls() map[string]Control {
	out := map[string]Control{}
	for name, c := range map[string]*Control{ControlOTP: p.OTP, ControlSubmitOTP: p.SubmitOTP, ControlApprove: p.Approve,
		ControlDeny: p.Deny, ControlCancel: p.Cancel, ControlIneligible: p.Ineligible, ControlUpstreamFailure: p.UpstreamFailure} {
		if c != nil {
			out[name] = *c
		}
	}
	return out
}

// Has reports whether the page declares the control.
func (p *ConsentPage) Has(name string) bool {
	_, ok := p.Controls()[name]
	return ok
}

// TimeoutOrDefault is Timeout, or the default when none is given.
func (p *ConsentPage) TimeoutOrDefault() time.Duration {
	if p.Timeout > 0 {
		return p.Timeout
	}
	return DefaultConsentPageTimeout
}

// Wrong is a code the page refuses: WrongOTP, or SandboxOTP with each
// digit moved by one (and any other character kept), so that it has the
// form the page expects.
func (p *ConsentPage) Wrong() string {
	if p.WrongOTP != "" {
		return p.WrongOTP
	}
	b := []byte(p.SandboxOTP)
	changed := false
	for i, c := range b {
		if c >= '0' && c <= '9' {
			b[i] = '0' + (c-'0'+1)%10
			changed = true
		}
	}
	if !changed {
		return p.SandboxOTP + "x"
	}
	return string(b)
}

// Check refuses a description the harness could not drive a page by. Its
// errors start with the key below consentPage (".approve: ...").
func (p *ConsentPage) Check() error {
	if p.Approve == nil {
		return errors.New(".approve: required (the control that approves)")
	}
	if p.Deny == nil {
		return errors.New(".deny: required (the control that denies)")
	}
	for _, name := range []string{ControlOTP, ControlSubmitOTP, ControlApprove, ControlDeny, ControlCancel, ControlIneligible, ControlUpstreamFailure} {
		c, ok := p.Controls()[name]
		if !ok {
			continue
		}
		if err := c.check(); err != nil {
			return fmt.Errorf(".%s%w", name, err)
		}
	}
	switch {
	case p.OTP != nil && p.SandboxOTP == "":
		return errors.New(".sandboxOtp: required with otp (the code the page accepts)")
	case p.OTP == nil && p.SandboxOTP != "":
		return errors.New(".otp: required with sandboxOtp (the field the code goes in)")
	case p.OTP == nil && (p.SubmitOTP != nil || p.WrongOTP != ""):
		return errors.New(".otp: required with submitOtp and wrongOtp")
	case strings.TrimSpace(p.SandboxOTP) != p.SandboxOTP:
		return errors.New(".sandboxOtp must not have spaces around it")
	case p.WrongOTP != "" && p.WrongOTP == p.SandboxOTP:
		return errors.New(".wrongOtp must differ from sandboxOtp")
	case p.Timeout < 0:
		return errors.New(".timeout must not be negative")
	}
	for i, o := range p.Origins {
		if err := CheckOrigin(o); err != nil {
			return fmt.Errorf(".origins[%d]: %w", i, err)
		}
	}
	return nil
}

func (c Control) check() error {
	switch {
	case c.Selector == "" && c.Label == "":
		return errors.New(": give selector or label")
	case c.Selector != "" && c.Label != "":
		return errors.New(": give selector or label, not both")
	case c.Label != "" && strings.TrimSpace(c.Label) == "":
		return errors.New(".label must not be blank")
	case c.Selector != "" && strings.ContainsAny(c.Selector, "\x00\n"):
		return errors.New(".selector must be one line")
	}
	return nil
}

// CheckOrigin reports whether s is an origin: scheme://host[:port] of
// http(s), without path, query or fragment.
func CheckOrigin(s string) error {
	u, err := url.Parse(s)
	if err != nil {
		return err
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil ||
		(u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" {
		return fmt.Errorf("%q is not an origin (scheme://host[:port])", s)
	}
	return nil
}

// Origin is the origin of an absolute URL ("https://host:port"), in
// lower case; "" when u has none.
func Origin(u *url.URL) string {
	if u == nil || u.Scheme == "" || u.Host == "" {
		return ""
	}
	return strings.ToLower(u.Scheme + "://" + u.Host)
}
