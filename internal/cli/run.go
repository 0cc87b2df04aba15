package cli

import (
	"cmp"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/conformhq/conform/internal/attest"
	"github.com/conformhq/conform/internal/container"
	"github.com/conformhq/conform/internal/provider"
	"github.com/conformhq/conform/internal/runner"
	"github.com/conformhq/conform/reports"
)

func run(ctx context.Context, providers provider.List, args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("conform run", flag.ContinueOnError)
	fl.SetOutput(stderr)
	target := fl.String("target", "", "root URL of the deployment to test (default: the built-in simulator, in-process)")
	configFile := fl.String("config", "", "YAML config: base URLs, credentials, fixtures (see docs/config.md); default: conform.yaml in the working folder when there is one; --config '' uses none")
	only := fl.String("provider", "", "run only these providers (comma-separated: "+strings.Join(providers.Names(), ",")+")")
	tags := fl.String("tags", "", "Cucumber tag expression, e.g. '@weavr and not (@status:429 or @needs-control)'")
	rerunFailed := fl.String("rerun-failed", "", "run the scenarios that failed (FAIL or ERROR) in the run whose reports are in this folder (its --report-dir)")
	concurrency := fl.Int("concurrency", 0, "scenarios in flight at once (default: 64 against a target with conform's control API, 4 in-process or without it)")
	timeout := fl.Duration("timeout", 10*time.Second, "timeout of each request")
	reportDir := fl.String("report-dir", "conform-report", "where the reports are written")
	featuresDir := fl.String("features", "", "a folder of feature files to run instead of the built-in ones")
	image := fl.String("image", "", "start this container image (it must be in the local Docker engine) and run against it")
	imagePort := fl.String("image-port", "8080", "the container port the image's HTTP API listens on")
	imageReady := fl.String("image-ready-path", "/", "path polled until the container answers HTTP")
	controlToken := fl.String("control-token", "", "the token of a conform serve listening beyond loopback (or controlToken in the config; $CONFORM_CONTROL_TOKEN)")
	attestKey := fl.String("attest", "", "sign the reports and feature files with this ed25519 private key (conform keygen): an in-toto attestation in a DSSE envelope")
	maxFailures := fl.Int("max-failures", 0, "stop the run after N failed scenarios (0: never)")
	failFast := fl.Bool("fail-fast", false, "stop the run at the first failed scenario (--max-failures 1)")
	retries := fl.Int("retries", 0, "send a request that got no answer again, up to N times, when that cannot make the target act twice: an idempotent one, or one that never had a connection (which is always tried twice)")
	maxTransport := fl.Int("max-transport-errors", 10, "stop the run (exit 2) after N requests in a row got no answer; 0 never stops")
	maxWait := fl.Duration("max-wait", 0, "without the control API, let a scenario wait for real up to this long in all (e.g. 35m) for its clock steps; waits run concurrently (or maxWait in the config; default: no waiting)")
	deadline := fl.Duration("deadline", 0, "bound the whole run (e.g. 30m); past it the run stops, reported interrupted, exit 2")
	requireCoverage := fl.String("require-coverage", "", "certify only a run that checks at least this share of the documented codes, e.g. 90% (exit 1 below it)")
	listNeeds := fl.Bool("list-needs", false, "run nothing and send no request: print what the target offers and lacks of what the scenarios need (clock, faults, OTPs, fixtures…), with the config key or flag that would provide it, the scenarios each lack keeps out and the documented codes left checkable")
	allowEmpty := fl.Bool("allow-empty", false, "exit 0 even when no scenario passed or failed (all not applicable): by default such a run exits 2, \"nothing ran\"")
	caCert := fl.String("cacert", "", "a PEM file of CA certificates to trust, beside the system's, for a target with a private CA (or cacert in the config; SSL_CERT_FILE replaces the system's)")
	var maxRecorded sizeFlag
	fl.Var(&maxRecorded, "max-recorded", "keep at most this much of each response body and of its headers in memory and in the reports, with the whole body's size and SHA-256 (e.g. 64KiB, 1MiB; default 64KiB); bodies are judged whole all the same")
	strict := fl.Bool("strict", false, "fail the scenarios that pass with warnings (answers the reference allows but does not show)")
	var specs specFlag
	fl.Var(&specs, "spec", "PROVIDER=VERSION: the version under test (e.g. weavr=3.32; repeatable or comma-separated; default: each provider's current, weavr 3.63)")
	format := fl.String("format", formatAuto, "auto (github on GitHub Actions, else plain), plain, or github: annotations per failing scenario and a job summary in $GITHUB_STEP_SUMMARY")
	progress := fl.String("progress", "auto", "auto (a live line on a terminal, a line per feature file elsewhere), line, feature or none")
	var shard shardFlag
	fl.Var(&shard, "shard", shardUsage)
	var imageEnv envFlag
	fl.Var(&imageEnv, "image-env", "KEY=VALUE for the container's environment (repeatable)")
	positional, err := parseArgs(fl, args, stderr)
	if err != nil {
		return parseExit(err)
	}
	lines, err := scenarioLines(positional)
	if err != nil {
		fmt.Fprintf(stderr, "conform run: %v\n", err)
		return ExitUsage
	}
	if *rerunFailed != "" {
		failed, err := failedIn(*rerunFailed)
		if err != nil {
			fmt.Fprintf(stderr, "conform run: --rerun-failed: %v\n", err)
			return ExitUsage
		}
		if len(failed) == 0 {
			fmt.Fprintf(stdout, "nothing to rerun: no scenario failed in the run reported in %s\n", *rerunFailed)
			return ExitOK
		}
		if lines == nil {
			lines = map[string][]int{}
		}
		for uri, ls := range failed {
			lines[uri] = append(lines[uri], ls...)
		}
	}
	expr, err := runner.ParseTagExpression(*tags)
	if err != nil {
		fmt.Fprintf(stderr, "conform run: --%v\n", err)
		return ExitUsage
	}
	if expr.OldSyntax != "" {
		fmt.Fprintf(stderr, "conform run: --tags %q is godog's old syntax, still read; in Cucumber's, which conform now uses: --tags '%s'\n", *tags, expr.OldSyntax)
	}
	if !flagSet(fl, "config") {
		if st, err := os.Stat(defaultConfig); err == nil && !st.IsDir() {
			*configFile = defaultConfig
			fmt.Fprintf(stderr, "conform run: using %s (from the working folder; --config '' runs without it)\n", defaultConfig)
		}
	}
	if *concurrency < 0 || (*concurrency == 0 && flagSet(fl, "concurrency")) {
		fmt.Fprintf(stderr, "conform run: --concurrency must be at least 1\n")
		return ExitUsage
	}
	if *timeout <= 0 {
		fmt.Fprintf(stderr, "conform run: --timeout must be positive\n")
		return ExitUsage
	}
	var attestPEM []byte
	if *attestKey != "" {
		key, err := os.ReadFile(*attestKey)
		if err != nil {
			fmt.Fprintf(stderr, "conform run: --attest: %v\n", err)
			return ExitUsage
		}
		if err := attest.CheckPrivate(key); err != nil {
			fmt.Fprintf(stderr, "conform run: --attest %s: %v\n", *attestKey, err)
			return ExitUsage
		}
		attestPEM = key
	}
	if *failFast {
		*maxFailures = 1
	}
	if *maxWait < 0 {
		fmt.Fprintf(stderr, "conform run: --max-wait must not be negative\n")
		return ExitUsage
	}
	if *maxFailures < 0 {
		fmt.Fprintf(stderr, "conform run: --max-failures must not be negative\n")
		return ExitUsage
	}
	if err := checkFormat(*format); err != nil {
		fmt.Fprintf(stderr, "conform run: %v\n", err)
		return ExitUsage
	}
	required, err := parseShare(*requireCoverage)
	if err != nil {
		fmt.Fprintf(stderr, "conform run: --require-coverage: %v\n", err)
		return ExitUsage
	}
	st := style{colour: isTerminal(stdout) && os.Getenv("NO_COLOR") == ""}
	prog, endProgress, err := progressFor(*progress, stdout, st)
	if err != nil {
		fmt.Fprintf(stderr, "conform run: %v\n", err)
		return ExitUsage
	}
	plan := runner.Plan{
		Providers:          providers,
		Target:             *target,
		Config:             *configFile,
		Image:              container.Options{Image: *image, Port: *imagePort, Env: imageEnv.m, ReadyPath: *imageReady},
		Versions:           specs.m,
		Tags:               *tags,
		Strict:             *strict,
		RequireCoverage:    required,
		MaxFailures:        *maxFailures,
		Lines:              lines,
		AttestKey:          attestPEM,
		Deadline:           *deadline,
		MaxWait:            *maxWait,
		MaxWaitSet:         flagSet(fl, "max-wait"),
		ControlToken:       cmp.Or(*controlToken, os.Getenv("CONFORM_CONTROL_TOKEN")),
		Retries:            *retries,
		MaxRecorded:        maxRecorded.n,
		CACert:             *caCert,
		MaxTransportErrors: *maxTransport,
		Concurrency:        *concurrency,
		Timeout:            *timeout,
		TimeoutSet:         flagSet(fl, "timeout"),
		ReportDir:          *reportDir,
		Notes:              stdout,
		Progress:           prog,
		Shard:              shard.s,
	}
	if *only != "" {
		for _, p := range strings.Split(*only, ",") {
			plan.Only = append(plan.Only, strings.TrimSpace(strings.ToLower(p)))
		}
	}
	if *featuresDir != "" {
		if st, err := os.Stat(*featuresDir); err != nil || !st.IsDir() {
			fmt.Fprintf(stderr, "conform run: --features %s is not a folder\n", *featuresDir)
			return ExitUsage
		}
		plan.Features = os.DirFS(*featuresDir)
	}
	if *listNeeds {
		endProgress()
		rep, err := runner.ListNeeds(plan)
		if err != nil {
			fmt.Fprintf(stderr, "conform run: %v\n", err)
			return ExitUsage
		}
		printNeeds(stdout, rep)
		return ExitOK
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		// A soft limit on the harness's heap ([decided], docs/limits.md "Limits against a hostile target"):
		// the garbage of many large answers is collected before it
		// doubles the heap; the bounds on what is kept do the rest.
		debug.SetMemoryLimit(softMemoryLimit)
	}
	res, err := runner.Execute(ctx, plan)
	endProgress()
	if err != nil {
		fmt.Fprintf(stderr, "conform run: %v\n", err)
		return ExitUsage
	}
	printSummary(stdout, st, res, *reportDir)
	printCI(stdout, stderr, ciOutput{Format: *format, FeaturesDir: *featuresDir, Getenv: os.Getenv}, res.Run)
	printVerdict(stdout, st, res.Run)
	if attestPEM != nil {
		fmt.Fprintf(stdout, "attestation: %s (check it: conform verify --key KEY.pub %s)\n", filepath.Join(*reportDir, attest.File), *reportDir)
	}
	if res.Run.Interrupted != "" {
		fmt.Fprintf(stderr, "conform run: INTERRUPTED: %s; the reports are marked so\n", res.Run.Interrupted)
		switch {
		case ctx.Err() != nil:
			return ExitSignal
		case res.Scenarios.Failed > 0:
			return ExitFailed
		}
		return ExitUsage
	}
	if res.Scenarios.Failed > 0 || res.Certification != nil && !res.Certification.Certified {
		return ExitFailed
	}
	if t := res.Scenarios; t.Passed == 0 && !*allowEmpty && (res.Run.Shard == nil || t.Scenarios > 0) {
		// A run that judged nothing must not pass: every scenario was not
		// applicable (or could not be judged).
		fmt.Fprintf(stderr, "conform run: nothing ran: none of %s passed or failed (%d not applicable, %d in error)%s; --allow-empty accepts such a run\n",
			count(t.Scenarios, "scenario"), t.NotApplicable, t.Errored, nothingRanReasons(res.Run))
		return ExitUsage
	}
	if res.Scenarios.Errored > 0 {
		// No contract was broken, but not everything could be judged.
		return ExitUsage
	}
	return ExitOK
}

