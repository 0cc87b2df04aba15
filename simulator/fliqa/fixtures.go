package fliqa

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/conformhq/conform/simulator/core"
)

// Fixtures is Fliqa's section of a fixtures document. Every field is
// optional. Applied to a sandbox for the first time, it creates the api key
// (generated key and secret when not given) and, when none are listed, one
// inquiry with scope [account_owner] and one consent owner with a generated
// phone number and e-mail. Applied again, it adds: another api key when
// APIKey names a new one, more inquiries and consent owners; settings given
// replace the earlier ones. A key, inquiry id, phone number or e-mail that
// the sandbox already has is an error.
//
// Example:
//
//	{
//	  "apiKey": "fliqa-demo-key",
//	  "apiSecret": "fliqa-demo-secret",
//	  "environments": ["sandbox"],
//	  "tokenLifetime": 360,
//	  "otpLength": 6,
//	  "otpTtl": "5m",
//	  "timings": {"accessTokenLifetime": "10s", "otpLifetime": "10s"},   // the same two, by the clock steps' names
//	  "inquiries": [{"id": "inq-demo-1", "scope": ["account_owner"], "consentScope": "all"}],
//	  "consentOwners": [{"msisdn": "+38640123456", "email": "owner@example.com"}]
//	}
type Fixtures struct {
	// APIKey is the Api-Key header value; generated ("fliqa_key_…") when
	// empty and the sandbox has no key yet.
	APIKey string `json:"apiKey,omitempty"`
	// APISecret is the key's Api-Secret; generated when empty.
	APISecret string `json:"apiSecret,omitempty"`
	// Environments the key may get tokens for: production and/or sandbox;
	// [sandbox] when absent.
	Environments []string `json:"environments,omitempty"`
	// TokenLifetime is the access tokens' lifetime in seconds (360).
	TokenLifetime *int `json:"tokenLifetime,omitempty"`
	// OTPLength is the number of digits of an OTP, 4 to 8 (6).
	OTPLength *int `json:"otpLength,omitempty"`
	// OTPTTL is how long an OTP is valid, a Go duration ("5m").
	OTPTTL string `json:"otpTtl,omitempty"`
	// Inquiries tokens can be issued for.
	Inquiries []InquiryFixture `json:"inquiries,omitempty"`
	// ConsentOwners who can log in.
	ConsentOwners []OwnerFixture `json:"consentOwners,omitempty"`
	// Timings set the token lifetime and the OTP lifetime by the names of
	// the harness's clock steps, as Go durations: accessTokenLifetime (a
	// whole number of seconds, which expiresIn announces; as
	// tokenLifetime) and otpLifetime (as otpTtl). A timing given both ways
	// is an error.
	Timings map[string]string `json:"timings,omitempty"`
}

// InquiryFixture is one inquiry: its id (generated, 32 hex digits, when
// empty), the scope of the tokens issued for it ([account_owner] when
// absent; an explicit [] gives tokens with no scope at all), and what its
// consents carry: their scope (all, accounts, balances or transactions;
// "all" when empty), name and description (Fliqa's examples when empty).
type InquiryFixture struct {
	ID           string   `json:"id,omitempty"`
	Scope        []string `json:"scope"`
	ConsentScope string   `json:"consentScope,omitempty"`
	Name         string   `json:"name,omitempty"`
	Description  string   `json:"description,omitempty"`
}

// Defaults of an inquiry's consents, the reference's own examples.
const (
	defaultConsentScope       = "all"
	defaultConsentName        = "Account ownership check"
	defaultConsentDescription = "Account ownership confirmation"
)

// knownConsentScope reports whether s is a ConsentScope of the reference.
func knownConsentScope(s string) bool {
	switch s {
	case "all", "accounts", "balances", "transactions":
		return true
	}
	return false
}

// OwnerFixture is one consent owner, found at login by phone number (any
// form libphonenumber reads, with a leading + and country code) or e-mail.
// Both empty generates both.
type OwnerFixture struct {
	MSISDN string `json:"msisdn,omitempty"`
	Email  string `json:"email,omitempty"`
}

// Credentials is what applying fixtures created: the key and secret when a
// key was created, and the inquiries and owners added.
type Credentials struct {
	APIKey        string           `json:"apiKey,omitempty"`
	APISecret     string           `json:"apiSecret,omitempty"`
	Environments  []string         `json:"environments,omitempty"`
	Inquiries     []InquiryFixture `json:"inquiries"`
	ConsentOwners []OwnerFixture   `json:"consentOwners"`
}

// knownScope reports whether s is one of the scopes the spec lists.
func knownScope(s string) bool {
	switch s {
	case "account_owner", "account_info", "account_transactions", "payments", "risk_scoring":
		return true
	}
	return false
}

