// Package cli is the conform command line: `conform serve`, `conform run`
// and `conform coverage`. It parses flags and prints; the run itself is
// internal/runner's. main only calls Main with the providers conform is
// built with, so tests drive the whole command through it, with the same
// providers or others.
package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/conformhq/conform/internal/provider"
	"github.com/conformhq/conform/internal/suggest"
)

// Exit codes shared by every command.
const (
	ExitOK      = 0
	ExitFailed  = 1   // a scenario failed, or coverage found gaps
	ExitUsage   = 2   // bad usage, bad config, unreachable target, a run past its deadline
	ExitSignal  = 130 // a run stopped by SIGINT or SIGTERM: no verdict
	usageHeader = `conform: a conformance harness and simulator for the Fliqa, Weavr and Fiskil APIs

Usage:
  conform serve    [--addr 127.0.0.1:8080] [--fixtures FILE] [--seed N] [--log-format text|json]
  conform run      [--target URL | --image IMAGE] [--config FILE] [--provider P[,P]] [--tags EXPR]
                   [--concurrency N] [--timeout D] [--report-dir DIR] [--rerun-failed DIR]
                   [--shard K/N] [FILE.feature[:LINE]...]
  conform merge    [--report-dir OUT] [--require-coverage P] [--attest KEY] SHARD_DIR...
  conform coverage [--features DIR]
  conform keygen   [--out PREFIX]
  conform verify   --key KEY.pub [--features DIR] REPORT_DIR
  conform version  [--json]
  conform healthcheck [--url http://127.0.0.1:8080/healthz]
  conform completion bash|zsh|fish

Run "conform <command> -h" for a command's flags.
Exit codes: 0 success; 1 a scenario failed (run) or a documented code is uncovered (coverage);
2 bad usage, bad config or fixtures, unreachable target.
`
)

// Main runs the command line args (without the program name) and returns
// the exit code. SIGINT and SIGTERM cancel ctx-bound work.
func Main(providers provider.List, args []string, stdout, stderr io.Writer) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return MainContext(ctx, providers, args, stdout, stderr)
}

// MainContext is Main with a context that stops `serve` and `run`.
func MainContext(ctx context.Context, providers provider.List, args []string, stdout, stderr io.Writer) int {
	if err := providers.Check(); err != nil {
		fmt.Fprintf(stderr, "conform: %v\n", err)
		return ExitUsage
	}
	if len(args) == 0 {
		fmt.Fprint(stderr, usageHeader)
		return ExitUsage
	}
	switch args[0] {
	case "serve":
		return serve(ctx, providers, args[1:], stdout, stderr)
	case "run":
		return run(ctx, providers, args[1:], stdout, stderr)
	case "coverage":
		return coverage(providers, args[1:], stdout, stderr)
	case "merge":
		return merge(ctx, args[1:], stdout, stderr)
	case "keygen":
		return keygen(args[1:], stdout, stderr)
	case "verify":
		return verify(ctx, providers, args[1:], stdout, stderr)
	case "version", "--version", "-version":
		return versionCmd(providers, args[1:], stdout, stderr)
	case "healthcheck":
		return healthcheck(ctx, args[1:], stdout, stderr)
	case "completion":
		return completion(ctx, providers, args[1:], stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usageHeader)
		return ExitOK
	}
	if near := suggest.Closest(args[0], commandNames()); near != "" {
		fmt.Fprintf(stderr, "conform: unknown command %q; did you mean %s?\n(conform help lists the commands)\n", args[0], near)
		return ExitUsage
	}
	fmt.Fprintf(stderr, "conform: unknown command %q\n\n%s", args[0], usageHeader)
	return ExitUsage
}

// commandNames are the commands the usage lists ("  conform NAME …"), so
// that a command added to the usage is suggested without another list.
func commandNames() []string {
	var out []string
	for _, line := range strings.Split(usageHeader, "\n") {
		if rest, ok := strings.CutPrefix(line, "  conform "); ok {
			if f := strings.Fields(rest); len(f) > 0 {
				out = append(out, f[0])
			}
		}
	}
	return out
}
