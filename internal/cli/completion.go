package cli

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"regexp"
	"strings"

	"github.com/conformhq/conform/internal/provider"
)

// command is one subcommand as completion offers it.
type command struct {
	name, summary string
}

// commands lists the subcommands completion offers, in usage order.
func commands() []command {
	return []command{
		{"serve", "run the simulator"},
		{"run", "run the conformance suite"},
		{"merge", "join the report folders of a sharded run"},
		{"coverage", "check every documented status and code has a scenario"},
		{"keygen", "make a signing key pair"},
		{"verify", "verify a signed report directory"},
		{"version", "print the build's version"},
		{"healthcheck", "check a running simulator's health endpoint"},
		{"completion", "print a shell completion script (bash, zsh, fish)"},
		{"help", "print the usage"},
	}
}

// cmdFlag is one flag of a subcommand.
type cmdFlag struct {
	name, usage string
}

// flagLine matches the lines flag.PrintDefaults starts a flag with.
var flagLine = regexp.MustCompile(`^  -([A-Za-z0-9][-A-Za-z0-9_.]*)`)

// flagsOf asks a subcommand for its flags by running it with -h, so that
// completion follows the flags each command defines without a second list
// to keep in step.
func flagsOf(ctx context.Context, providers provider.List, name string) []cmdFlag {
	if name == "help" || name == "completion" {
		return nil
	}
	var usage bytes.Buffer
	MainContext(ctx, providers, []string{name, "-h"}, io.Discard, &usage)
	var out []cmdFlag
	for line := range strings.SplitSeq(usage.String(), "\n") {
		if m := flagLine.FindStringSubmatch(line); m != nil {
			out = append(out, cmdFlag{name: m[1]})
			continue
		}
		if u, ok := strings.CutPrefix(line, "    \t"); ok && len(out) > 0 {
			last := &out[len(out)-1]
			last.usage = strings.TrimSpace(last.usage + " " + u)
		}
	}
	return out
}

// completion prints a completion script for bash, zsh or fish.
func completion(ctx context.Context, providers provider.List, args []string, stdout, stderr io.Writer) int {
	const use = "usage: conform completion bash|zsh|fish\n" +
		"  bash: source <(conform completion bash)\n" +
		"  zsh:  source <(conform completion zsh)   (or save it as _conform in $fpath)\n" +
		"  fish: conform completion fish | source\n"
	if len(args) == 1 && (args[0] == "-h" || args[0] == "--help") {
		fmt.Fprint(stdout, use)
		return ExitOK
	}
	if len(args) != 1 {
		fmt.Fprintf(stderr, "conform completion: %s", use)
		return ExitUsage
	}
	flags := map[string][]cmdFlag{}
	for _, c := range commands() {
		flags[c.name] = flagsOf(ctx, providers, c.name)
	}
	var script string
	switch args[0] {
	case "bash":
		script = bashScript(flags)
	case "zsh":
		script = zshScript(flags)
	case "fish":
		script = fishScript(flags)
	default:
		fmt.Fprintf(stderr, "conform completion: no completion for the shell %q\n%s", args[0], use)
		return ExitUsage
	}
	fmt.Fprint(stdout, script)
	return ExitOK
}

// shells are the shells completion writes scripts for.
const shells = "bash zsh fish"

func bashScript(flags map[string][]cmdFlag) string {
	var b strings.Builder
	b.WriteString("# bash completion for conform: source <(conform completion bash)\n")
	b.WriteString("_conform() {\n")
	b.WriteString("  local cur=\"${COMP_WORDS[COMP_CWORD]}\" opts=\"\"\n")
	b.WriteString("  if [ \"$COMP_CWORD\" -eq 1 ]; then\n")
	fmt.Fprintf(&b, "    COMPREPLY=( $(compgen -W %q -- \"$cur\") )\n    return 0\n  fi\n", names())
	b.WriteString("  case \"${COMP_WORDS[1]}\" in\n")
	for _, c := range commands() {
		var words []string
		for _, f := range flags[c.name] {
			words = append(words, "--"+f.name)
		}
		if c.name == "completion" {
			words = strings.Fields(shells)
		}
		if len(words) > 0 {
			fmt.Fprintf(&b, "    %s) opts=%q ;;\n", c.name, strings.Join(words, " "))
		}
	}
	b.WriteString("  esac\n")
	b.WriteString("  if [[ \"$cur\" == -* || \"${COMP_WORDS[1]}\" == completion ]]; then\n")
	b.WriteString("    COMPREPLY=( $(compgen -W \"$opts\" -- \"$cur\") )\n")
	b.WriteString("  fi\n")
	b.WriteString("  return 0\n}\n")
	// -o default: values of flags (files, folders) complete as paths.
	b.WriteString("complete -o default -F _conform conform\n")
	return b.String()
}

