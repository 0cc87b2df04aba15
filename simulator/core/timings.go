package core

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"
)

// ApplyTimings reads a provider's `timings` fixture (timing name → Go
// duration, "10s") into the sandbox's durations that fields points at, by
// the same names as the harness's clock steps and config file
// (providers.<name>.timings), so that a sandbox can stand for a staging
// deployment with short tokens. Nothing is set when a name is unknown or a
// duration not positive.
func ApplyTimings(provider string, given map[string]string, fields map[string]*time.Duration) error {
	parsed := make(map[string]time.Duration, len(given))
	for _, name := range slices.Sorted(maps.Keys(given)) {
		if fields[name] == nil {
			return fmt.Errorf("%s fixtures: timings: unknown timing %q (known: %s)", provider, name, strings.Join(slices.Sorted(maps.Keys(fields)), ", "))
		}
		d, err := time.ParseDuration(given[name])
		if err != nil || d <= 0 {
			return fmt.Errorf("%s fixtures: timings.%s must be a positive duration such as \"10s\", got %q", provider, name, given[name])
		}
		parsed[name] = d
	}
	for name, d := range parsed {
		*fields[name] = d
	}
	return nil
}
