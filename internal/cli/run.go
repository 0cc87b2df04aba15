package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"
	"time"

	"github.com/conformhq/conform/features"
	"github.com/conformhq/conform/internal/container"
	"github.com/conformhq/conform/internal/runner"
	"github.com/conformhq/conform/reports"
	"github.com/conformhq/conform/steps"
	"github.com/conformhq/conform/steps/config"
)

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("conform run", flag.ContinueOnError)
	fl.SetOutput(stderr)
	target := fl.String("target", "", "root URL of the deployment to test (default: the built-in simulator, in-process)")
	configFile := fl.String("config", "", "YAML config: base URLs, credentials, fixtures (see README)")
	provider := fl.String("provider", "", "run only these providers (comma-separated: fliqa,weavr,fiskil)")
	tags := fl.String("tags", "", "godog tag expression, e.g. '@weavr && ~@needs-control'")
	concurrency := fl.Int("concurrency", 4, "feature files run at once")
	timeout := fl.Duration("timeout", 10*time.Second, "timeout of each request")
	reportDir := fl.String("report-dir", "conform-report", "where the reports are written")
	featuresDir := fl.String("features", "", "a folder of feature files to run instead of the built-in ones")
	image := fl.String("image", "", "start this container image (it must be in the local Docker engine) and run against it")
	imagePort := fl.String("image-port", "8080", "the container port the image's HTTP API listens on")
	imageReady := fl.String("image-ready-path", "/", "path polled until the container answers HTTP")
	var imageEnv envFlag
	fl.Var(&imageEnv, "image-env", "KEY=VALUE for the container's environment (repeatable)")
	if err := fl.Parse(args); err != nil {
		return ExitUsage
	}
	if fl.NArg() > 0 {
		fmt.Fprintf(stderr, "conform run: unexpected arguments %v\n", fl.Args())
		return ExitUsage
	}
	if *concurrency < 1 {
		fmt.Fprintf(stderr, "conform run: --concurrency must be at least 1\n")
		return ExitUsage
	}
	if *timeout <= 0 {
		fmt.Fprintf(stderr, "conform run: --timeout must be positive\n")
		return ExitUsage
	}
	var providers []string
	if *provider != "" {
		for _, p := range strings.Split(*provider, ",") {
			p = strings.TrimSpace(strings.ToLower(p))
			if p != "fliqa" && p != "weavr" && p != "fiskil" {
				fmt.Fprintf(stderr, "conform run: unknown provider %q (fliqa, weavr, fiskil)\n", p)
				return ExitUsage
			}
			providers = append(providers, p)
		}
	}
	var featFS fs.FS = features.FS
	if *featuresDir != "" {
		if st, err := os.Stat(*featuresDir); err != nil || !st.IsDir() {
			fmt.Fprintf(stderr, "conform run: --features %s is not a folder\n", *featuresDir)
			return ExitUsage
		}
		featFS = os.DirFS(*featuresDir)
	}

	if *image != "" && *target != "" {
		fmt.Fprintf(stderr, "conform run: give --image or --target, not both\n")
		return ExitUsage
	}
	if *image != "" {
		c, err := container.Start(ctx, container.Options{Image: *image, Port: *imagePort, Env: imageEnv.m, ReadyPath: *imageReady})
		if err != nil {
			fmt.Fprintf(stderr, "conform run: %v\n", err)
			return ExitUsage
		}
		defer func() {
			if err := c.Stop(context.WithoutCancel(ctx)); err != nil {
				fmt.Fprintf(stderr, "conform run: removing the container: %v\n", err)
			}
		}()
		fmt.Fprintf(stdout, "started %s at %s\n", *image, c.URL)
		*target = c.URL
	}

	var t *steps.Target
	var err error
	if *target == "" && *configFile == "" {
		t, err = runner.BuiltIn(*timeout)
	} else {
		cfg := &config.Config{Control: "auto"}
		if *configFile != "" {
			if cfg, err = config.Load(*configFile); err != nil {
				fmt.Fprintf(stderr, "conform run: %v\n", err)
				return ExitUsage
			}
		}
		if *target != "" {
			cfg.Target = *target
			if err := config.CheckURL(*target); err != nil {
				fmt.Fprintf(stderr, "conform run: --target: %v\n", err)
				return ExitUsage
			}
		}
		if cfg.Timeout > 0 && !flagSet(fl, "timeout") {
			*timeout = cfg.Timeout
		}
		t, err = runner.Remote(ctx, cfg, *timeout)
	}
	if err != nil {
		fmt.Fprintf(stderr, "conform run: %v\n", err)
		return ExitUsage
	}
	env, err := runner.NewEnv(t)
	if err != nil {
		fmt.Fprintf(stderr, "conform run: %v\n", err)
		return ExitUsage
	}
	res, err := runner.Run(ctx, env, runner.Options{Features: featFS, Providers: providers, Tags: *tags, Concurrency: *concurrency})
	if err != nil {
		fmt.Fprintf(stderr, "conform run: %v\n", err)
		return ExitUsage
	}
	totals := reports.CountScenarios(res)
	if totals.Scenarios == 0 {
		fmt.Fprintf(stderr, "conform run: no scenario matched (tags %q, providers %v)\n", *tags, providers)
		return ExitUsage
	}
	if err := reports.WriteAll(*reportDir, res); err != nil {
		fmt.Fprintf(stderr, "conform run: writing reports: %v\n", err)
		return ExitUsage
	}
	printSummary(stdout, res, totals, *reportDir)
	if totals.Failed > 0 {
		return ExitFailed
	}
	return ExitOK
}

func flagSet(fl *flag.FlagSet, name string) bool {
	set := false
	fl.Visit(func(f *flag.Flag) {
		if f.Name == name {
			set = true
		}
	})
	return set
}

func printSummary(w io.Writer, run *reports.Run, t reports.ScenarioTotals, dir string) {
	for _, f := range run.Features {
		for _, s := range f.Scenarios {
			switch s.Outcome {
			case reports.Failed:
				fmt.Fprintf(w, "FAIL %s:%d %s\n     %s\n", f.URI, s.Line, s.Name, indent(run.Secrets.String(s.Reason)))
			case reports.NotApplicable:
				fmt.Fprintf(w, "N/A  %s:%d %s: %s\n", f.URI, s.Line, s.Name, s.Reason)
			}
		}
	}
	codes := reports.CountCodes(reports.Coverage(run))
	fmt.Fprintf(w, "\n%d scenarios: %d passed, %d failed, %d not applicable (target: %s, %s)\n",
		t.Scenarios, t.Passed, t.Failed, t.NotApplicable, run.Target, run.Duration.Round(time.Millisecond))
	fmt.Fprintf(w, "%d documented codes: %d passed, %d failed, %d not applicable, %d not covered; conformance score %.4f\n",
		codes.Documented, codes.Passed, codes.Failed, codes.NotApplicable, codes.NotCovered, codes.Score())
	fmt.Fprintf(w, "reports: %s/{%s}\n", strings.TrimSuffix(dir, "/"), strings.Join(reports.Files, ","))
}

func indent(s string) string { return strings.ReplaceAll(s, "\n", "\n     ") }

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
