package simulator

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/conformhq/conform/simulator/core"
)

// Fixtures is the document that fills a sandbox, in YAML or JSON. Every
// section is optional; each provider's section is documented on that
// provider's Fixtures type (simulator/fliqa, simulator/weavr,
// simulator/fiskil) and in specs/control.yaml.
//
//	clock:
//	  start: "2026-01-01T00:00:00Z"   # freeze the sandbox's clock here
//	rateLimit:
//	  limit: 5                       # requests per api key or client...
//	  window: 1m                     # ...per window
//	versions:
//	  weavr: "3.63"                  # the version of each provider's API served
//	weavr:  {...}
//	fliqa:  {...}
//	fiskil: {...}
type Fixtures struct {
	Clock     *ClockFixture     `json:"clock,omitempty"`
	RateLimit *RateLimitFixture `json:"rateLimit,omitempty"`
	// Versions chooses, per provider, the version of its API the sandbox
	// serves (provider name → version name); a provider absent here serves
	// its default version. Names are checked when the fixtures are applied,
	// where the providers are known.
	Versions  map[string]string          `json:"versions,omitempty"`
	Providers map[string]json.RawMessage `json:"-"`
}

// ClockFixture sets a sandbox's clock.
type ClockFixture struct {
	// Start freezes the clock at this instant (RFC 3339); it then moves only
	// when advanced through the control API.
	Start time.Time `json:"start"`
}

// RateLimitFixture sets a sandbox's rate limit per api key or client.
type RateLimitFixture struct {
	Limit  int    `json:"limit"`
	Window string `json:"window"`
}

// ParseFixtures reads a fixtures document in YAML or JSON (JSON is YAML).
// Unknown top-level sections are an error, so that a typo does not
// silently leave a sandbox empty.
func ParseFixtures(doc []byte, providers []string) (*Fixtures, error) {
	f := &Fixtures{Providers: map[string]json.RawMessage{}}
	if len(bytes.TrimSpace(doc)) == 0 {
		return f, nil
	}
	tree, err := fixturesTree(doc)
	if err != nil {
		return nil, fmt.Errorf("fixtures: not YAML or JSON: %w", err)
	}
	if tree == nil {
		return f, nil
	}
	top, ok := tree.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("fixtures: the document must be a mapping of sections, got %T", tree)
	}
	known := map[string]bool{"clock": true, "rateLimit": true, "versions": true}
	for _, p := range providers {
		known[p] = true
	}
	keys := make([]string, 0, len(top))
	for k := range top {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if !known[k] {
			return nil, fmt.Errorf("fixtures: unknown section %q (known: clock, rateLimit, versions, %s)", k, strings.Join(providers, ", "))
		}
		raw, err := json.Marshal(top[k])
		if err != nil {
			return nil, fmt.Errorf("fixtures: section %q: %w", k, err)
		}
		switch k {
		case "clock":
			f.Clock = &ClockFixture{}
			if err := core.DecodeStrict("clock", raw, f.Clock); err != nil {
				return nil, sectionError("clock", err)
			}
		case "rateLimit":
			f.RateLimit = &RateLimitFixture{}
			if err := core.DecodeStrict("rateLimit", raw, f.RateLimit); err != nil {
				return nil, sectionError("rateLimit", err)
			}
			if _, err := f.RateLimit.window(); err != nil {
				return nil, fmt.Errorf("fixtures: rateLimit: %w", err)
			}
		case "versions":
			if err := strictJSON(raw, &f.Versions); err != nil {
				return nil, fmt.Errorf("fixtures: versions: a mapping of provider to version name, like {weavr: \"3.63\"}: %w", err)
			}
		default:
			f.Providers[k] = raw
		}
	}
	return f, nil
}

// sectionError names the section of an error, unless it names it
// already (a FixtureKeyError's path begins with it).
func sectionError(section string, err error) error {
	var ke *core.FixtureKeyError
	if errors.As(err, &ke) {
		return fmt.Errorf("fixtures: %w", err)
	}
	return fmt.Errorf("fixtures: %s: %w", section, err)
}

func (r *RateLimitFixture) window() (time.Duration, error) {
	if r.Limit < 0 {
		return 0, fmt.Errorf("limit must not be negative")
	}
	if r.Window == "" {
		return time.Minute, nil
	}
	d, err := time.ParseDuration(r.Window)
	if err != nil || d <= 0 {
		return 0, fmt.Errorf("window %q is not a positive duration like 1m", r.Window)
	}
	return d, nil
}

func strictJSON(raw []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	return dec.Decode(v)
}
