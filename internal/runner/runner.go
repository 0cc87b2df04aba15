// Package runner runs the conformance scenarios against a target with godog
// and turns the outcome into a reports.Run.
package runner

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/cucumber/godog"

	"github.com/conformhq/conform/internal/provider"
	"github.com/conformhq/conform/reports"
	"github.com/conformhq/conform/steps"
)

// Options configures the scenarios of a run.
type Options struct {
	// Providers are the providers whose scenarios run and whose codes are
	// scored.
	Providers provider.List
	// Features, when not nil, replaces the providers' own feature files: a
	// folder per provider (weavr/login.feature), as `--features DIR`.
	Features fs.FS
	// Tags is a godog tag expression (`@weavr && ~@needs-control`).
	Tags string
	// Concurrency is how many feature files run at once (default 4).
	Concurrency int
}

// Run runs the scenarios against env's target.
func Run(ctx context.Context, env *steps.Env, opts Options) (*reports.Run, error) {
	sets, err := FeatureSets(opts.Providers, opts.Features)
	if err != nil {
		return nil, err
	}
	files, err := loadFeatures(sets, opts.Providers.Names())
	if err != nil {
		return nil, err
	}
	n := opts.Concurrency
	if n <= 0 {
		n = 4
	}
	run := &reports.Run{Target: env.Target.Name, StartedAt: time.Now(), Documented: documented(env, opts.Providers.Names()), Secrets: env.Secrets}
	results := make([]reports.Feature, len(files))
	var wg sync.WaitGroup
	sem := make(chan struct{}, n)
	var mu sync.Mutex
	var errs []error
	for i, f := range files {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			feat, err := runFeature(ctx, env, f, opts.Tags)
			if err != nil {
				mu.Lock()
				errs = append(errs, err)
				mu.Unlock()
			}
			results[i] = feat
		}()
	}
	wg.Wait()
	run.Duration = time.Since(run.StartedAt)
	ran := map[string]bool{}
	for _, f := range results {
		if len(f.Scenarios) > 0 {
			run.Features = append(run.Features, f)
			ran[f.Scenarios[0].Provider] = true
		}
	}
	if opts.Tags != "" {
		// Tags that select one provider's scenarios score that provider:
		// the others were not run, not left uncovered.
		run.Documented = slices.DeleteFunc(run.Documented, func(c reports.Code) bool { return !ran[c.Provider] })
	}
	return run, errors.Join(errs...)
}

// runFeature runs one feature file in its own godog suite: godog numbers
// ids per parse, so one file per suite keeps them equal to ours.
func runFeature(ctx context.Context, env *steps.Env, f *featureFile, tags string) (reports.Feature, error) {
	feat := reports.Feature{URI: f.URI}
	if f.Doc.Feature != nil {
		feat.Name = f.Doc.Feature.Name
		feat.Description = strings.TrimSpace(f.Doc.Feature.Description)
		for _, t := range f.Doc.Feature.Tags {
			feat.Tags = append(feat.Tags, t.Name)
		}
	}
	var mu sync.Mutex
	byPickle := map[string]reports.Scenario{}
	done := func(sc *godog.Scenario, w *steps.World, err error) {
		s := scenarioResult(f, sc, w, err)
		mu.Lock()
		byPickle[sc.Id] = s
		mu.Unlock()
	}
	suite := godog.TestSuite{
		Name: f.URI,
		ScenarioInitializer: func(sc *godog.ScenarioContext) {
			steps.Register(sc, env, done)
		},
		Options: &godog.Options{
			Format:          "progress",
			Output:          io.Discard,
			NoColors:        true,
			Strict:          true,
			Concurrency:     1,
			Tags:            tags,
			DefaultContext:  ctx,
			FeatureContents: []godog.Feature{{Name: f.URI, Contents: f.Content}},
		},
	}
	status := suite.Run()
	for _, p := range f.Pickles {
		if s, ok := byPickle[p.Id]; ok {
			feat.Scenarios = append(feat.Scenarios, s)
		}
	}
	if status == 2 {
		return feat, fmt.Errorf("%s: godog could not run the feature (bad options or feature file)", f.URI)
	}
	return feat, nil
}

