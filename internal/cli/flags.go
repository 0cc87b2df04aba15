package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
)

// parse parses a command's flags. On a mistake it prints the one line that
// says what is wrong, with the closest flag when one is near, instead of
// the whole usage; -h prints the usage.
func parse(fl *flag.FlagSet, args []string, stderr io.Writer) error {
	fl.SetOutput(io.Discard)
	err := fl.Parse(args)
	fl.SetOutput(stderr)
	switch {
	case err == nil:
		return nil
	case errors.Is(err, flag.ErrHelp):
		fmt.Fprintf(stderr, "Usage of %s:\n", fl.Name())
		fl.PrintDefaults()
		return err
	}
	msg := fmt.Sprintf("%s: %v", fl.Name(), err)
	if name, ok := strings.CutPrefix(err.Error(), "flag provided but not defined: -"); ok {
		if near := closest(fl, name); near != "" {
			msg += fmt.Sprintf("; did you mean --%s?", near)
		}
	}
	fmt.Fprintf(stderr, "%s\n(%s -h lists the flags)\n", msg, fl.Name())
	return err
}

// newFlagSet is a command's flag set; parse reports its errors.
func newFlagSet(name string) *flag.FlagSet { return flag.NewFlagSet(name, flag.ContinueOnError) }

// parseExit is the exit code of a parse error: 0 for -h, which asked for
// the usage, else ExitUsage.
func parseExit(err error) int {
	if errors.Is(err, flag.ErrHelp) {
		return ExitOK
	}
	return ExitUsage
}

// closest is the defined flag nearest to name, within two edits, or "".
func closest(fl *flag.FlagSet, name string) string {
	best, bestD := "", 3
	fl.VisitAll(func(f *flag.Flag) {
		if d := distance(name, f.Name); d < bestD {
			best, bestD = f.Name, d
		}
	})
	return best
}

// distance is the Levenshtein distance between a and b.
func distance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
