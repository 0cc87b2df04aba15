// Package config reads the file that points `conform run` at a real
// deployment: per-provider base URLs, credentials and pre-provisioned
// fixtures, with ${ENV} expansion so that secrets stay out of the file.
package config

import (
	"errors"
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

	"github.com/drone/envsubst"
	"github.com/drone/envsubst/parse"
	"gopkg.in/yaml.v3"

	"github.com/conformhq/conform/internal/suggest"
)

// Config is the parsed configuration file. See docs/config.md ("Running
// against a deployment") for an annotated example.
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
	// Limits are the deployment's own counts that no reference fixes
	// (Weavr lockoutThreshold, wrongCodeAttempts), by the names the
	// provider's steps declare (contract rule 7): where one is not
	// declared, scenarios accept what the references allow, or are not
	// applicable naming the key.
	Limits map[string]int `yaml:"limits"`
	// OTP says where the harness reads the one-time passwords the provider
	// sends, without the control API's outbox.
	OTP *OTP `yaml:"otp"`
	// RateLimit is the deployment's own rate limit per api key (contract
	// rule 7: no reference fixes one), which lets the harness provoke a 429
	// without the control API: the capability rate-limit:<provider>.
	RateLimit *RateLimit `yaml:"rateLimit"`
	// ConsentPage describes the provider's hosted consent page (Fiskil's),
	// which the harness drives in a browser; nil for none declared.
	ConsentPage *ConsentPage `yaml:"consentPage"`
}

// RateLimit is a declared rate limit: at most Limit requests of one api
// key within any Window; the next one is answered 429.
type RateLimit struct {
	Limit  int           `yaml:"limit"`
	Window time.Duration `yaml:"window"`
}

// expand substitutes with github.com/drone/envsubst, which parses and
// evaluates references as the shell does (${NAME:-default} when NAME is
// unset or empty, defaults that hold references, $$ for a literal $). Two
// things stay conform's, because the library does not fit them: it
// expands an unset variable to "" (its mapping cannot say "unset"), which
// would make a missing secret an empty one, so the references are checked
// first on the library's own parse tree; and it reads ${NAME:+alt},
// ${NAME:?message} and its other operators in its own way (:+ and :? act as
// defaults), so only ${NAME} and ${NAME:-default} are accepted. It returns
// the names of the unset variables without default, or an error for a
// reference that is not one of those two forms.
func expand(src string, lookup func(string) (string, bool)) (string, []string, error) {
	tree, err := parse.Parse(src)
	if err != nil {
		// The value is not quoted back: it may be a secret written in
		// the file.
		return "", nil, fmt.Errorf("a ${…} reference does not parse (%v); write $$ for a literal $", err)
	}
	var missing []string
	if err := unset(tree.Root, lookup, &missing); err != nil {
		return "", nil, err
	}
	if len(missing) > 0 {
		return "", missing, nil
	}
	out, err := envsubst.Eval(src, func(name string) string {
		v, _ := lookup(name)
		return v
	})
	if err != nil {
		return "", nil, fmt.Errorf("a ${…} reference does not expand (%v)", err)
	}
	return out, nil, nil
}

// envName is what may follow ${: an environment variable's name.
var envName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// unset walks a parse tree of envsubst and collects the variables that are
// unset where no default stands in, refusing the forms conform does not
// accept. A default is only walked when it would be used.
func unset(n parse.Node, lookup func(string) (string, bool), missing *[]string) error {
	switch n := n.(type) {
	case *parse.ListNode:
		for _, c := range n.Nodes {
			if err := unset(c, lookup, missing); err != nil {
				return err
			}
		}
	case *parse.FuncNode:
		if !envName.MatchString(n.Param) {
			return errors.New("a ${…} reference holds no environment variable's name; write $$ for a literal $")
		}
		v, set := lookup(n.Param)
		switch n.Name {
		case "":
			if !set {
				*missing = append(*missing, n.Param)
			}
		case ":-":
			if v == "" {
				for _, c := range n.Args {
					if err := unset(c, lookup, missing); err != nil {
						return err
					}
				}
			}
		default:
			return fmt.Errorf("${%s%s…} is not supported: write ${%s} or ${%s:-default}", n.Param, n.Name, n.Param, n.Param)
		}
	}
	return nil
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
	c, err := Parse(b, os.LookupEnv)
	if err != nil {
		return nil, fileError{path: path, err: err}
	}
	return c, nil
}

