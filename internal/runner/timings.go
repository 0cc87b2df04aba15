package runner

import "github.com/conformhq/conform/internal/provider"

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
