package runner

import (
	"time"

	"github.com/conformhq/conform/internal/provider"
	"github.com/conformhq/conform/steps/config"
)

// maxWait is how long a scenario may wait for real: --max-wait when
// given, else the config's maxWait.
func (p *Plan) maxWait(cfg *config.Config) time.Duration {
	if p.MaxWaitSet {
		return p.MaxWait
	}
	return cfg.MaxWait
}

// timingNames are the timings each provider's steps declare, by provider:
// the names a config file may give under providers.<name>.timings.
func timingNames(list provider.List) map[string][]string {
	out := map[string][]string{}
	for _, d := range list {
		for _, t := range d.Vocabulary().Timings {
			out[d.Name] = append(out[d.Name], t.Name)
		}
	}
	return out
}

// limitNames lists each provider's limits by name, for config checks.
func limitNames(list provider.List) map[string][]string {
	out := map[string][]string{}
	for _, d := range list {
		for _, l := range d.Vocabulary().Limits {
			out[d.Name] = append(out[d.Name], l.Name)
		}
	}
	return out
}
