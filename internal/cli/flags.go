package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/conformhq/conform/internal/suggest"
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
	if d := durationMistake(fl, err); d != "" {
		msg = fmt.Sprintf("%s: %s", fl.Name(), d)
	}
	fmt.Fprintf(stderr, "%s\n(%s -h lists the flags)\n", msg, fl.Name())
	return err
}

// badValue is the flag package's message for a value it could not read.
var badValue = regexp.MustCompile(`^invalid value "(.*)" for flag -([^:]+): `)

// durationMistake says what a duration flag wants when its value is not
// one ("10" → "10s"), or "" when err is about something else.
func durationMistake(fl *flag.FlagSet, err error) string {
	m := badValue.FindStringSubmatch(err.Error())
	if m == nil {
		return ""
	}
	f := fl.Lookup(m[2])
	if f == nil {
		return ""
	}
	g, ok := f.Value.(flag.Getter)
	if !ok {
		return ""
	}
	if _, isDuration := g.Get().(time.Duration); !isDuration {
		return ""
	}
	example := "10s"
	if _, err := strconv.ParseFloat(m[1], 64); err == nil {
		example = m[1] + "s"
	}
	return fmt.Sprintf("--%s %q is not a duration: give it with its unit, e.g. %s (ms, s, m, h: 500ms, 1m30s)", m[2], m[1], example)
}

// parseArgs parses a command's flags wherever they are among its
// positional arguments (`conform run weavr/logout.feature:11 --tags
// @smoke`), and returns the positional ones; after `--` every argument is
// positional.
func parseArgs(fl *flag.FlagSet, args []string, stderr io.Writer) ([]string, error) {
	var positional []string
	for {
		if err := parse(fl, args, stderr); err != nil {
			return nil, err
		}
		rest := fl.Args()
		if len(rest) == 0 {
			return positional, nil
		}
		if n := len(args) - len(rest); n > 0 && args[n-1] == "--" {
			return append(positional, rest...), nil
		}
		positional = append(positional, rest[0])
		args = rest[1:]
	}
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
		if d := suggest.Distance(name, f.Name); d < bestD {
			best, bestD = f.Name, d
		}
	})
	return best
}