// softMemoryLimit is the Go heap's soft limit in a run (GOMEMLIMIT
// overrides it): 384 MiB.
const softMemoryLimit = 384 << 20

func flagSet(fl *flag.FlagSet, name string) bool {
	set := false
	fl.Visit(func(f *flag.Flag) {
		if f.Name == name {
			set = true
		}
	})
	return set
}

// printSummary lists the failures first, then what was not applicable
// (grouped by the capability the target lacks), then the totals.
func printSummary(w io.Writer, st style, res *runner.Result, dir string) {
	run, t, codes := res.Run, res.Scenarios, res.Codes
	// An interrupted run says so before anything else; then how much was
	// certified: a run that could check little must not read as a pass.
	if v := run.Verdict(); v != "" {
		fmt.Fprintf(w, "%s\n", st.fail(run.Secrets.String(v)))
	}
	fmt.Fprintf(w, "checked %d of %d documented codes (%.1f%%)", codes.Checked(), codes.Documented, codes.CheckedShare()*100)
	for _, p := range reports.CountCodesByProvider(run, reports.Coverage(run)) {
		fmt.Fprintf(w, "; %s: %d of %d", p.Provider, p.Checked, p.Codes.Documented)
	}
	fmt.Fprintln(w)
	if c := res.Certification; c != nil {
		if c.Certified {
			fmt.Fprintf(w, "%s: %s\n", st.pass("CERTIFIED"), c.Why)
		} else {
			fmt.Fprintf(w, "%s: %s\n", st.fail("NOT CERTIFIED"), c.Why)
		}
	}
	if causes := reports.Causes(run); len(causes) > 0 {
		fmt.Fprintf(w, "%s: %s from %s, first cause first:\n", st.fail("FAILURES BY CAUSE"), count(t.Failed, "failed scenario"), count(len(causes), "cause"))
		for _, c := range causes {
			op := strings.TrimSpace(fmt.Sprintf("%s %s %s", c.Provider, c.Operation, statusText(c.Status)))
			fmt.Fprintf(w, "  %3d × %s: %s\n", c.Count, op, run.Secrets.String(c.Rule))
		}
		fmt.Fprintln(w)
	}
	for _, f := range run.Features {
		for _, s := range f.Scenarios {
			if s.Outcome == reports.Failed {
				fmt.Fprintf(w, "%s %s:%d %s\n     %s\n", st.fail("FAIL"), f.URI, s.Line, s.Name, indent(run.Secrets.String(s.Reason)))
			}
		}
	}
	for _, f := range run.Features {
		for _, s := range f.Scenarios {
			if s.Outcome == reports.Errored {
				fmt.Fprintf(w, "%s %s:%d %s\n     could not be judged: %s\n", st.errored("ERROR"), f.URI, s.Line, s.Name, indent(run.Secrets.String(s.Reason)))
			}
		}
	}
	for _, f := range run.Features {
		for _, s := range f.Scenarios {
			for _, warn := range s.Warnings {
				if s.Outcome == reports.Passed {
					fmt.Fprintf(w, "%s %s:%d %s\n     %s\n", st.warn("WARN"), f.URI, s.Line, s.Name, run.Secrets.String(warn.String()))
				}
			}
		}
	}
	// Not applicable scenarios by what the target lacks: one line per
	// missing capability, not one per scenario; report.html and
	// summary.json list the scenarios, and --list-needs says it before a run.
	if groups := reports.NotApplicableGroups(run); len(groups) > 0 {
		fmt.Fprintf(w, "%s: %s could not run against this target; what it lacks (a scenario may lack several):\n", st.na("NOT APPLICABLE"), count(t.NotApplicable, "scenario"))
		for _, g := range groups {
			fmt.Fprintf(w, "  %3d × %s\n", g.Count, run.Secrets.String(g.Label()))
		}
	}
	fmt.Fprintf(w, "\n%s\n", res.Control)
	if v := run.VersionsLine(); v != "" {
		fmt.Fprintf(w, "versions: %s\n", v)
	}
	warnedScenarios, warnedCodes := "", ""
	if t.Warned > 0 {
		warnedScenarios = fmt.Sprintf(" (%d with warnings)", t.Warned)
	}
	if codes.Warned > 0 {
		warnedCodes = fmt.Sprintf(", %d passed with warnings", codes.Warned)
	}
	erroredScenarios := ""
	if t.Errored > 0 {
		erroredScenarios = fmt.Sprintf(", %d could not be judged (error)", t.Errored)
	}
	notRun, score := "", fmt.Sprintf("conformance score %.4f", codes.Score())
	if t.NotRun > 0 {
		notRun = fmt.Sprintf(", %d not run (the run was stopped)", t.NotRun)
	}
	if run.Interrupted != "" {
		score = "no conformance score: the run was interrupted"
	} else if run.Shard != nil {
		score = "no conformance score: a shard's coverage is partial (conform merge scores the whole run)"
	}
	fmt.Fprintf(w, "%d scenarios: %d passed%s, %d failed%s, %d not applicable%s (target: %s, %s)\n",
		t.Scenarios, t.Passed, warnedScenarios, t.Failed, erroredScenarios, t.NotApplicable, notRun, run.Target, run.Duration.Round(time.Millisecond))
	fmt.Fprintf(w, "%d documented codes: %d passed%s, %d failed, %d not applicable, %d not covered; %s\n",
		codes.Documented, codes.Passed, warnedCodes, codes.Failed, codes.NotApplicable, codes.NotCovered, score)
	fmt.Fprintf(w, "reports: %s/{%s}\n", strings.TrimSuffix(dir, "/"), strings.Join(reports.Files, ","))
}

