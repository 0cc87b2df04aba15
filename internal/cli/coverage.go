package cli

import (
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"

	"github.com/conformhq/conform/features"
	"github.com/conformhq/conform/internal/runner"
	"github.com/conformhq/conform/specs"
	"github.com/conformhq/conform/specs/oas"
)

// coverage lists every documented code no scenario covers, reading only the
// specs and the feature files' tags.
func coverage(args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("conform coverage", flag.ContinueOnError)
	fl.SetOutput(stderr)
	featuresDir := fl.String("features", "", "a folder of feature files to check instead of the built-in ones")
	if err := fl.Parse(args); err != nil {
		return ExitUsage
	}
	var featFS fs.FS = features.FS
	if *featuresDir != "" {
		featFS = os.DirFS(*featuresDir)
	}
	all := map[string]*oas.Spec{}
	for _, p := range specs.Providers {
		s, err := oas.Load(p)
		if err != nil {
			fmt.Fprintf(stderr, "conform coverage: %v\n", err)
			return ExitUsage
		}
		all[p] = s
	}
	gaps, err := runner.Coverage(all, featFS)
	if err != nil {
		fmt.Fprintf(stderr, "conform coverage: %v\n", err)
		return ExitUsage
	}
	for _, g := range gaps {
		fmt.Fprintf(stdout, "not covered: %s\n", g)
	}
	if len(gaps) > 0 {
		fmt.Fprintf(stdout, "%d documented codes have no scenario\n", len(gaps))
		return ExitFailed
	}
	fmt.Fprintln(stdout, "every documented code is covered by a scenario")
	return ExitOK
}
