package version

import (
	"runtime/debug"
	"testing"
)

// TestFrom: each kind of build names itself — a make build by its stamp, a
// go install by its module version, a go build in a clean or changed work
// tree by its commit, anything else (devel).
func TestFrom(t *testing.T) {
	const commit = "0123456789abcdef0123456789abcdef01234567"
	vcs := func(modified string) []debug.BuildSetting {
		return []debug.BuildSetting{{Key: "vcs.revision", Value: commit}, {Key: "vcs.modified", Value: modified}}
	}
	tests := []struct {
		name  string
		stamp string
		info  *debug.BuildInfo
		want  Info
	}{
		{"no build information", "", nil, Info{Version: Devel}},
		{"go run: nothing known", "", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "(devel)"}},
			Info{Version: Devel, GoVersion: "go1.26.8"}},
		{"go install module@version", "", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "v1.4.0"}},
			Info{Version: "v1.4.0", GoVersion: "go1.26.8"}},
		{"go build, clean tree, devel module version", "", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "(devel)"}, Settings: vcs("false")},
			Info{Version: "0123456", Commit: commit, GoVersion: "go1.26.8"}},
		{"go build, changed tree", "", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "(devel)"}, Settings: vcs("true")},
			Info{Version: "0123456-dirty", Commit: commit, Modified: true, GoVersion: "go1.26.8"}},
		{"go build, pseudo-version kept", "", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "v0.0.0-20261207215727-0123456789ab"}, Settings: vcs("false")},
			Info{Version: "v0.0.0-20261207215727-0123456789ab", Commit: commit, GoVersion: "go1.26.8"}},
		{"make: the stamp wins", "v1.4.0-3-g0123456", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "(devel)"}, Settings: vcs("false")},
			Info{Version: "v1.4.0-3-g0123456", Commit: commit, GoVersion: "go1.26.8"}},
		{"make, dirty stamp", "0123456-dirty", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "(devel)"}},
			Info{Version: "0123456-dirty", Modified: true, GoVersion: "go1.26.8"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := from(tc.stamp, tc.info); got != tc.want {
				t.Errorf("from(%q) = %+v, want %+v", tc.stamp, got, tc.want)
			}
		})
	}
}

// TestString: the one line names version, commit and toolchain.
func TestString(t *testing.T) {
	tests := []struct {
		name string
		info Info
		want string
	}{
		{"devel", Info{Version: Devel, GoVersion: "go1.26.8"}, "conform (devel) go1.26.8"},
		{"commit", Info{Version: "v1.0.0", Commit: "abc", GoVersion: "go1.26.8"}, "conform v1.0.0 (commit abc) go1.26.8"},
		{"modified", Info{Version: "abc-dirty", Commit: "abc", Modified: true, GoVersion: "go1.26.8"}, "conform abc-dirty (commit abc+modified) go1.26.8"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.info.String(); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}