// nothingRanReasons lists, for a run where nothing passed or failed, why:
// the capabilities the target lacks (most scenarios first), then the
// first error.
func nothingRanReasons(run *reports.Run) string {
	var why []string
	for i, g := range reports.NotApplicableGroups(run) {
		if i == 3 {
			why = append(why, "…")
			break
		}
		why = append(why, fmt.Sprintf("%d × %s", g.Count, run.Secrets.String(g.Label())))
	}
	for _, f := range run.Features {
		for _, s := range f.Scenarios {
			if s.Outcome == reports.Errored {
				why = append(why, "error: "+run.Secrets.String(s.Reason))
				return ": " + strings.Join(why, "; ")
			}
		}
	}
	if len(why) == 0 {
		return ""
	}
	return ": " + strings.Join(why, "; ")
}

func indent(s string) string { return strings.ReplaceAll(s, "\n", "\n     ") }

func statusText(status int) string {
	if status == 0 {
		return ""
	}
	return strconv.Itoa(status)
}

// defaultConfig is the config file a run uses, from the working folder,
// when --config is not given.
const defaultConfig = "conform.yaml"

// scenarioExample is the form of a scenario argument, in messages; a test
// holds it to a real scenario.
const scenarioExample = "weavr/logout.feature:11"

// scenarioLines reads the scenario arguments: FILE (every scenario of a
// feature file) or FILE:LINE[:LINE…] (the scenarios those lines fall in),
// FILE as in the features folder (weavr/logout.feature), with its
// features/ prefix, or a path on disk ending in either; runner.Plan.Lines
// by file, line 0 for the whole file; nil for none.
func scenarioLines(args []string) (map[string][]int, error) {
	if len(args) == 0 {
		return nil, nil
	}
	out := map[string][]int{}
	for _, a := range args {
		file, rest, _ := strings.Cut(a, ".feature")
		file += ".feature"
		var lines []int
		if rest != "" {
			for _, l := range strings.Split(strings.TrimPrefix(rest, ":"), ":") {
				n, err := strconv.Atoi(l)
				if !strings.HasPrefix(rest, ":") || err != nil || n <= 0 {
					lines = nil
					break
				}
				lines = append(lines, n)
			}
			if lines == nil {
				file = ""
			}
		}
		if file == ".feature" || file == "" || !strings.Contains(a, ".feature") {
			return nil, fmt.Errorf("unexpected argument %q: name scenarios as FILE.feature (all of a file) or FILE.feature:LINE (the scenario at any of its lines), e.g. %s", a, scenarioExample)
		}
		if lines == nil {
			lines = []int{0}
		}
		out[file] = append(out[file], lines...)
	}
	return out, nil
}

