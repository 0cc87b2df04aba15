// Package toolmain is the command side of conform's measuring tools
// (internal/load, internal/soak), which its cmd runs by name (`go run
// ./internal/toolmain/cmd load`, make load and make soak): their flags read
// from their Config's fields, the parsing, the error printed under the
// tool's name and the exit code. A tool is then its Config and its Run.
package toolmain

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"reflect"
	"strings"
	"time"
)

// Exit codes of a tool.
const (
	// ExitOK: the run went and passed.
	ExitOK = 0
	// ExitFailed: the run went and a check failed.
	ExitFailed = 1
	// ExitError: bad flags, or a run that could not go.
	ExitError = 2
)

// Flags declares on fs one flag per field of the struct cfg points to that
// has a `flag:"name"` tag, its usage the field's `usage` tag and its
// default the field's value. Fields may be int, uint64, float64 or
// time.Duration; any other kind is an error, found by the tool's first run.
func Flags(fs *flag.FlagSet, cfg any) error {
	v := reflect.ValueOf(cfg)
	if v.Kind() != reflect.Pointer || v.Elem().Kind() != reflect.Struct {
		return fmt.Errorf("toolmain: flags of a %T, not of a pointer to a struct", cfg)
	}
	v = v.Elem()
	for i := range v.NumField() {
		f := v.Type().Field(i)
		name := f.Tag.Get("flag")
		if name == "" {
			continue
		}
		usage := f.Tag.Get("usage")
		switch p := v.Field(i).Addr().Interface().(type) {
		case *time.Duration:
			fs.DurationVar(p, name, *p, usage)
		case *int:
			fs.IntVar(p, name, *p, usage)
		case *uint64:
			fs.Uint64Var(p, name, *p, usage)
		case *float64:
			fs.Float64Var(p, name, *p, usage)
		default:
			return fmt.Errorf("toolmain: flag %s: a field of type %s", name, f.Type)
		}
	}
	return nil
}

// Tool is one measuring tool.
type Tool struct {
	// Name is how the command's first argument chooses it.
	Name string
	// Config points to the tool's Config, filled with its defaults; its
	// tagged fields are its flags.
	Config any
	// Run runs the tool with its Config and says whether it passed.
	Run func() (passed bool, err error)
}

// Select runs the tool args[0] names with the rest of args as its flags,
// and returns the exit code; no name, or an unknown one, is an error that
// lists the tools.
func Select(args []string, stderr io.Writer, tools []Tool) int {
	var names []string
	for _, t := range tools {
		names = append(names, t.Name)
		if len(args) > 0 && args[0] == t.Name {
			return Main(t.Name, args[1:], stderr, t.Config, t.Run)
		}
	}
	fmt.Fprintf(stderr, "usage: TOOL [flags], TOOL one of: %s\n", strings.Join(names, ", "))
	return ExitError
}

// Main runs a tool: it parses args into cfg's flags (Flags), then calls
// run, which says whether the run passed. An error (bad flags, a run that
// could not go) is printed to stderr under the tool's name. It returns the
// exit code.
func Main(name string, args []string, stderr io.Writer, cfg any, run func() (passed bool, err error)) int {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	if err := Flags(fs, cfg); err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", name, err)
		return ExitError
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return ExitOK
		}
		return ExitError
	}
	passed, err := run()
	switch {
	case err != nil:
		fmt.Fprintf(stderr, "%s: %v\n", name, err)
		return ExitError
	case !passed:
		return ExitFailed
	}
	return ExitOK
}
