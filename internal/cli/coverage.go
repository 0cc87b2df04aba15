package cli

import (
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"

	"github.com/conformhq/conform/internal/provider"
	"github.com/conformhq/conform/internal/runner"
)

// coverage lists every documented code no scenario covers, reading only the
// specs and the feature files' tags.
func coverage(providers provider.List, args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("conform coverage", flag.ContinueOnError)
	fl.SetOutput(stderr)
	featuresDir := fl.String("features", "", "a folder of feature files to check instead of the built-in ones")
	if err := parse(fl, args, stderr); err != nil {
		return parseExit(err)
	}
	var tree fs.FS
	if *featuresDir != "" {
		if st, err := os.Stat(*featuresDir); err != nil || !st.IsDir() {
			fmt.Fprintf(stderr, "conform coverage: --features %s is not a folder\n", *featuresDir)
			return ExitUsage
		}
		tree = os.DirFS(*featuresDir)
	}
	gaps, err := runner.Coverage(providers, tree)
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