// parseShare reads a share as "90%" or "0.9"; "" is none.
func parseShare(s string) (float64, error) {
	if s == "" {
		return 0, nil
	}
	pct := strings.HasSuffix(s, "%")
	v, err := strconv.ParseFloat(strings.TrimSuffix(s, "%"), 64)
	if err == nil && pct {
		v /= 100
	}
	if err != nil || v <= 0 || v > 1 {
		return 0, fmt.Errorf("want a share such as 90%% or 0.9, got %q", s)
	}
	return v, nil
}

// specFlag collects PROVIDER=VERSION choices, repeated or comma-separated.
type specFlag struct{ m map[string]string }

func (s *specFlag) String() string { return "" }

func (s *specFlag) Set(v string) error {
	for _, part := range strings.Split(v, ",") {
		p, ver, ok := strings.Cut(strings.TrimSpace(part), "=")
		if !ok || p == "" || ver == "" {
			return fmt.Errorf("want PROVIDER=VERSION (weavr=3.63), got %q", part)
		}
		if s.m == nil {
			s.m = map[string]string{}
		}
		s.m[strings.ToLower(p)] = ver
	}
	return nil
}

// sizeFlag reads a size in bytes: 65536, 64KiB, 1MiB (KB and MB are read
// as KiB and MiB).
type sizeFlag struct{ n int }

