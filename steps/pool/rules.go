package pool

import (
	"fmt"
	"maps"
	"net/url"
	"regexp"
	"slices"
	"strings"

	"github.com/conformhq/conform/specs/redact"
	"github.com/conformhq/conform/steps/config"
)

// Rule is what a provider requires of every config fixture of one
// kind, checked before the run: a fixture that breaks it would make its
// scenarios fail for a reason that is not the target's.
type Rule struct {
	// Fields are the fields a fixture may have (dotted paths into nested
	// maps: "identity.id"); any other is refused, so that a misspelt
	// field does not go unseen.
	Fields []Field
	// Distinct are fields whose value no other fixture of the provider,
	// of any kind, may share (compared without regard to case): two kinds
	// given the same user would see each other's lockouts and password
	// changes.
	Distinct []string
	// Among names the fixtures Distinct compares with: those of the kinds
	// whose rules have the same Among ("" for every kind of the provider).
	Among string
	// Check, when set, checks what the fields alone cannot say (two
	// fields that must differ); it returns the faults found.
	Check func(fx map[string]any) []Fault
}

// Field is one field of a fixture kind.
type Field struct {
	Path     string
	Required bool
	// Check says what is wrong with a value ("" when nothing); nil
	// accepts any non-empty string.
	Check func(v any) string
}

// Fault is a fixture's field and what is wrong with it.
type Fault struct{ Field, Problem string }

// FixtureError is a config fixture that breaks its kind's rules: a config
// error, before anything runs.
type FixtureError struct {
	// Faults are "key: problem" lines, the key naming the field at fault
	// (providers.weavr.fixtures.user[1].email).
	Faults []string
}

func (e *FixtureError) Error() string {
	return "config: " + strings.Join(e.Faults, "\nconfig: ")
}

// Rules are one provider's fixture rules (steps.Vocabulary.FixtureRules).
type Rules struct {
	// Provider is the provider's name, as the config file writes it;
	// Title its name for messages ("Weavr").
	Provider, Title string
	// ByKind are the rules by fixture kind; a kind without one is not
	// checked here.
	ByKind map[string]Rule
}

// CheckFixtures checks every config fixture against its provider's rules:
// the fields of its kind, their forms, and the values that must differ
// across the provider's fixtures. Kinds without a rule are not checked
// here (the step library refuses unknown kinds).
func CheckFixtures(cfg *config.Config, providers []Rules) error {
	if cfg == nil {
		return nil
	}
	var faults []string
	for _, v := range providers {
		pc := cfg.Providers[v.Provider]
		if pc == nil {
			continue
		}
		seen := map[string]string{} // field=lower-cased value → key of its first fixture
		for _, kind := range slices.Sorted(maps.Keys(pc.Fixtures)) {
			rule, ok := v.ByKind[kind]
			if !ok {
				continue
			}
			pool := pc.Fixtures[kind]
			for i, fx := range pool {
				key := pool.Key(v.Provider, kind, i)
				for _, f := range rule.faults(fx) {
					faults = append(faults, key+"."+f.Field+": "+f.Problem)
				}
				for _, d := range rule.Distinct {
					s, ok := fx[d].(string)
					if !ok || s == "" {
						continue
					}
					id := rule.Among + "|" + d + "=" + strings.ToLower(s)
					if first, dup := seen[id]; dup {
						faults = append(faults, fmt.Sprintf("%s.%s: the same %s as %s: %s", key, d, shown(d, s), first, distinctWhy(v.Title, d)))
						continue
					}
					seen[id] = key + "." + d
				}
			}
		}
	}
	if len(faults) > 0 {
		return &FixtureError{Faults: faults}
	}
	return nil
}

// shown is a value as a message may quote it: never a secret's.
func shown(field, v string) string {
	if redact.IsSecretName(field) {
		return field
	}
	return fmt.Sprintf("%s %q", field, v)
}

func distinctWhy(provider, field string) string {
	switch field {
	case "email", "msisdn":
		return "every " + provider + " fixture must be its own person"
	case "apiKey":
		return "every " + provider + " fixture must be its own api key"
	}
	return "no two such fixtures may share one"
}

