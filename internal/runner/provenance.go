package runner

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"slices"
	"strings"

	"github.com/conformhq/conform/internal/provider"
	"github.com/conformhq/conform/reports"
	"github.com/conformhq/conform/steps"
)

// provenance is what a run's reports say of where their verdicts come
// from: the build, the specs and feature files by digest, the target.
func provenance(env *steps.Env, list provider.List, files []*featureFile, tree fs.FS) *reports.Provenance {
	p := &reports.Provenance{Conform: Version(), BaseURLs: map[string]string{}}
	for _, name := range list.Names() {
		if s := env.Specs[name]; s != nil {
			p.Specs = append(p.Specs, reports.Digest{Name: s.Name, SHA256: s.Digest})
		}
		p.BaseURLs[name] = env.Target.BaseURL(name)
	}
	builtIn := list.Features()
	var differ []string
	for _, f := range files {
		p.Features = append(p.Features, reports.Digest{Name: f.URI, SHA256: digest(f.Content)})
		own, err := fs.ReadFile(builtIn[f.Provider], strings.TrimPrefix(f.URI, "features/"+f.Provider+"/"))
		if err != nil || digest(own) != digest(f.Content) {
			differ = append(differ, f.URI)
		}
	}
	switch {
	case tree == nil:
		p.FeaturesNote = "built into this conform"
	case len(differ) == 0:
		p.FeaturesNote = "from --features, identical to the ones built into this conform"
	default:
		slices.Sort(differ)
		p.FeaturesNote = fmt.Sprintf("from --features: %d of %d differ from the ones built into this conform (%s)", len(differ), len(files), strings.Join(differ, ", "))
	}
	return p
}

func digest(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}
