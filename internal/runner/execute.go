package runner

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/conformhq/conform/internal/attest"
	"github.com/conformhq/conform/internal/container"
	"github.com/conformhq/conform/internal/provider"
	"github.com/conformhq/conform/reports"
	"github.com/conformhq/conform/steps"
	"github.com/conformhq/conform/steps/config"
)

// Plan is a whole run, as `conform run` describes it: which providers,
// against what, which scenarios, where the reports go.
type Plan struct {
	// Providers are the providers conform is built with.
	Providers provider.List
	// Only restricts the run to these providers (all when empty).
	Only []string
	// Target is the root URL of a deployment ("" with neither Config nor
	// Image: the built-in simulator, in-process).
	Target string
	// Config is a config file's path, for base URLs, credentials, fixtures.
	Config string
	// Image, when its Image is set, is a container image started for the
	// run and removed after it.
	Image container.Options
	// Versions chooses the version under test of some providers (provider
	// → version name, `--spec weavr=3.63`); it wins over the config file's
	// providers.<name>.version, and the rest are at their default.
	Versions map[string]string
	// Tags is a godog tag expression.
	Tags string
	// Strict fails the scenarios that pass with warnings.
	Strict bool
	// RequireCoverage is the share of documented codes (0 to 1) the run
	// must check to be certified.
	RequireCoverage float64
	// Retries is how often a request that got no answer is sent again
	// when that cannot make the target act twice (steps.Env.Retries).
	Retries int
	// MaxTransportErrors stops the run after that many requests in a row
	// got no answer (0: no limit).
	MaxTransportErrors int
	// MaxFailures stops the run after that many failed scenarios.
	MaxFailures int
	// Lines runs only the scenarios at these lines, by feature URI.
	Lines map[string][]int
	// CACert is a PEM file of CA certificates the target's TLS may chain
	// to (--cacert); it wins over the config file's cacert.
	CACert string
	// ControlToken is sent to the target's control API; it wins over the
	// config file's controlToken.
	ControlToken string
	// Deadline, when positive, bounds the whole run: past it, the
	// scenarios still running stop and the run is reported interrupted.
	Deadline time.Duration
	// Concurrency is how many scenarios are in flight at once; 0 is
	// DefaultConcurrency for the target (the reports record the number used).
	Concurrency int
	// Timeout bounds each request; a config file's timeout applies only
	// when TimeoutSet is false.
	Timeout    time.Duration
	TimeoutSet bool
	// MaxWait is how long a scenario may wait for real where the target's
	// clock cannot be moved (--max-wait); it wins over the config file's
	// maxWait when MaxWaitSet.
	MaxWait    time.Duration
	MaxWaitSet bool
	// MaxRecorded bounds what each exchange keeps of a response body and
	// of its headers, in memory and in the reports (0: the default, 64
	// KiB; steps.Env.MaxRecorded).
	MaxRecorded int
	// ReportDir receives the reports.
	ReportDir string
	// Features, when not nil, replaces the built-in feature files (a folder
	// per provider).
	Features fs.FS
	// Progress, when set, hears of the run as it goes.
	Progress Progress
	// AttestKey, when set, is an ed25519 private key in PEM: the reports
	// and feature files are then signed (internal/attest).
	AttestKey []byte
	// Notes receives what the run has to say before its results (the
	// started container's URL, a container that could not be removed).
	Notes io.Writer
}

// Result is a finished run: its outcome and the totals its summary shows.
type Result struct {
	// Certification is the verdict against the required coverage; nil
	// when none was asked.
	Certification *reports.Certification
	// Control says what was found or decided about the control API.
	Control   string
	Run       *reports.Run
	Scenarios reports.ScenarioTotals
	Codes     reports.CodeTotals
}

// ErrNoScenario is returned when the tags and providers select nothing: a
// run of nothing must not pass.
var ErrNoScenario = errors.New("no scenario matched")