// faults checks one fixture: unknown fields, missing ones, their forms,
// then the rule's own check.
func (r Rule) faults(fx map[string]any) []Fault {
	var out []Fault
	known := map[string]Field{}
	for _, f := range r.Fields {
		known[f.Path] = f
	}
	var unknown func(prefix string, m map[string]any)
	unknown = func(prefix string, m map[string]any) {
		for _, k := range slices.Sorted(maps.Keys(m)) {
			path := prefix + k
			if _, ok := known[path]; ok {
				continue
			}
			sub, isMap := m[k].(map[string]any)
			if isMap && r.hasFieldsUnder(path) {
				unknown(path+".", sub)
				continue
			}
			out = append(out, Fault{Field: path, Problem: "no such field for this kind (fields: " + r.fieldList() + ")"})
		}
	}
	unknown("", fx)
	for _, f := range r.Fields {
		v, ok := lookup(fx, f.Path)
		if !ok || v == nil {
			if f.Required {
				out = append(out, Fault{Field: f.Path, Problem: "required"})
			}
			continue
		}
		check := f.Check
		if check == nil {
			check = NonEmpty
		}
		if p := check(v); p != "" {
			out = append(out, Fault{Field: f.Path, Problem: p})
		}
	}
	if r.Check != nil && len(out) == 0 {
		out = append(out, r.Check(fx)...)
	}
	return out
}

func (r Rule) hasFieldsUnder(path string) bool {
	return slices.ContainsFunc(r.Fields, func(f Field) bool { return strings.HasPrefix(f.Path, path+".") })
}

func (r Rule) fieldList() string {
	names := make([]string, len(r.Fields))
	for i, f := range r.Fields {
		names[i] = f.Path
	}
	return strings.Join(names, ", ")
}

// lookup reads a dotted path of nested maps.
func lookup(m map[string]any, path string) (any, bool) {
	var v any = m
	for _, part := range strings.Split(path, ".") {
		mm, ok := v.(map[string]any)
		if !ok {
			return nil, false
		}
		if v, ok = mm[part]; !ok {
			return nil, false
		}
	}
	return v, true
}

// Field checks, for the providers' rules. Each says what is wrong, or "".
var (
	emailForm = regexp.MustCompile(`^[^@\s]+@[^@\s]+\.[^@\s]+$`)
	e164Form  = regexp.MustCompile(`^\+[1-9][0-9]{6,14}$`)
	digits    = regexp.MustCompile(`^[0-9]+$`)
)

// NonEmpty accepts a non-empty string.
func NonEmpty(v any) string {
	if s, ok := v.(string); !ok || s == "" {
		return `must be a non-empty string (quote a number: "10")`
	}
	return ""
}

// Email accepts an e-mail address.
func Email(v any) string {
	if s, _ := v.(string); !emailForm.MatchString(s) {
		return "not an e-mail address"
	}
	return ""
}

// E164 accepts a phone number in E.164 form (+ and 7 to 15 digits).
func E164(v any) string {
	if s, _ := v.(string); !e164Form.MatchString(s) {
		return "not an E.164 phone number (+ and 7 to 15 digits, e.g. +447700900123)"
	}
	return ""
}

// Digits accepts a string of digits (quote it in YAML: "110000000000000001").
func Digits(v any) string {
	if s, _ := v.(string); !digits.MatchString(s) {
		return `not a string of digits (quote it: "110000000000000001")`
	}
	return ""
}

// HTTPURL accepts an absolute http(s) URL.
func HTTPURL(v any) string {
	s, _ := v.(string)
	if u, err := url.Parse(s); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "not an http(s) URL"
	}
	return ""
}

// OneOf accepts one of the values.
func OneOf(values ...string) func(any) string {
	return func(v any) string {
		if s, _ := v.(string); !slices.Contains(values, s) {
			return "must be one of " + strings.Join(values, ", ")
		}
		return ""
	}
}

// Length accepts a string of min to max characters; the message never
// quotes the value, which may be a password.
func Length(min, max int) func(any) string {
	return func(v any) string {
		s, ok := v.(string)
		if n := len([]rune(s)); !ok || n < min || n > max {
			return fmt.Sprintf("must be %d to %d characters", min, max)
		}
		return ""
	}
}