func scenarioResult(f *featureFile, sc *godog.Scenario, w *steps.World, err error) reports.Scenario {
	s := reports.Scenario{
		ID:        f.URI + ":" + strconv.Itoa(f.line(sc)),
		Name:      sc.Name,
		Line:      f.line(sc),
		Provider:  f.Provider,
		Duration:  w.Duration,
		Exchanges: w.Exchanges(),
	}
	for _, t := range sc.Tags {
		s.Tags = append(s.Tags, t.Name)
		switch {
		case strings.HasPrefix(t.Name, "@op:"):
			s.Operations = append(s.Operations, strings.TrimPrefix(t.Name, "@op:"))
		case strings.HasPrefix(t.Name, "@status:"):
			if n, err := strconv.Atoi(strings.TrimPrefix(t.Name, "@status:")); err == nil {
				s.Statuses = append(s.Statuses, n)
			}
		}
	}
	failed := ""
	for _, st := range sc.Steps {
		step := reports.Step{Text: st.Text, Status: reports.StepSkipped}
		if ast := f.steps[firstID(st.AstNodeIds)]; ast != nil {
			step.Keyword = ast.Keyword
			step.Line = int(ast.Location.Line)
		}
		if st.Argument != nil && st.Argument.DocString != nil {
			step.DocString = st.Argument.DocString.Content
		}
		if r, ok := w.Steps[st.Id]; ok {
			step.Status = stepStatus(r.Status)
			step.Duration = r.Duration
			if r.Err != nil && !errors.Is(r.Err, godog.ErrSkip) {
				step.Error = w.Secrets.String(r.Err.Error())
			}
			if step.Status == reports.StepUndefined {
				step.Error = "no step definition matches this text"
			}
		}
		if failed == "" && step.Status != reports.StepPassed && step.Status != reports.StepSkipped {
			failed = strings.TrimSpace(step.Keyword) + " " + step.Text + ": " + step.Error
		}
		s.Steps = append(s.Steps, step)
	}
	switch {
	case w.NotApplicable != "":
		s.Outcome, s.Reason = reports.NotApplicable, w.NotApplicable
	case failed != "":
		s.Outcome, s.Reason = reports.Failed, failed
	case err != nil && !errors.Is(err, godog.ErrSkip):
		s.Outcome, s.Reason = reports.Failed, w.Secrets.String(err.Error())
	default:
		s.Outcome = reports.Passed
		// A skipped step without a reason is a defect of the scenario, not
		// a pass: every step must have run.
		for _, st := range s.Steps {
			if st.Status != reports.StepPassed {
				s.Outcome, s.Reason = reports.Failed, fmt.Sprintf("step %q did not run (%s)", st.Text, st.Status)
				break
			}
		}
	}
	return s
}

func firstID(ids []string) string {
	if len(ids) == 0 {
		return ""
	}
	return ids[0]
}

func stepStatus(s godog.StepResultStatus) reports.StepStatus {
	switch s {
	case godog.StepPassed:
		return reports.StepPassed
	case godog.StepFailed, godog.StepAmbiguous:
		return reports.StepFailed
	case godog.StepUndefined:
		return reports.StepUndefined
	case godog.StepPending:
		return reports.StepPending
	}
	return reports.StepSkipped
}

// documented lists every (provider, operation, status) of the specs of
// the providers run: a run of one provider is scored on that provider's
// codes.
func documented(env *steps.Env, providers []string) []reports.Code {
	var out []reports.Code
	names := slices.Clone(providers)
	sort.Strings(names)
	for _, n := range names {
		spec := env.Specs[n]
		if spec == nil {
			continue
		}
		for _, op := range spec.Operations() {
			for _, st := range op.Statuses {
				out = append(out, reports.Code{Provider: n, Operation: op.ID, Method: op.Method, Path: op.Path, Status: st})
			}
		}
	}
	return out
}
