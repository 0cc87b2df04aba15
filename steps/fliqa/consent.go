package fliqa

import (
	"context"
	"fmt"
	"strings"

	"github.com/tidwall/gjson"

	"github.com/conformhq/conform/steps"
)

// consentSource is where the Consent object's fields come from, for
// warnings: no field of it is marked required.
const consentSource = "fliqa spec, Consent (ref §4: only consentData[].name is marked required)"

// registerConsent installs the checks on a created consent's optional
// fields: each is checked when present and a warning when absent, as the
// reference requires none of them (the scenarios assert consentId and
// status, which the documented behaviour needs, with the generic steps).
func registerConsent(sc *steps.ScenarioContext) {
	sc.Step(`^the Fliqa consent's "([^"]+)" should be "([^"]*)" if present$`, func(ctx context.Context, path, want string) error {
		return worldOf(ctx).checkConsentField(path, want, func(got, want string) bool { return got == want })
	})
	sc.Step(`^the Fliqa consent owner's phone number should be "([^"]*)" if present$`, func(ctx context.Context, want string) error {
		// The reference gives no format for owner.msisdn: compared by its
		// digits, so that "+386 41 …" and "38641…" name the same phone.
		return worldOf(ctx).checkConsentField("owner.msisdn", want, func(got, want string) bool { return digits(got) == digits(want) })
	})
	sc.Step(`^the Fliqa consent owner's e-mail address should be "([^"]*)" if present$`, func(ctx context.Context, want string) error {
		return worldOf(ctx).checkConsentField("owner.email", want, func(got, want string) bool { return strings.EqualFold(got, want) })
	})
	sc.Step(`^the Fliqa consent should be in the language "([^"]+)" if supported$`, func(ctx context.Context, want string) error {
		return worldOf(ctx).checkLocale(want)
	})
	sc.Step(`^the Fliqa consent should keep the data "([^"]*)" = "([^"]*)" if present$`, func(ctx context.Context, key, value string) error {
		return worldOf(ctx).checkData(key, value)
	})
}

// checkConsentField fails when the consent's field at path is present and
// not what the request asked for (same says whether got matches the
// expanded want), and
// warns when it is absent.
func (w world) checkConsentField(path, want string, same func(got, want string) bool) error {
	want, err := w.Expand(want)
	if err != nil {
		return err
	}
	r, err := w.JSONAt(path)
	if err != nil {
		return err
	}
	if !r.Exists() || r.Type == gjson.Null {
		w.Warn("rule 2", consentSource, "the consent has no %s (allowed: not required; the reference's examples show it)", path)
		return nil
	}
	if r.Type != gjson.String || !same(r.Str, want) {
		return fmt.Errorf("expected %q at %q, got %s", want, path, w.Describe(path, r))
	}
	return nil
}

// checkLocale warns unless the consent's locale is the language asked
// for: Fliqa serves a language only "if supported" (ref §2, §3), so
// another one is allowed.
func (w world) checkLocale(want string) error {
	r, err := w.JSONAt("locale")
	if err != nil {
		return err
	}
	switch {
	case !r.Exists() || r.Type == gjson.Null:
		w.Warn("rule 2", consentSource, "the consent has no locale; %q was asked for", want)
	case r.String() != want:
		w.Warn("rule 2", "ref §3: locale is the desired language, if supported", "the consent is in %s, not in the %q asked for", w.Describe("locale", r), want)
	}
	return nil
}

// checkData fails when the consent lists its data without the item the
// request gave (ref §3: data is stored with the consent), and warns when
// the consent lists no data.
func (w world) checkData(key, value string) error {
	r, err := w.JSONAt("data")
	if err != nil {
		return err
	}
	if !r.Exists() || r.Type == gjson.Null {
		w.Warn("rule 2", consentSource, "the consent does not list its data; the request gave %q", key)
		return nil
	}
	for _, item := range r.Array() {
		if item.Get("key").String() == key && item.Get("value").String() == value {
			return nil
		}
	}
	return fmt.Errorf("expected the consent's data to keep {%q: %q} given with the request, got %s", key, value, w.Describe("data", r))
}

// digits keeps the decimal digits of s.
func digits(s string) string {
	var b strings.Builder
	for _, c := range s {
		if c >= '0' && c <= '9' {
			b.WriteRune(c)
		}
	}
	return b.String()
}
