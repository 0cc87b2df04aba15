package runner

import "github.com/conformhq/conform/internal/version"

// Version names the build (internal/version): the version make stamps or
// go install records, the commit, whether the work tree had changes, and
// the toolchain.
func Version() string { return version.Get().String() }
