package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/conformhq/conform/internal/attest"
	"github.com/conformhq/conform/internal/runner"
	"github.com/conformhq/conform/reports"
)

// shardUsage is the --shard flag's help, for `conform run`.
const shardUsage = "run the k-th of n parts of the selected scenarios (e.g. 2/3), on one CI runner each; scenarios that must run in one process stay together; `conform merge` joins the parts' report folders into one run's reports (docs/sharding.md)"

// shardFlag is `conform run --shard k/n`.
type shardFlag struct{ s runner.Shard }

func (f *shardFlag) String() string {
	if f.s.Count == 0 {
		return ""
	}
	return f.s.String()
}

func (f *shardFlag) Set(v string) error {
	s, err := runner.ParseShard(v)
	if err != nil {
		return runner.ErrBadShard
	}
	f.s = s
	return nil
}

// merge joins the report folders of a sharded run's shards (each written
// by `conform run --shard k/n`, with its run.json) into the four reports
// of the whole run, scored and certified as one unsharded run would be,
// and signs them with --attest as `run --attest` does.
func merge(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fl := newFlagSet("conform merge")
	reportDir := fl.String("report-dir", "conform-report", "where the merged reports are written (not one of the shards' folders)")
	requireCoverage := fl.String("require-coverage", "", "certify only a merged run that checks at least this share of the documented codes, e.g. 90% (exit 1 below it); default: the shards' own --require-coverage")
	attestKey := fl.String("attest", "", "sign the merged reports and the feature files with this ed25519 private key (conform keygen)")
	allowEmpty := fl.Bool("allow-empty", false, "exit 0 even when no scenario passed or failed (all not applicable)")
	dirs, err := parseArgs(fl, args, stderr)
	if err != nil {
		return parseExit(err)
	}
	if len(dirs) == 0 {
		fmt.Fprintf(stderr, "conform merge: usage: conform merge [--report-dir OUT] [--require-coverage P] [--attest KEY] SHARD_DIR...\n(the report folders of `conform run --shard k/n`, one per shard)\n")
		return ExitUsage
	}
	required, err := parseShare(*requireCoverage)
	if err != nil {
		fmt.Fprintf(stderr, "conform merge: --require-coverage: %v\n", err)
		return ExitUsage
	}
	var attestPEM []byte
	if *attestKey != "" {
		if attestPEM, err = os.ReadFile(*attestKey); err != nil {
			fmt.Fprintf(stderr, "conform merge: --attest: %v\n", err)
			return ExitUsage
		}
		if err := attest.CheckPrivate(attestPEM); err != nil {
			fmt.Fprintf(stderr, "conform merge: --attest %s: %v\n", *attestKey, err)
			return ExitUsage
		}
	}
	out, _ := filepath.Abs(*reportDir)
	runs := make([]*reports.Run, len(dirs))
	for i, dir := range dirs {
		if abs, _ := filepath.Abs(dir); abs == out {
			fmt.Fprintf(stderr, "conform merge: --report-dir %s is a shard's folder: the merged reports would replace its own; give another\n", *reportDir)
			return ExitUsage
		}
		if runs[i], err = reports.ReadRun(dir); err != nil {
			fmt.Fprintf(stderr, "conform merge: %v\n", err)
			return ExitUsage
		}
	}
	merged, err := runner.Merge(dirs, runs)
	if err != nil {
		fmt.Fprintf(stderr, "conform merge: %v\n", err)
		return ExitUsage
	}
	if required > 0 {
		merged.RequireCoverage = required
		merged.Provenance.Options["require-coverage"] = fmt.Sprint(required)
	}
	if err := reports.WriteAll(*reportDir, merged); err != nil {
		fmt.Fprintf(stderr, "conform merge: writing reports: %v\n", err)
		return ExitUsage
	}
	if attestPEM != nil {
		if err := attest.Sign(ctx, attestPEM, *reportDir, merged.FeatureFiles); err != nil {
			fmt.Fprintf(stderr, "conform merge: %v\n", err)
			return ExitUsage
		}
	}
	res := &runner.Result{Control: merged.Control, Run: merged, Scenarios: reports.CountScenarios(merged), Codes: reports.CountCodes(reports.Coverage(merged))}
	res.Certification = reports.Certify(merged, res.Codes)
	st := style{colour: isTerminal(stdout) && os.Getenv("NO_COLOR") == ""}
	fmt.Fprintf(stdout, "merged %d shards\n", len(runs))
	printSummary(stdout, st, res, *reportDir)
	if attestPEM != nil {
		fmt.Fprintf(stdout, "attestation: %s (check it: conform verify --key KEY.pub %s)\n", filepath.Join(*reportDir, attest.File), *reportDir)
	}
	return mergeExit(res, *allowEmpty, stderr)
}

// mergeExit is the merged run's exit code, as `conform run` would have
// exited after the whole run.
func mergeExit(res *runner.Result, allowEmpty bool, stderr io.Writer) int {
	t := res.Scenarios
	switch {
	case res.Run.Interrupted != "":
		fmt.Fprintf(stderr, "conform merge: INTERRUPTED: %s; the reports are marked so\n", res.Run.Interrupted)
		if t.Failed > 0 {
			return ExitFailed
		}
		return ExitUsage
	case t.Failed > 0 || res.Certification != nil && !res.Certification.Certified:
		return ExitFailed
	case t.Passed == 0 && !allowEmpty:
		fmt.Fprintf(stderr, "conform merge: nothing ran: none of %s passed or failed (%d not applicable, %d in error)%s; --allow-empty accepts such a run\n",
			count(t.Scenarios, "scenario"), t.NotApplicable, t.Errored, nothingRanReasons(res.Run))
		return ExitUsage
	case t.Errored > 0:
		return ExitUsage
	}
	return ExitOK
}
