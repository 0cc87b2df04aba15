// Package config reads the file that points `conform run` at a real
// deployment: per-provider base URLs, credentials and pre-provisioned
// fixtures, with ${ENV} expansion so that secrets stay out of the file.
package config

import (
	"fmt"
	"maps"
	"net/url"
	"os"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// Config is the parsed configuration file. See the README ("Running against
// a deployment") for an annotated example.
type Config struct {
	// Target is the root URL of the deployment; a provider's base URL
	// defaults to Target + "/" + provider (the layout of `conform serve`).
	Target string `yaml:"target"`
	// Control says whether the target offers conform's control API:
	// "auto" (default: probe GET /_control/sandboxes), "yes" or "no".
	Control string `yaml:"control"`
	// ControlToken is sent with every control API call (header
	// Conform-Control-Token), for a `conform serve` listening beyond
	// loopback; write it as ${NAME} to keep it out of the file.
	ControlToken string `yaml:"controlToken"`
	// Timeout bounds each request (default 10s).
	Timeout time.Duration `yaml:"timeout"`
	// CACert is a PEM file of CA certificates trusted, beside the system's,
	// for a target with a private CA (--cacert wins over it; SSL_CERT_FILE
	// replaces the system's).
	CACert string `yaml:"cacert"`
	// MaxWait is how long a scenario may wait for real, in all, where the
	// target offers no control API to move its clock (--max-wait wins over
	// it); 0, the default, never waits.
	MaxWait time.Duration `yaml:"maxWait"`
	// Faults is the deployment's fault hook, which offers the capability
	// faults without the control API; nil when it has none.
	Faults    *FaultHook           `yaml:"faults"`
	Providers map[string]*Provider `yaml:"providers"`
}

// Provider is one provider's part of the configuration.
type Provider struct {
	// BaseURL overrides Target + "/" + provider.
	BaseURL string `yaml:"baseUrl"`
	// Version is the provider's version under test (e.g. weavr "3.63");
	// empty for its default. `--spec` wins over it.
	Version string `yaml:"version"`
	// Credentials are the provider's credentials at the target (Weavr
	// apiKey; Fliqa apiKey, apiSecret; Fiskil clientId, clientSecret).
	Credentials map[string]string `yaml:"credentials"`
	// Fixtures are pre-provisioned data the scenarios use when the target
	// has no control API, by kind (e.g. weavr "user", "expiredPasswordUser"):
	// one fixture (a map) or a pool of them (a list of maps).
	Fixtures map[string]Pool `yaml:"fixtures"`
	// Simulate says that the deployment serves the provider's sandbox
	// simulate API (Weavr's /simulate/api, which completes push
	// challenges): the capability simulate:<provider>.
	Simulate bool `yaml:"simulate"`
	// Timings are the deployment's own durations (token lifetime, lockout
	// period, OTP and session expiry) by the names the provider's steps
	// declare, replacing the contract's defaults: a staging deployment
	// with 10-second tokens is checked in seconds.
	Timings map[string]time.Duration `yaml:"timings"`
	// OTP says where the harness reads the one-time passwords the provider
	// sends, without the control API's outbox.
	OTP *OTP `yaml:"otp"`
}

var envRef = regexp.MustCompile(`\$\{([A-Za-z_][A-Za-z0-9_]*)(:-([^}]*))?\}`)

// Expand replaces ${NAME} and ${NAME:-default} with the environment's
// values. An unset variable without a default is an error, so that a
// missing secret fails loudly instead of becoming an empty password.
func Expand(src []byte, lookup func(string) (string, bool)) ([]byte, error) {
	out, missing := expand(src, lookup)
	if len(missing) > 0 {
		return nil, missingError(missing)
	}
	return out, nil
}

func expand(src []byte, lookup func(string) (string, bool)) ([]byte, []string) {
	var missing []string
	out := envRef.ReplaceAllFunc(src, func(m []byte) []byte {
		g := envRef.FindSubmatch(m)
		if v, ok := lookup(string(g[1])); ok {
			return []byte(v)
		}
		if len(g[2]) > 0 {
			return g[3]
		}
		missing = append(missing, string(g[1]))
		return m
	})
	return out, missing
}

func missingError(missing []string) error {
	sort.Strings(missing)
	missing = slices.Compact(missing)
	return fmt.Errorf("config: environment variables not set: %s", strings.Join(missing, ", "))
}

// Load reads and checks a configuration file.
func Load(path string) (*Config, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	return Parse(b, os.LookupEnv)
}

// Parse parses and checks a configuration document. ${VAR} references are
// expanded inside the parsed values, never in the text: a value is never
// read as YAML, so a secret holding "#", ": " or a quote arrives intact,
// and a reference in a comment is ignored.
func Parse(src []byte, lookup func(string) (string, bool)) (*Config, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(src, &root); err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	var missing []string
	expandNode(&root, lookup, &missing)
	if len(missing) > 0 {
		return nil, missingError(missing)
	}
	var c Config
	if root.Kind != 0 {
		// Node.Decode has no KnownFields: unknown fields are checked here.
		if err := unknownFields(&root, reflect.TypeOf(c)); err != nil {
			return nil, fmt.Errorf("config: %w", err)
		}
		if err := root.Decode(&c); err != nil {
			return nil, fmt.Errorf("config: %w", err)
		}
	}
	if err := c.check(); err != nil {
		return nil, err
	}
	return &c, nil
}

// expandNode expands the references in every scalar of the tree. A plain
// (unquoted, untagged) scalar is then typed by its new value, as if it had
// been written in the file: `timeout: ${T}` with T=5s is a duration.
func expandNode(n *yaml.Node, lookup func(string) (string, bool), missing *[]string) {
	if n.Kind == yaml.ScalarNode && strings.Contains(n.Value, "${") {
		out, m := expand([]byte(n.Value), lookup)
		*missing = append(*missing, m...)
		n.Value = string(out)
		if n.Style&(yaml.TaggedStyle|yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle|yaml.LiteralStyle|yaml.FoldedStyle) == 0 {
			n.Tag = ""
		}
	}
	for _, c := range n.Content {
		expandNode(c, lookup, missing)
	}
}

// unknownFields reports a mapping key that names no field of the struct it
// is decoded into, at any depth, so that a typo fails instead of being
// silently ignored.
func unknownFields(n *yaml.Node, t reflect.Type) error {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if n.Kind == yaml.DocumentNode {
		for _, c := range n.Content {
			if err := unknownFields(c, t); err != nil {
				return err
			}
		}
		return nil
	}
	if n.Kind != yaml.MappingNode {
		return nil
	}
	switch t.Kind() {
	case reflect.Struct:
		fields := map[string]reflect.Type{}
		for i := range t.NumField() {
			f := t.Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
			if name == "" {
				name = strings.ToLower(f.Name)
			}
			fields[name] = f.Type
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := n.Content[i]
			ft, ok := fields[k.Value]
			if !ok {
				return fmt.Errorf("line %d: field %s not found in type %s", k.Line, k.Value, t)
			}
			if err := unknownFields(n.Content[i+1], ft); err != nil {
				return err
			}
		}
	case reflect.Map:
		for i := 1; i < len(n.Content); i += 2 {
			if err := unknownFields(n.Content[i], t.Elem()); err != nil {
				return err
			}
		}
	}
	return nil
}

func (c *Config) check() error {
	switch c.Control {
	case "":
		c.Control = "auto"
	case "auto", "yes", "no":
	default:
		return fmt.Errorf("config: control must be auto, yes or no, not %q", c.Control)
	}
	if c.Timeout < 0 {
		return fmt.Errorf("config: timeout must not be negative")
	}
	if c.MaxWait < 0 {
		return fmt.Errorf("config: maxWait must not be negative")
	}
	if c.Target != "" {
		if err := CheckURL(c.Target); err != nil {
			return fmt.Errorf("config: target: %w", err)
		}
	}
	if c.Faults != nil {
		if err := c.Faults.check(); err != nil {
			return fmt.Errorf("config: faults%w", err)
		}
	}
	for name, p := range c.Providers {
		if p == nil {
			continue
		}
		if p.BaseURL != "" {
			if err := CheckURL(p.BaseURL); err != nil {
				return fmt.Errorf("config: providers.%s.baseUrl: %w", name, err)
			}
		}
		for _, t := range slices.Sorted(maps.Keys(p.Timings)) {
			if p.Timings[t] <= 0 {
				return fmt.Errorf("config: providers.%s.timings.%s must be a positive duration such as 10s, got %s", name, t, p.Timings[t])
			}
		}
		if p.OTP != nil {
			if err := p.OTP.check(); err != nil {
				return fmt.Errorf("config: providers.%s.otp%w", name, err)
			}
		}
	}
	return nil
}

// CheckTimings reports a timing that the provider does not declare (known
// lists the names it does, by provider), naming the key at fault.
func (c *Config) CheckTimings(known map[string][]string) error {
	for _, name := range slices.Sorted(maps.Keys(c.Providers)) {
		p := c.Providers[name]
		if p == nil {
			continue
		}
		for _, t := range slices.Sorted(maps.Keys(p.Timings)) {
			if !slices.Contains(known[name], t) {
				names := strings.Join(slices.Sorted(slices.Values(known[name])), ", ")
				if names == "" {
					names = "none"
				}
				return fmt.Errorf("config: providers.%s.timings.%s: no such timing (known: %s)", name, t, names)
			}
		}
	}
	return nil
}

// CheckProviders reports a provider section that names none of the known
// providers, so that a misspelt section is not silently ignored.
func (c *Config) CheckProviders(known []string) error {
	for _, name := range slices.Sorted(maps.Keys(c.Providers)) {
		if !slices.Contains(known, name) {
			sorted := slices.Sorted(slices.Values(known))
			return fmt.Errorf("config: unknown provider %q (known: %s)", name, strings.Join(sorted, ", "))
		}
	}
	return nil
}

// CheckURL reports whether s is an absolute http(s) URL, as the target and
// base URLs must be.
func CheckURL(s string) error {
	u, err := url.Parse(s)
	if err != nil {
		return err
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("%q is not an http(s) URL", s)
	}
	return nil
}

// BaseURL is the base URL of a provider at the target.
func (c *Config) BaseURL(provider string) string {
	if p := c.Providers[provider]; p != nil && p.BaseURL != "" {
		return strings.TrimSuffix(p.BaseURL, "/")
	}
	return strings.TrimSuffix(c.Target, "/") + "/" + provider
}

// Provider returns a provider's configuration, never nil.
func (c *Config) Provider(name string) *Provider {
	if c == nil {
		return &Provider{}
	}
	if p := c.Providers[name]; p != nil {
		return p
	}
	return &Provider{}
}
