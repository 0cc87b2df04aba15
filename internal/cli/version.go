package cli

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/conformhq/conform/internal/provider"
	"github.com/conformhq/conform/internal/version"
)

// versionReport is what `conform version --json` prints: the build, and
// the spec versions each provider is tested against, so that a CI job can
// record which contract a binary certifies.
type versionReport struct {
	version.Info
	Providers map[string]providerVersions `json:"providers"`
}

// providerVersions are one provider's spec versions.
type providerVersions struct {
	// Default is the version a run tests unless --spec chooses another.
	Default string `json:"default"`
	// Versions are all the versions conform has a spec for, default first.
	Versions []string `json:"versions"`
}

// versionCmd prints the build: one line, or JSON with --json.
func versionCmd(providers provider.List, args []string, stdout, stderr io.Writer) int {
	fl := newFlagSet("conform version")
	asJSON := fl.Bool("json", false, "print version, commit, Go version and each provider's spec versions as JSON")
	if err := parse(fl, args, stderr); err != nil {
		return parseExit(err)
	}
	if fl.NArg() > 0 {
		fmt.Fprintf(stderr, "conform version: unexpected arguments %v\n", fl.Args())
		return ExitUsage
	}
	info := version.Get()
	if !*asJSON {
		fmt.Fprintln(stdout, info)
		return ExitOK
	}
	out := versionReport{Info: info, Providers: map[string]providerVersions{}}
	for _, d := range providers {
		names := d.VersionNames()
		out.Providers[d.Name] = providerVersions{Default: names[0], Versions: names}
	}
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		fmt.Fprintf(stderr, "conform version: %v\n", err)
		return ExitFailed
	}
	return ExitOK
}
