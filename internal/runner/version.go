package runner

import (
	"runtime/debug"
)

// Version names the build: the module's version (a tagged release, or
// "(devel)") and, when the build knows it, the commit and whether the work
// tree had changes.
func Version() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "conform (unknown build)"
	}
	v := "conform " + info.Main.Version
	var rev, modified string
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				modified = "+modified"
			}
		}
	}
	if rev != "" {
		v += " (commit " + rev + modified + ")"
	}
	return v + " " + info.GoVersion
}