// applyFixtures checks the whole document before changing anything, so that
// a refused document leaves the sandbox as it was. Its errors never quote a
// key or secret, as callers may log them.
func applyFixtures(sb *core.Sandbox, raw json.RawMessage) (any, error) {
	var fx Fixtures
	if t := bytes.TrimSpace(raw); len(t) > 0 && !bytes.Equal(t, []byte("null")) {
		if err := core.DecodeStrict("fliqa", t, &fx); err != nil {
			return nil, fmt.Errorf("fliqa fixtures: %w", err)
		}
	}
	st := stateOf(sb)
	first := len(st.keys) == 0
	set, err := fx.settings(st)
	if err != nil {
		return nil, err
	}
	newKey, envs, err := fx.key(st, first)
	if err != nil {
		return nil, err
	}
	inqs, err := fx.inquiries(sb, st, first)
	if err != nil {
		return nil, err
	}
	owners, ofx, err := fx.owners(sb, st, first)
	if err != nil {
		return nil, err
	}

	// Everything checked: bind and store. Binding a chosen key is the one
	// step that can still fail, as another sandbox may hold it.
	creds := Credentials{Inquiries: inqs, ConsentOwners: ofx}
	if newKey {
		key, secret := fx.APIKey, fx.APISecret
		if key == "" {
			key = sb.Token(kindAPIKey, "fliqa_key_", 24)
		} else if !sb.Bind(kindAPIKey, key) {
			return nil, errors.New("fliqa fixtures: the api key belongs to another sandbox")
		}
		if secret == "" {
			secret = "fliqa_secret_" + sb.IDs.Alnum(32)
		}
		st.keys[key] = &apiKey{secret: secret, environments: envs}
		creds.APIKey, creds.APISecret, creds.Environments = key, secret, append([]string(nil), envs...)
	}
	st.tokenLifetime, st.otpLength, st.otpTTL = set.lifetime, set.otpLength, set.otpTTL
	for _, q := range inqs {
		st.inquiries[q.ID] = &inquiry{id: q.ID, scope: append([]string{}, q.Scope...), consentScope: q.ConsentScope, name: q.Name, description: q.Description}
	}
	st.owners = append(st.owners, owners...)
	return creds, nil
}

type settings struct {
	lifetime  time.Duration
	otpLength int
	otpTTL    time.Duration
}

// settings returns the sandbox's settings with the document's applied.
func (fx *Fixtures) settings(st *state) (settings, error) {
	set := settings{st.tokenLifetime, st.otpLength, st.otpTTL}
	if fx.TokenLifetime != nil {
		if *fx.TokenLifetime <= 0 {
			return set, fmt.Errorf("fliqa fixtures: tokenLifetime must be a positive number of seconds, got %d", *fx.TokenLifetime)
		}
		set.lifetime = time.Duration(*fx.TokenLifetime) * time.Second
	}
	if fx.OTPLength != nil {
		if *fx.OTPLength < 4 || *fx.OTPLength > 8 {
			return set, fmt.Errorf("fliqa fixtures: otpLength must be 4 to 8, got %d", *fx.OTPLength)
		}
		set.otpLength = *fx.OTPLength
	}
	if fx.OTPTTL != "" {
		d, err := time.ParseDuration(fx.OTPTTL)
		if err != nil || d <= 0 {
			return set, fmt.Errorf("fliqa fixtures: otpTtl must be a positive duration such as \"5m\", got %q", fx.OTPTTL)
		}
		set.otpTTL = d
	}
	if (fx.TokenLifetime != nil && fx.Timings["accessTokenLifetime"] != "") || (fx.OTPTTL != "" && fx.Timings["otpLifetime"] != "") {
		return set, errors.New("fliqa fixtures: a timing is given twice (tokenLifetime and timings.accessTokenLifetime, or otpTtl and timings.otpLifetime)")
	}
	if err := core.ApplyTimings("fliqa", fx.Timings, map[string]*time.Duration{"accessTokenLifetime": &set.lifetime, "otpLifetime": &set.otpTTL}); err != nil {
		return set, err
	}
	if set.lifetime%time.Second != 0 {
		return set, fmt.Errorf("fliqa fixtures: timings.accessTokenLifetime must be a whole number of seconds (expiresIn announces it), got %s", set.lifetime)
	}
	return set, nil
}

