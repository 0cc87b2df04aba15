// Package runner runs the conformance scenarios against a target with godog
// and turns the outcome into a reports.Run.
package runner

import (
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/cucumber/godog"

	"github.com/conformhq/conform/internal/provider"
	"github.com/conformhq/conform/reports"
	"github.com/conformhq/conform/steps"
	"github.com/conformhq/conform/steps/timing"
)

// Progress hears of a run as it goes. Its methods are called one at a time.
type Progress interface {
	// Start gives the number of scenarios the run will report.
	Start(total int)
	// Scenario reports a finished scenario of a feature file.
	Scenario(uri string, s reports.Scenario)
	// Feature reports a finished feature file.
	Feature(f reports.Feature)
}

// Run runs the plan's scenarios against env's target; it refuses a plan
// that selects none (ErrNoScenario) before running anything. Of the plan it reads
// what selects and runs the scenarios (Providers, Only, Features, Tags,
// Lines, Concurrency, Progress, Strict, RequireCoverage,
// MaxTransportErrors, MaxFailures); the target and the Env are env's
// (NewEnv), and Execute writes the reports.
func Run(ctx context.Context, env *steps.Env, p Plan) (*reports.Run, error) {
	list, err := p.check()
	if err != nil {
		return nil, err
	}
	sets, err := FeatureSets(list, p.Features)
	if err != nil {
		return nil, err
	}
	files, err := loadFeatures(sets, list.Names())
	if err != nil {
		return nil, err
	}
	n := p.Concurrency
	if n <= 0 {
		n = DefaultConcurrency(env.Target)
	}
	ctx, stop := context.WithCancelCause(ctx)
	defer stop(nil)
	// The browser of the page scenarios lives as long as the run.
	defer env.CloseBrowser()
	ctx = steps.WithTransportGuard(ctx, p.MaxTransportErrors, stop)
	run := &reports.Run{
		Target: env.Target.Name, Control: env.Target.ControlNote, Strict: p.Strict, RequireCoverage: p.RequireCoverage,
		Versions: versionsOf(list, env), StartedAt: time.Now(),
		Documented: documented(env, list.Names()), Secrets: env.Secrets,
	}
	results := make([]reports.Feature, len(files))
	sel, err := newSelection(p, list, env.Versions, files)
	if err != nil {
		return nil, err
	}
	total := 0
	for _, f := range files {
		total += sel.count(f)
	}
	if total == 0 {
		// Refused before anything runs or prints: a run of nothing must
		// not pass.
		return nil, sel.nothing(files, list.Names())
	}
	selected := map[string]bool{} // providers of the whole run's scenarios
	for _, f := range files {
		if sel.count(f) > 0 {
			selected[f.Provider] = true
		}
	}
	if !p.Shard.whole() {
		// A shard runs its part of the selection; an empty one (more
		// shards than groups) still reports, for the merge.
		sp := planShard(p.Shard, sel, files, env)
		sel.shard, total = sp.keep, len(sp.keep)
		sp.info.Narrow = p.Lines != nil
		run.Shard = &sp.info
	}
	r := &runState{env: env, sel: sel, list: list, strict: p.Strict, maxFailures: p.MaxFailures, stop: stop, slots: make(chan struct{}, n), progress: p.Progress}
	if err := planFixtures(env, r, files); err != nil {
		return nil, err
	}
	if r.progress != nil {
		r.progress.Start(total)
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	var errs []error
	for i, f := range files {
		if sel.count(f) == 0 {
			// A file none of whose scenarios is selected is not run, nor
			// reported: no line of "0 passed" for it.
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			feat, err := r.feature(ctx, f, n)
			if err != nil {
				mu.Lock()
				errs = append(errs, err)
				mu.Unlock()
			}
			results[i] = feat
			r.report(func(p Progress) { p.Feature(feat) })
		}()
	}
	wg.Wait()
	run.Duration = time.Since(run.StartedAt)
	if ctx.Err() != nil {
		run.Interrupted = context.Cause(ctx).Error()
	}
	run.Provenance = provenance(env, list, files, p.Features)
	run.FeatureFiles = map[string][]byte{}
	for _, f := range files {
		run.FeatureFiles[f.URI] = f.Content
	}
	run.Provenance.EndedAt = run.StartedAt.Add(run.Duration)
	ran := map[string]bool{}
	for _, f := range results {
		if len(f.Scenarios) > 0 {
			run.Features = append(run.Features, f)
			ran[f.Scenarios[0].Provider] = true
		}
	}
	if run.Shard != nil {
		// A shard is scored by the merge, on the whole run's providers.
		ran = selected
	}
	if p.Tags != "" || p.Lines != nil {
		// Tags that select one provider's scenarios score that provider:
		// the others were not run, not left uncovered.
		run.Documented = slices.DeleteFunc(run.Documented, func(c reports.Code) bool { return !ran[c.Provider] })
		maps.DeleteFunc(run.Versions, func(name, _ string) bool { return !ran[name] })
	}
	if p.Lines != nil && run.Shard == nil {
		// Scenarios picked by file and line are scored on the codes they
		// cover: the score says how the picked scenarios did, not how
		// little of the spec a handful of them covers.
		narrowToCovered(run)
	}
	return run, errors.Join(errs...)
}

// runState is what the feature files of one run share.
type runState struct {
	env    *steps.Env
	list   provider.List
	sel    *selection
	strict bool
	// maxFailures stops the run (through stop) after that many failures.
	maxFailures int
	failures    atomic.Int32
	stop        context.CancelCauseFunc
	slots       chan struct{} // a token per scenario in flight

	mu       sync.Mutex // serialises progress
	progress Progress
}

func (r *runState) report(call func(Progress)) {
	if r.progress == nil {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	call(r.progress)
}

type slotKey struct{}

// versionsOf names the version under test of each provider run, as env's
// NewEnv decided them.
func versionsOf(list provider.List, env *steps.Env) map[string]string {
	out := make(map[string]string, len(list))
	for _, d := range list {
		out[d.Name] = env.Versions[d.Name]
	}
	return out
}

// gate holds each scenario until a slot is free, and frees it when the
// scenario ends; registered before the step library, so that no sandbox
// is made before its scenario may run.
func (r *runState) gate(sc *godog.ScenarioContext, f *featureFile) {
	sc.Before(func(ctx context.Context, p *godog.Scenario) (context.Context, error) {
		if !r.sel.has(f, p) {
			return steps.Unselected(ctx), godog.ErrSkip
		}
		slot := &heldSlot{slots: r.slots}
		if err := slot.acquire(ctx); err != nil {
			return ctx, err
		}
		ctx = context.WithValue(ctx, slotKey{}, slot)
		return timing.WithSlot(ctx, timing.Slot{Release: slot.release, Acquire: slot.acquire}), nil
	})
	sc.After(func(ctx context.Context, _ *godog.Scenario, err error) (context.Context, error) {
		if slot, ok := ctx.Value(slotKey{}).(*heldSlot); ok {
			slot.release()
		}
		return ctx, err
	})
}

// heldSlot is a scenario's hold on a run slot. A scenario that waits for
// real gives it back meanwhile and takes one again after (timing.Slot); a
// scenario's steps run one at a time, so held needs no lock.
type heldSlot struct {
	slots chan struct{}
	held  bool
}

func (h *heldSlot) acquire(ctx context.Context) error {
	if h.held {
		return nil
	}
	select {
	case h.slots <- struct{}{}:
		h.held = true
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (h *heldSlot) release() {
	if h.held {
		h.held = false
		<-h.slots
	}
}

// feature runs one feature file in its own godog suite (godog numbers ids
// per parse, so one file per suite keeps them equal to ours), up to n of
// its scenarios at once, within the run's slots.
func (r *runState) feature(ctx context.Context, f *featureFile, n int) (reports.Feature, error) {
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
		s := scenarioResult(f, sc, w, err, r.strict)
		if s.Outcome == reports.Failed && ctx.Err() == nil && r.maxFailures > 0 && int(r.failures.Add(1)) == r.maxFailures {
			r.stop(fmt.Errorf("stopped after %d failed scenarios (--max-failures / --fail-fast)", r.maxFailures))
		} else if ctx.Err() != nil {
			// It ended after the run was stopped: whatever it saw says
			// nothing about the target.
			s.Outcome, s.Reason, s.Missing = reports.NotRun, notRunReason(ctx), nil
		}
		mu.Lock()
		byPickle[sc.Id] = s
		mu.Unlock()
		r.report(func(p Progress) { p.Scenario(f.URI, s) })
	}
	suite := godog.TestSuite{
		Name: f.URI,
		ScenarioInitializer: func(sc *godog.ScenarioContext) {
			r.gate(sc, f)
			steps.Register(sc, r.env, done)
		},
		Options: &godog.Options{
			Format:          "progress",
			Output:          io.Discard,
			NoColors:        true,
			Strict:          true,
			Concurrency:     r.fileConcurrency(f, n),
			DefaultContext:  ctx,
			FeatureContents: []godog.Feature{{Name: f.URI, Contents: f.Content}},
		},
	}
	status := suite.Run()
	for _, p := range f.Pickles {
		s, ok := byPickle[p.Id]
		if !ok && ctx.Err() != nil && r.sel.has(f, p) {
			// godog never began it: the run was stopped first. It is
			// reported not run, so that no selected scenario goes missing.
			s, ok = reports.Scenario{ID: f.URI + ":" + strconv.Itoa(f.line(p)), Name: p.Name, Line: f.line(p), Provider: f.Provider, Outcome: reports.NotRun, Reason: notRunReason(ctx)}, true
		}
		if ok {
			feat.Scenarios = append(feat.Scenarios, s)
		}
	}
	if status == 2 {
		return feat, fmt.Errorf("%s: godog could not run the feature (bad options or feature file)", f.URI)
	}
	return feat, nil
}

// notRunReason says why a scenario of a stopped run is not run.
func notRunReason(ctx context.Context) string {
	return "interrupted: the run was stopped before this scenario finished (" + context.Cause(ctx).Error() + ")"
}

// fileConcurrency is how many of a file's scenarios godog starts at once.
// The run's slots bound how many are active; where scenarios may wait for
// real (no control API, --max-wait), every scenario of the file is started,
// so that waiting ones, which give their slot back, do not keep the file's
// others from starting: the run then takes about its longest wait, not
// the sum of the waits of each file's first scenarios.
func (r *runState) fileConcurrency(f *featureFile, n int) int {
	if r.env.Target.Control == "" && r.env.MaxWait > 0 && len(f.Pickles) > n {
		return len(f.Pickles)
	}
	return n
}

// scenarioResult turns godog's verdict and the World into the scenario's
// report; strict fails a scenario that passed with warnings.
func scenarioResult(f *featureFile, sc *godog.Scenario, w *steps.World, err error, strict bool) reports.Scenario {
	s := reports.Scenario{
		Warnings:  w.Warnings(),
		ID:        f.URI + ":" + strconv.Itoa(f.line(sc)),
		Name:      sc.Name,
		Line:      f.line(sc),
		Provider:  f.Provider,
		Duration:  w.Duration,
		Exchanges: w.Exchanges(),
	}
	for _, t := range sc.Tags {
		s.Tags = append(s.Tags, t.Name)
	}
	s.Operations, s.Statuses = f.tags[sc.Id].Ops, f.tags[sc.Id].Statuses
	failed, failedAt, firstWhen := "", -1, -1
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
			// A step whose text ends with a colon (a doc string follows) must
			// not read "with body:: ...".
			failed = strings.TrimSpace(step.Keyword) + " " + strings.TrimSuffix(step.Text, ":") + ": " + step.Error
			failedAt = len(s.Steps)
		}
		if firstWhen < 0 && strings.TrimSpace(step.Keyword) == "When" {
			firstWhen = len(s.Steps)
		}
		s.Steps = append(s.Steps, step)
	}
	switch {
	case w.NotApplicable != "":
		s.Outcome, s.Reason, s.Missing = reports.NotApplicable, w.NotApplicable, w.Missing
	case failed != "" && w.Erred():
		s.Outcome, s.Reason = reports.Errored, failed
	case failed != "":
		s.Outcome, s.Reason = reports.Failed, failed
		s.Cause = causeOf(s.Exchanges, s.Steps[failedAt])
		s.Precondition = firstWhen >= 0 && failedAt < firstWhen
	case err != nil && !errors.Is(err, godog.ErrSkip) && w.Erred():
		// The steps passed but conform's plumbing did not (the sandbox's
		// deletion got no answer): an ERROR, never a conformance failure.
		s.Outcome, s.Reason = reports.Errored, w.Secrets.String(err.Error())
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
		if s.Outcome == reports.Passed && strict && len(s.Warnings) > 0 {
			s.Outcome, s.Reason = reports.Failed, "warning in a strict run: "+s.Warnings[0].String()
		}
	}
	return s
}

// causeOf charges a failure to the last answer the scenario got before
// it: a step either broke on that answer (a spec violation) or asserted
// on it (a documented behaviour).
func causeOf(exchanges []steps.Exchange, failing reports.Step) *reports.Cause {
	for i := len(exchanges) - 1; i >= 0; i-- {
		x := exchanges[i]
		if x.Operation == "" || x.Status == 0 {
			continue
		}
		c := &reports.Cause{Provider: x.Provider, Operation: x.Operation, Status: x.Status, Rule: "documented behaviour: " + failing.Text}
		if len(x.Violations) > 0 {
			v := x.Violations[0]
			if _, after, ok := strings.Cut(v, " at "); ok {
				v = after
			}
			c.Rule = "spec: " + v
		}
		return c
	}
	return nil
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