func zshScript(flags map[string][]cmdFlag) string {
	var b strings.Builder
	b.WriteString("#compdef conform\n# zsh completion for conform: source <(conform completion zsh), or save as _conform in $fpath\n")
	b.WriteString("_conform() {\n  local -a commands\n  commands=(\n")
	for _, c := range commands() {
		fmt.Fprintf(&b, "    '%s:%s'\n", c.name, zshQuote(c.summary))
	}
	b.WriteString("  )\n  if (( CURRENT == 2 )); then\n    _describe 'command' commands\n    return\n  fi\n")
	b.WriteString("  case $words[2] in\n")
	for _, c := range commands() {
		if c.name == "completion" {
			fmt.Fprintf(&b, "    completion) _values 'shell' %s ;;\n", shells)
			continue
		}
		if len(flags[c.name]) == 0 {
			continue
		}
		fmt.Fprintf(&b, "    %s) _arguments", c.name)
		for _, f := range flags[c.name] {
			fmt.Fprintf(&b, " \\\n      '--%s[%s]'", f.name, zshQuote(f.usage))
		}
		b.WriteString(" \\\n      '*:file:_files' ;;\n")
	}
	b.WriteString("    *) _files ;;\n  esac\n}\n")
	// Loaded from $fpath, the file is the function's body; sourced, it
	// registers the function.
	b.WriteString("if [ \"$funcstack[1]\" = \"_conform\" ]; then\n  _conform \"$@\"\nelse\n  compdef _conform conform\nfi\n")
	return b.String()
}

func fishScript(flags map[string][]cmdFlag) string {
	var b strings.Builder
	b.WriteString("# fish completion for conform: conform completion fish | source\n")
	for _, c := range commands() {
		fmt.Fprintf(&b, "complete -c conform -n __fish_use_subcommand -f -a %s -d '%s'\n", c.name, fishQuote(c.summary))
	}
	for _, c := range commands() {
		if c.name == "completion" {
			fmt.Fprintf(&b, "complete -c conform -n '__fish_seen_subcommand_from completion' -f -a '%s'\n", shells)
		}
		for _, f := range flags[c.name] {
			fmt.Fprintf(&b, "complete -c conform -n '__fish_seen_subcommand_from %s' -l %s -d '%s'\n", c.name, f.name, fishQuote(f.usage))
		}
	}
	return b.String()
}

// names are the subcommands, space-separated.
func names() string {
	var out []string
	for _, c := range commands() {
		out = append(out, c.name)
	}
	return strings.Join(out, " ")
}

// zshQuote makes text safe inside a single-quoted _arguments description:
// brackets and colons end the description, a quote ends the word.
func zshQuote(s string) string {
	return strings.NewReplacer("'", "", "[", "(", "]", ")", ":", " -", "`", "", "$", "").Replace(shorten(s))
}

// fishQuote makes text safe inside a single-quoted fish word.
func fishQuote(s string) string {
	return strings.NewReplacer(`\`, `\\`, "'", `\'`).Replace(shorten(s))
}

// shorten keeps a description to its first clause and 70 characters: a
// completion menu shows one line per choice.
func shorten(s string) string {
	if i := strings.IndexAny(s, ";("); i > 0 {
		s = strings.TrimSpace(s[:i])
	}
	if r := []rune(s); len(r) > 70 {
		s = string(r[:69]) + "…"
	}
	return s
}
