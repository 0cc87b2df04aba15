package runner

import (
	"cmp"
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
	// Tags is a Cucumber tag expression (`@weavr and not @status:429`;
	// godog's old `@weavr && ~@status:429` is read too: ParseTagExpression).
	Tags string
	// Strict fails the scenarios that pass with warnings (--strict).
	Strict bool
	// RequireCoverage is the share of documented codes (0 to 1) the run
	// must check to be certified (0: none asked).
	RequireCoverage float64
	// Retries is how often a request that got no answer is sent again
	// when that cannot make the target act twice (steps.Env.Retries).
	Retries int
	// MaxTransportErrors stops the run after that many requests in a row
	// got no answer (0: no limit): the target is gone.
	MaxTransportErrors int
	// MaxFailures stops the run after that many failed scenarios (0: no
	// limit; 1 is --fail-fast).
	MaxFailures int
	// Lines, when set, runs only the scenarios these lines fall in (any
	// line of a scenario or Examples row; 0 for every scenario of the
	// file), by feature file as the user named it: its URI
	// ("features/weavr/logout.feature"), its path in the features folder
	// ("weavr/logout.feature") or a path on disk ending in one of those:
	// `conform run weavr/logout.feature:11`.
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
	// Concurrency is how many scenarios are in flight at once, across all
	// feature files: each scenario has its own sandbox, so the floor of a
	// run is its longest scenario, not its longest file. 0 is
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
	// Shard, when set (--shard k/n), runs the k-th of n parts of the
	// run's scenarios (planShard); the reports say so, and `conform
	// merge` joins the parts.
	Shard Shard
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
	if err := p.checkSelection(list); err != nil {
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
	env, err := NewEnv(target, p.Providers, p.envChoice(target.Config))
	if err != nil {
		return nil, err
	}
	if p.Concurrency <= 0 {
		p.Concurrency = DefaultConcurrency(target)
	}
	run, err := Run(ctx, env, p)
	if err != nil {
		return nil, err
	}
	res := &Result{Control: target.ControlNote, Run: run, Scenarios: reports.CountScenarios(run), Codes: reports.CountCodes(reports.Coverage(run))}
	res.Certification = reports.Certify(run, res.Codes)
	run.Provenance.Options = p.options()
	run.Provenance.Image, run.Provenance.ImageID = p.Image.Image, imageID
	if res.Scenarios.Scenarios == 0 && run.Interrupted == "" && run.Shard == nil {
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
	if !p.Shard.whole() {
		set("shard", p.Shard.String())
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
		if err := cfg.CheckCredentials(p.Providers.Credentials()); err != nil {
			return nil, 0, err
		}
		if err := cfg.CheckLimits(limitNames(p.Providers)); err != nil {
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
	// The flags' versions are refused before a container starts; the
	// config's join them in envChoice.
	if _, err := versionsUnderTest(p.Providers, p.Versions); err != nil {
		return nil, err
	}
	if _, err := ParseTagExpression(p.Tags); err != nil {
		return nil, err
	}
	return list, nil
}

// checkSelection refuses, before a container or target is touched, picks
// that name no scenario and tags and picks that select none of any
// version; Run checks again with the versions under test.
func (p *Plan) checkSelection(list provider.List) error {
	sets, err := FeatureSets(list, p.Features)
	if err != nil {
		return err
	}
	files, err := loadFeatures(sets, list.Names())
	if err != nil {
		return err
	}
	sel, err := newSelection(*p, list, nil, files)
	if err != nil {
		return err
	}
	for _, f := range files {
		if sel.count(f) > 0 {
			return nil
		}
	}
	return sel.nothing(files, list.Names())
}

// envChoice is what the plan decides of the run's Env besides its target:
// the versions chosen (the flags', else the config's
// providers.<name>.version), the retries and the real waits allowed.
func (p *Plan) envChoice(cfg *config.Config) EnvChoice {
	choice := maps.Clone(p.Versions)
	if choice == nil {
		choice = map[string]string{}
	}
	for name, pc := range cfg.Providers {
		if pc != nil && pc.Version != "" && choice[name] == "" {
			choice[name] = pc.Version
		}
	}
	return EnvChoice{Versions: choice, Retries: p.Retries, MaxRecorded: p.MaxRecorded, MaxWait: p.maxWait(cfg)}
}

// EnvChoice is what a run chooses of its Env besides its target and
// providers, given whole to NewEnv.
type EnvChoice struct {
	// Versions chooses the version under test of some providers (provider
	// → version name); the rest are at their default.
	Versions map[string]string
	// Retries, MaxRecorded, MaxWait and OnWait are steps.Env's.
	Retries     int
	MaxRecorded int
	MaxWait     time.Duration
	OnWait      func(expr string, began, ended time.Time)
}

// NewEnv is what every scenario of a run shares, built whole: the target,
// the providers' specs (of the versions under test) and step
// vocabularies, and what the run chose.
func NewEnv(t *steps.Target, list provider.List, c EnvChoice) (*steps.Env, error) {
	versions, err := versionsUnderTest(list, c.Versions)
	if err != nil {
		return nil, err
	}
	specs, err := list.SpecsOf(versions)
	if err != nil {
		return nil, err
	}
	newest, err := list.NewestSpecs(versions)
	if err != nil {
		return nil, err
	}
	return steps.NewEnv(t, steps.EnvOptions{
		Specs: specs, Versions: versions, SandboxVersions: list.Plural(versions), Newest: newest, Vocabularies: list.Vocabularies(),
		Retries: c.Retries, MaxRecorded: c.MaxRecorded, MaxWait: c.MaxWait, OnWait: c.OnWait,
	})
}

// versionsUnderTest decides, the one place that does, every provider's
// version under test: the chosen one (provider name → version name, from
// `--spec` and the config file), else its default. A provider or version
// the list does not have is an error naming what it has.
func versionsUnderTest(list provider.List, choice map[string]string) (map[string]string, error) {
	for _, name := range slices.Sorted(maps.Keys(choice)) {
		i := slices.IndexFunc(list, func(d provider.Descriptor) bool { return d.Name == name })
		if i < 0 {
			return nil, fmt.Errorf("version of an unknown provider %q (%s)", name, strings.Join(list.Names(), ", "))
		}
		if v := choice[name]; v != "" && !slices.Contains(list[i].VersionNames(), v) {
			return nil, fmt.Errorf("%s has no version %q (%s)", name, v, strings.Join(list[i].VersionNames(), ", "))
		}
	}
	out := make(map[string]string, len(list))
	for _, d := range list {
		out[d.Name] = cmp.Or(choice[d.Name], defaultVersion(d))
	}
	return out, nil
}

// defaultVersion is the version a run tests of a provider when none is
// chosen: the one its descriptor names first.
func defaultVersion(d provider.Descriptor) string { return d.Versions[0].Name }
