// Package version says which build of conform is running: the version
// `make` stamps (git describe), else the module version `go install`
// records, else the commit `go build` records from a git work tree.
package version

import (
	"runtime/debug"
	"strings"
)

// stamped is set by the linker (make: -ldflags "-X
// github.com/conformhq/conform/internal/version.stamped=$(git describe
// --tags --always --dirty)"). It is the package's only variable, and only
// because -X can set nothing but a package-level string; nothing assigns it
// at run time.
var stamped string

// Devel is the version of a build that knows neither a stamp, nor a module
// version, nor a commit.
const Devel = "(devel)"

// Info describes a build.
type Info struct {
	// Version is the release (v1.2.3), git describe's answer
	// (v1.2.3-4-gabcdef0-dirty, or a bare commit before the first tag), or
	// Devel.
	Version string `json:"version"`
	// Commit is the full commit hash, when the build recorded it.
	Commit string `json:"commit,omitempty"`
	// Modified says the work tree had uncommitted changes at build time.
	Modified bool `json:"modified,omitempty"`
	// GoVersion is the toolchain that built the binary.
	GoVersion string `json:"go"`
}

// Get describes the running binary.
func Get() Info {
	info, _ := debug.ReadBuildInfo()
	return from(stamped, info)
}

// from decides an Info from a linker stamp and the build information, so
// that tests can feed it each kind of build.
func from(stamp string, info *debug.BuildInfo) Info {
	out := Info{Version: Devel}
	if info != nil {
		out.GoVersion = info.GoVersion
		// `go install module@v1.2.3` records the module's version; a build
		// in the work tree records "(devel)" or, since Go 1.24, a
		// pseudo-version derived from the commit.
		if v := info.Main.Version; v != "" {
			out.Version = v
		}
		for _, s := range info.Settings {
			switch s.Key {
			case "vcs.revision":
				out.Commit = s.Value
			case "vcs.modified":
				out.Modified = s.Value == "true"
			}
		}
	}
	switch {
	case stamp != "":
		out.Version = stamp
		// git describe says -dirty itself; a stamp without it was made
		// from a clean tree even if go build saw files git ignores.
		out.Modified = strings.HasSuffix(stamp, "-dirty")
	case out.Version == Devel && out.Commit != "":
		out.Version = short(out.Commit)
		if out.Modified {
			out.Version += "-dirty"
		}
	}
	return out
}

// short is a commit hash cut to git's usual seven characters.
func short(commit string) string {
	if len(commit) > 7 {
		return commit[:7]
	}
	return commit
}

// String is the one line `conform version` prints: "conform VERSION
// (commit C) GO".
func (i Info) String() string {
	s := "conform " + i.Version
	if i.Commit != "" {
		s += " (commit " + i.Commit
		if i.Modified {
			s += "+modified"
		}
		s += ")"
	}
	if i.GoVersion != "" {
		s += " " + i.GoVersion
	}
	return s
}