func (s *sizeFlag) String() string { return "" }

func (s *sizeFlag) Set(v string) error {
	num, mult := strings.TrimSpace(v), 1
	for _, u := range []struct {
		suffix string
		mult   int
	}{{"KiB", 1 << 10}, {"MiB", 1 << 20}, {"KB", 1 << 10}, {"MB", 1 << 20}, {"K", 1 << 10}, {"M", 1 << 20}, {"B", 1}} {
		if strings.HasSuffix(num, u.suffix) {
			num, mult = strings.TrimSpace(strings.TrimSuffix(num, u.suffix)), u.mult
			break
		}
	}
	n, err := strconv.Atoi(num)
	if err != nil || n <= 0 || n > (1<<30)/mult {
		return fmt.Errorf("want a size such as 64KiB or 1MiB, got %q", v)
	}
	s.n = n * mult
	return nil
}

// envFlag collects repeated KEY=VALUE flags.
type envFlag struct{ m map[string]string }

func (e *envFlag) String() string { return "" }

func (e *envFlag) Set(v string) error {
	k, val, ok := strings.Cut(v, "=")
	if !ok || k == "" {
		return fmt.Errorf("want KEY=VALUE, got %q", v)
	}
	if e.m == nil {
		e.m = map[string]string{}
	}
	e.m[k] = val
	return nil
}