// Execute takes a run from its plan to its written reports: it picks the
// providers, starts the target, runs the scenarios, scores the documented
// codes and writes every report. An error means no verdict (bad plan,
// unreachable target, reports that cannot be written); failed scenarios
// are a verdict, in the Result.
func Execute(ctx context.Context, p Plan) (*Result, error) {
	if p.Deadline > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeoutCause(ctx, p.Deadline, fmt.Errorf("the run's deadline of %s passed", p.Deadline))
		defer cancel()
	}
	list, err := p.check()
	if err != nil {
		return nil, err
	}
	if err := checkReportDir(p.ReportDir); err != nil {
		return nil, err
	}
	if p.Notes == nil {
		p.Notes = io.Discard
	}
	var imageID string
	if p.Image.Image != "" {
		if p.Target != "" {
			return nil, errors.New("give --image or --target, not both")
		}
		c, err := container.Start(ctx, p.Image)
		if err != nil {
			return nil, err
		}
		defer func() {
			if err := c.Stop(context.WithoutCancel(ctx)); err != nil {
				fmt.Fprintf(p.Notes, "removing the container: %v\n", err)
			}
		}()
		fmt.Fprintf(p.Notes, "started %s (%s) at %s\n", p.Image.Image, c.ImageID, c.URL)
		p.Target, imageID = c.URL, c.ImageID
	}
	target, err := p.target(ctx)
	if err != nil {
		return nil, err
	}
	env, err := NewEnv(target, p.Providers, p.versionChoice(target.Config))
	if err != nil {
		return nil, err
	}
	env.Retries = p.Retries
	env.MaxRecorded = p.MaxRecorded
	if p.Concurrency <= 0 {
		p.Concurrency = DefaultConcurrency(target)
	}
	env.MaxWait = p.maxWait(target.Config)
	run, err := Run(ctx, env, Options{Providers: list, Features: p.Features, Tags: p.Tags,
		Concurrency: p.Concurrency, Progress: p.Progress, Strict: p.Strict, MaxTransportErrors: p.MaxTransportErrors,
		RequireCoverage: p.RequireCoverage, MaxFailures: p.MaxFailures, Lines: p.Lines})
	if err != nil {
		return nil, err
	}
	res := &Result{Control: target.ControlNote, Run: run, Scenarios: reports.CountScenarios(run), Codes: reports.CountCodes(reports.Coverage(run))}
	res.Certification = reports.Certify(run, res.Codes)
	run.Provenance.Options = p.options()
	run.Provenance.Image, run.Provenance.ImageID = p.Image.Image, imageID
	if res.Scenarios.Scenarios == 0 && run.Interrupted == "" {
		return nil, fmt.Errorf("%w (tags %q, providers %v)", ErrNoScenario, p.Tags, list.Names())
	}
	if err := reports.WriteAll(p.ReportDir, run); err != nil {
		return nil, fmt.Errorf("writing reports: %w", err)
	}
	if p.AttestKey != nil {
		if err := attest.Sign(ctx, p.AttestKey, p.ReportDir, run.FeatureFiles); err != nil {
			return nil, err
		}
	}
	return res, nil
}

// options lists the plan's options as the reports show them; the control
// token is a secret, and only its presence is said.
func (p *Plan) options() map[string]string {
	o := map[string]string{}
	set := func(k, v string) {
		if v != "" {
			o[k] = v
		}
	}
	set("provider", strings.Join(p.Only, ","))
	set("target", p.Target)
	set("config", p.Config)
	set("image", p.Image.Image)
	set("tags", p.Tags)
	for _, name := range slices.Sorted(maps.Keys(p.Versions)) {
		set("spec."+name, p.Versions[name])
	}
	set("concurrency", strconv.Itoa(p.Concurrency))
	set("timeout", p.Timeout.String())
	if p.Strict {
		set("strict", "true")
	}
	if p.RequireCoverage > 0 {
		set("require-coverage", strconv.FormatFloat(p.RequireCoverage, 'f', -1, 64))
	}
	if p.Retries > 0 {
		set("retries", strconv.Itoa(p.Retries))
	}
	if p.MaxRecorded > 0 {
		set("max-recorded", strconv.Itoa(p.MaxRecorded))
	}
	if p.Deadline > 0 {
		set("deadline", p.Deadline.String())
	}
	if p.MaxWaitSet {
		set("max-wait", p.MaxWait.String())
	}
	if p.ControlToken != "" {
		set("control-token", "given")
	}
	return o
}