// key reports whether the document creates a key, and its environments.
func (fx *Fixtures) key(st *state, first bool) (bool, []string, error) {
	if !first && fx.APIKey == "" {
		if fx.APISecret != "" || fx.Environments != nil {
			return false, nil, errors.New("fliqa fixtures: apiSecret and environments describe a new key and need apiKey (the sandbox already has one)")
		}
		return false, nil, nil
	}
	if fx.APIKey != "" && st.keys[fx.APIKey] != nil {
		return false, nil, errors.New("fliqa fixtures: the api key already exists in this sandbox")
	}
	envs := fx.Environments
	if envs == nil {
		envs = []string{"sandbox"}
	}
	if len(envs) == 0 {
		return false, nil, errors.New("fliqa fixtures: environments must list production and/or sandbox")
	}
	for _, e := range envs {
		if e != "production" && e != "sandbox" {
			return false, nil, fmt.Errorf("fliqa fixtures: unknown environment %q (production or sandbox)", e)
		}
	}
	return true, envs, nil
}

// inquiries returns the document's inquiries with ids and scopes filled in.
func (fx *Fixtures) inquiries(sb *core.Sandbox, st *state, first bool) ([]InquiryFixture, error) {
	inqs := append([]InquiryFixture{}, fx.Inquiries...)
	if first && len(inqs) == 0 {
		inqs = []InquiryFixture{{}}
	}
	seen := map[string]bool{}
	for i := range inqs {
		q := &inqs[i]
		if q.ID == "" {
			for q.ID == "" || st.inquiries[q.ID] != nil || seen[q.ID] {
				q.ID = sb.IDs.Hex(32)
			}
		}
		if st.inquiries[q.ID] != nil || seen[q.ID] {
			return nil, fmt.Errorf("fliqa fixtures: inquiry %q already exists", q.ID)
		}
		seen[q.ID] = true
		if q.Scope == nil {
			q.Scope = []string{"account_owner"}
		}
		if q.ConsentScope == "" {
			q.ConsentScope = defaultConsentScope
		}
		if !knownConsentScope(q.ConsentScope) {
			return nil, fmt.Errorf("fliqa fixtures: inquiry %q: unknown consentScope %q (all, accounts, balances or transactions)", q.ID, q.ConsentScope)
		}
		if q.Name == "" {
			q.Name = defaultConsentName
		}
		if q.Description == "" {
			q.Description = defaultConsentDescription
		}
		dup := map[string]bool{}
		for _, s := range q.Scope {
			if !knownScope(s) {
				return nil, fmt.Errorf("fliqa fixtures: inquiry %q: unknown scope %q (account_owner, account_info, account_transactions, payments or risk_scoring)", q.ID, s)
			}
			if dup[s] {
				return nil, fmt.Errorf("fliqa fixtures: inquiry %q: scope %q listed twice", q.ID, s)
			}
			dup[s] = true
		}
	}
	return inqs, nil
}

// owners returns the document's consent owners, normalised, and the
// fixtures as reported back (generated values filled in).
func (fx *Fixtures) owners(sb *core.Sandbox, st *state, first bool) ([]*owner, []OwnerFixture, error) {
	ofx := append([]OwnerFixture{}, fx.ConsentOwners...)
	if first && len(ofx) == 0 {
		ofx = []OwnerFixture{{}}
	}
	var owners []*owner
	taken := func(o *owner) bool {
		for _, x := range owners {
			if (o.msisdn != "" && x.msisdn == o.msisdn) || (o.email != "" && x.email == o.email) {
				return true
			}
		}
		return (o.msisdn != "" && st.ownerByMSISDN(o.msisdn) != nil) || (o.email != "" && st.ownerByEmail(o.email) != nil)
	}
	for i := range ofx {
		f := &ofx[i]
		o := &owner{}
		if f.MSISDN == "" && f.Email == "" {
			for o.msisdn == "" || taken(o) {
				// Slovenian mobile numbers (+386 40…): valid for
				// libphonenumber, and Fliqa's home market.
				o.msisdn = "+38640" + sb.IDs.Digits(6)
				o.email = "owner-" + sb.IDs.Hex(8) + "@example.com"
			}
			f.MSISDN, f.Email = o.msisdn, o.email
			owners = append(owners, o)
			continue
		}
		if f.MSISDN != "" {
			e164, sub := parseMSISDN(f.MSISDN)
			if sub != "" {
				return nil, nil, fmt.Errorf("fliqa fixtures: consent owner msisdn %q: %s", f.MSISDN, sub)
			}
			o.msisdn = e164
		}
		if f.Email != "" {
			addr, ok := parseEmail(f.Email)
			if !ok {
				return nil, nil, fmt.Errorf("fliqa fixtures: consent owner email %q is not a valid address", f.Email)
			}
			o.email = addr
		}
		if taken(o) {
			return nil, nil, fmt.Errorf("fliqa fixtures: a consent owner with msisdn %q or email %q already exists", f.MSISDN, f.Email)
		}
		owners = append(owners, o)
	}
	return owners, ofx, nil
}
