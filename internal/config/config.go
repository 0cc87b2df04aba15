// Package config reads the file that points `conform run` at a real
// deployment: per-provider base URLs, credentials and pre-provisioned
// fixtures, with ${ENV} expansion so that secrets stay out of the file.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"regexp"
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
	// Timeout bounds each request (default 10s).
	Timeout   time.Duration        `yaml:"timeout"`
	Providers map[string]*Provider `yaml:"providers"`
}

// Provider is one provider's part of the configuration.
type Provider struct {
	// BaseURL overrides Target + "/" + provider.
	BaseURL string `yaml:"baseUrl"`
	// Credentials are the provider's credentials at the target (Weavr
	// apiKey; Fliqa apiKey, apiSecret; Fiskil clientId, clientSecret).
	Credentials map[string]string `yaml:"credentials"`
	// Fixtures are pre-provisioned data the scenarios use when the target
	// has no control API, by kind (e.g. weavr "user", "expiredPasswordUser").
	Fixtures map[string]map[string]any `yaml:"fixtures"`
}

var envRef = regexp.MustCompile(`\$\{([A-Za-z_][A-Za-z0-9_]*)(:-([^}]*))?\}`)

// Expand replaces ${NAME} and ${NAME:-default} with the environment's
// values. An unset variable without a default is an error, so that a
// missing secret fails loudly instead of becoming an empty password.
func Expand(src []byte, lookup func(string) (string, bool)) ([]byte, error) {
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
	if len(missing) > 0 {
		sort.Strings(missing)
		return nil, fmt.Errorf("config: environment variables not set: %s", strings.Join(missing, ", "))
	}
	return out, nil
}

// Load reads and checks a configuration file.
func Load(path string) (*Config, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	return Parse(b, os.LookupEnv)
}

// Parse parses and checks a configuration document.
func Parse(src []byte, lookup func(string) (string, bool)) (*Config, error) {
	b, err := Expand(src, lookup)
	if err != nil {
		return nil, err
	}
	var c Config
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(&c); err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("config: %w", err)
	}
	if err := c.check(); err != nil {
		return nil, err
	}
	return &c, nil
}

var providers = map[string]bool{"fliqa": true, "weavr": true, "fiskil": true}

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
	if c.Target != "" {
		if err := checkURL(c.Target); err != nil {
			return fmt.Errorf("config: target: %w", err)
		}
	}
	for name, p := range c.Providers {
		if !providers[name] {
			return fmt.Errorf("config: unknown provider %q (known: fiskil, fliqa, weavr)", name)
		}
		if p == nil {
			continue
		}
		if p.BaseURL != "" {
			if err := checkURL(p.BaseURL); err != nil {
				return fmt.Errorf("config: providers.%s.baseUrl: %w", name, err)
			}
		}
	}
	return nil
}

func checkURL(s string) error {
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
	if p := c.Providers[name]; p != nil {
		return p
	}
	return &Provider{}
}