// checkFixtureKinds refuses a config fixture of a kind no step asks for: a
// misspelt kind would leave its scenarios not applicable without a word.
func checkFixtureKinds(cfg *config.Config, list provider.List) error {
	for _, d := range list {
		pc := cfg.Providers[d.Name]
		if pc == nil {
			continue
		}
		known := d.Vocabulary().FixtureKinds
		for _, kind := range slices.Sorted(maps.Keys(pc.Fixtures)) {
			if !slices.Contains(known, kind) {
				return fmt.Errorf("config: providers.%s.fixtures.%s: no such fixture kind (known: %s)", d.Name, kind, strings.Join(known, ", "))
			}
		}
	}
	return nil
}

// checkReportDir makes the report folder and proves it writable before the
// run, so that no run is lost to a folder found unwritable at its end.
func checkReportDir(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("report folder: %w", err)
	}
	f, err := os.CreateTemp(dir, ".conform-write-check-*")
	if err != nil {
		return fmt.Errorf("report folder %s is not writable: %w", dir, err)
	}
	f.Close()
	return os.Remove(f.Name())
}

// target is the built-in simulator, or the deployment that the target URL
// and the config file describe.
func (p *Plan) target(ctx context.Context) (*steps.Target, error) {
	if p.Target == "" && p.Config == "" {
		return BuiltIn(p.Providers, p.Timeout)
	}
	cfg, timeout, err := p.config()
	if err != nil {
		return nil, err
	}
	return Remote(ctx, cfg, timeout)
}

// config is the config of a run against a deployment: the config file's
// (checked against the providers), with the target URL and control token
// of the flags, and the timeout of each request.
func (p *Plan) config() (*config.Config, time.Duration, error) {
	cfg := &config.Config{Control: "auto"}
	if p.Config != "" {
		var err error
		if cfg, err = config.Load(p.Config); err != nil {
			return nil, 0, err
		}
		if err := cfg.CheckProviders(p.Providers.Names()); err != nil {
			return nil, 0, err
		}
		if err := checkFixtureKinds(cfg, p.Providers); err != nil {
			return nil, 0, err
		}
		if err := steps.CheckFixtures(cfg, p.Providers.Vocabularies()); err != nil {
			return nil, 0, err
		}
		if err := cfg.CheckTimings(timingNames(p.Providers)); err != nil {
			return nil, 0, err
		}
	}
	if p.ControlToken != "" {
		cfg.ControlToken = p.ControlToken
	}
	if p.CACert != "" {
		cfg.CACert = p.CACert
	}
	if p.Target != "" {
		if err := config.CheckURL(p.Target); err != nil {
			return nil, 0, fmt.Errorf("--target: %w", err)
		}
		cfg.Target = p.Target
	}
	timeout := p.Timeout
	if cfg.Timeout > 0 && !p.TimeoutSet {
		timeout = cfg.Timeout
	}
	return cfg, timeout, nil
}

// check refuses a plan before anything starts (providers, feature tree,
// versions, tags) and returns the providers it selects.
func (p *Plan) check() (provider.List, error) {
	list, err := p.Providers.Select(p.Only)
	if err != nil {
		return nil, err
	}
	if p.Features != nil {
		if err := CheckFeatureTree(p.Providers, p.Features); err != nil {
			return nil, err
		}
	}
	if _, err := p.Providers.Choose(p.Versions); err != nil {
		return nil, err
	}
	if err := CheckTags(p.Tags); err != nil {
		return nil, err
	}
	return list, nil
}

// versionChoice is the versions under test: the flags', else the config's
// providers.<name>.version.
func (p *Plan) versionChoice(cfg *config.Config) map[string]string {
	choice := maps.Clone(p.Versions)
	if choice == nil {
		choice = map[string]string{}
	}
	for name, pc := range cfg.Providers {
		if pc != nil && pc.Version != "" && choice[name] == "" {
			choice[name] = pc.Version
		}
	}
	return choice
}

// NewEnv is what every scenario of a run shares: the target, and the
// providers' specs (of the versions chosen: provider → version, nil or a
// missing provider for the default) and step vocabularies.
func NewEnv(t *steps.Target, list provider.List, choice map[string]string) (*steps.Env, error) {
	versions, err := list.Choose(choice)
	if err != nil {
		return nil, err
	}
	specs, err := list.SpecsOf(versions)
	if err != nil {
		return nil, err
	}
	env, err := steps.NewEnv(t, specs, list.Vocabularies())
	if err != nil {
		return nil, err
	}
	env.Versions = list.Plural(versions)
	return env, nil
}