// fileError names the file of a Parse error: "config conform.yaml: line
// 2: …", which matters most when the file was found, not named.
type fileError struct {
	path string
	err  error
}

func (e fileError) Error() string {
	return "config " + e.path + ": " + strings.TrimPrefix(e.err.Error(), "config: ")
}

func (e fileError) Unwrap() error { return e.err }

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
	if err := expandNode(&root, lookup, &missing); err != nil {
		return nil, err
	}
	if len(missing) > 0 {
		return nil, missingError(missing)
	}
	var c Config
	if root.Kind != 0 {
		// Node.Decode has no KnownFields: unknown fields are checked here.
		if err := unknownFields(&root, reflect.TypeOf(c), ""); err != nil {
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
func expandNode(n *yaml.Node, lookup func(string) (string, bool), missing *[]string) error {
	if n.Kind == yaml.ScalarNode && strings.Contains(n.Value, "$") {
		out, m, err := expand(n.Value, lookup)
		if err != nil {
			return fmt.Errorf("config: line %d: %w", n.Line, err)
		}
		*missing = append(*missing, m...)
		n.Value = out
		if n.Style&(yaml.TaggedStyle|yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle|yaml.LiteralStyle|yaml.FoldedStyle) == 0 {
			n.Tag = ""
		}
	}
	for _, c := range n.Content {
		if err := expandNode(c, lookup, missing); err != nil {
			return err
		}
	}
	return nil
}

// KeyError is a key of the config file that names no setting: a typo
// fails with where it is and what was likely meant, instead of being
// silently ignored.
type KeyError struct {
	// Path is the key's place in the document (providers.weavr.baseUrll).
	Path string
	Line int
	// Suggestion is the nearest key allowed there, written in YAML with
	// its parents (the value left out: it may be a secret); "" when none
	// is near.
	Suggestion string
	// Known are the keys allowed there.
	Known []string
}

func (e *KeyError) Error() string {
	msg := fmt.Sprintf("line %d: %s is not a config key", e.Line, e.Path)
	if e.Suggestion != "" {
		return msg + "; did you mean\n" + e.Suggestion
	}
	return msg + " (allowed there: " + strings.Join(e.Known, ", ") + ")"
}

// unknownFields reports a mapping key that names no field of the struct it
// is decoded into, at any depth, as a *KeyError; path is where n is.
func unknownFields(n *yaml.Node, t reflect.Type, path string) error {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if n.Kind == yaml.DocumentNode {
		for _, c := range n.Content {
			if err := unknownFields(c, t, path); err != nil {
				return err
			}
		}
		return nil
	}
	if n.Kind != yaml.MappingNode {
		return nil
	}
	at := func(key string) string {
		if path == "" {
			return key
		}
		return path + "." + key
	}
	switch t.Kind() {
	case reflect.Struct:
		fields := map[string]reflect.Type{}
		var names []string
		for i := range t.NumField() {
			f := t.Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
			if name == "-" {
				continue
			}
			if name == "" {
				name = strings.ToLower(f.Name)
			}
			fields[name] = f.Type
			names = append(names, name)
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			ft, ok := fields[k.Value]
			if !ok {
				e := &KeyError{Path: at(k.Value), Line: k.Line, Known: names}
				if near := suggest.Closest(k.Value, names); near != "" {
					e.Suggestion = yamlPath(path, near)
				}
				return e
			}
			if err := unknownFields(v, ft, at(k.Value)); err != nil {
				return err
			}
		}
	case reflect.Map:
		for i := 0; i+1 < len(n.Content); i += 2 {
			if err := unknownFields(n.Content[i+1], t.Elem(), at(n.Content[i].Value)); err != nil {
				return err
			}
		}
	}
	return nil
}

// yamlPath writes key under its parents (a dotted path) as YAML lines,
// indented for a message: providers.weavr + baseUrl is
//
//	providers:
//	  weavr:
//	    baseUrl: …
func yamlPath(parents, key string) string {
	var b strings.Builder
	depth := 0
	if parents != "" {
		for _, p := range strings.Split(parents, ".") {
			fmt.Fprintf(&b, "    %s%s:\n", strings.Repeat("  ", depth), p)
			depth++
		}
	}
	fmt.Fprintf(&b, "    %s%s: …", strings.Repeat("  ", depth), key)
	return b.String()
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
		for _, l := range slices.Sorted(maps.Keys(p.Limits)) {
			if p.Limits[l] <= 0 {
				return fmt.Errorf("config: providers.%s.limits.%s must be a count of 1 or more, got %d", name, l, p.Limits[l])
			}
		}
		if p.OTP != nil {
			if err := p.OTP.check(); err != nil {
				return fmt.Errorf("config: providers.%s.otp%w", name, err)
			}
		}
		if r := p.RateLimit; r != nil && (r.Limit < 1 || r.Window <= 0) {
			return fmt.Errorf("config: providers.%s.rateLimit needs limit (1 or more requests) and window (a positive duration such as 60s), got limit %d, window %s", name, r.Limit, r.Window)
		}
		if p.ConsentPage != nil {
			if err := p.ConsentPage.Check(); err != nil {
				return fmt.Errorf("config: providers.%s.consentPage%w", name, err)
			}
		}
	}
	return nil
}

// CheckTimings reports a timing that the provider does not declare (known
// lists the names it does, by provider), naming the key at fault.
func (c *Config) CheckTimings(known map[string][]string) error {
	return c.checkKeys(known, "timings", "timing", func(p *Provider) []string { return slices.Collect(maps.Keys(p.Timings)) })
}

// CheckCredentials reports a credential key that the provider does not
// take (known lists the keys it does, by provider: its record's), so that
// a misspelt key is not silently ignored.
func (c *Config) CheckCredentials(known map[string][]string) error {
	return c.checkKeys(known, "credentials", "credential", func(p *Provider) []string { return slices.Collect(maps.Keys(p.Credentials)) })
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
	if !strings.Contains(s, "://") {
		// 127.0.0.1:8080 or localhost:8080/weavr: a host without its
		// scheme, which url.Parse reads as a scheme or a path.
		if u, err := url.Parse("http://" + s); err == nil && u.Host != "" && s != "" {
			return fmt.Errorf("%q has no scheme: did you mean http://%s?", s, s)
		}
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("%q is not an http(s) URL (write it as http://host:port)", s)
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

// CheckLimits reports a limit that the provider does not declare (known
// lists the names it does, by provider), naming the key at fault.
func (c *Config) CheckLimits(known map[string][]string) error {
	return c.checkKeys(known, "limits", "limit", func(p *Provider) []string { return slices.Collect(maps.Keys(p.Limits)) })
}

// checkKeys reports the first key of a provider section (keys lists them)
// that the provider does not take (known, by provider), naming the key at
// fault as providers.<p>.<section>.<key> and the keys it does take.
func (c *Config) checkKeys(known map[string][]string, section, noun string, keys func(*Provider) []string) error {
	for _, name := range slices.Sorted(maps.Keys(c.Providers)) {
		p := c.Providers[name]
		if p == nil {
			continue
		}
		for _, k := range slices.Sorted(slices.Values(keys(p))) {
			if !slices.Contains(known[name], k) {
				names := strings.Join(slices.Sorted(slices.Values(known[name])), ", ")
				if names == "" {
					names = "none"
				}
				return fmt.Errorf("config: providers.%s.%s.%s: no such %s (known: %s)", name, section, k, noun, names)
			}
		}
	}
	return nil
}
