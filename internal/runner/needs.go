package runner

import (
	"cmp"
	"slices"
	"strconv"

	"github.com/conformhq/conform/reports"
	"github.com/conformhq/conform/steps"
)

// ScenarioNeeds is one scenario and what it needs of the target.
type ScenarioNeeds struct {
	// URI and Line place the scenario (an outline's Examples row).
	URI  string
	Line int
	Name string
	// Needs are what its steps and @needs: tags need; Missing the part the
	// target does not offer.
	Needs   []steps.Need
	Missing []steps.Missing
}

// Lacking is a capability the target lacks and the scenarios it keeps from
// running.
type Lacking struct {
	steps.Missing
	Scenarios []ScenarioNeeds
}

// OfferedNeed is a capability some scenario needs and the target offers.
type OfferedNeed struct {
	Capability steps.Capability
	// By names what offers it: conform's control API, or a config key.
	By string
}

// ProviderNeeds is what the target can and cannot check of one provider,
// at its version under test.
type ProviderNeeds struct {
	Provider, Version string
	// Scenarios are the provider's scenarios the run would select.
	Scenarios []ScenarioNeeds
	Offered   []OfferedNeed
	// Lacking are the capabilities missing, the most scenarios first.
	Lacking []Lacking
	// Runnable counts the scenarios whose needs are all offered.
	Runnable int
	// Codes counts the documented codes as the run would: Passed are the
	// checkable ones (a scenario covering it can run), NotApplicable those
	// whose every covering scenario cannot, NotCovered those without one.
	Codes reports.CodeTotals
}

// NeedsReport is what a target can and cannot check, found before anything
// runs: `conform run --list-needs`.
type NeedsReport struct {
	Target string
	// Control says what was found or decided about the control API.
	Control   string
	Providers []ProviderNeeds
}

// ListNeeds says, per provider, what the plan's target offers and lacks of
// what the selected scenarios need, and which scenarios and documented
// codes that leaves out, without sending any request: a config's control:
// auto is not probed, and is read as no control API (what a deployment
// offers by itself).
func ListNeeds(p Plan) (*NeedsReport, error) {
	list, err := p.check()
	if err != nil {
		return nil, err
	}
	target, err := p.offlineTarget()
	if err != nil {
		return nil, err
	}
	env, err := NewEnv(target, p.Providers, p.envChoice(target.Config))
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
	sel, err := newSelection(p, list, env.Versions, files)
	if err != nil {
		return nil, err
	}
	if !slices.ContainsFunc(files, func(f *featureFile) bool { return sel.count(f) > 0 }) {
		return nil, sel.nothing(files, list.Names())
	}
	versions := versionsOf(list, env)
	// A run of what could run: the runnable scenarios pass, the others are
	// not applicable, and the coverage of the documented codes follows as
	// the run's would.
	run := &reports.Run{Versions: versions, Documented: documented(env, list.Names())}
	rep := &NeedsReport{Target: target.Name, Control: target.ControlNote}
	byProvider := map[string]*ProviderNeeds{}
	for _, d := range list {
		rep.Providers = append(rep.Providers, ProviderNeeds{Provider: d.Name, Version: versions[d.Name]})
	}
	for i := range rep.Providers {
		byProvider[rep.Providers[i].Provider] = &rep.Providers[i]
	}
	selected := map[string]bool{}
	for _, f := range files {
		feat := reports.Feature{URI: f.URI}
		pn := byProvider[f.Provider]
		for _, pk := range f.Pickles {
			if !sel.has(f, pk) {
				continue
			}
			selected[f.Provider] = true
			needs, err := env.NeedsOf(pk)
			if err != nil {
				return nil, err
			}
			sn := ScenarioNeeds{URI: f.URI, Line: f.line(pk), Name: pk.Name, Needs: needs, Missing: env.Missing(needs)}
			pn.Scenarios = append(pn.Scenarios, sn)
			s := reports.Scenario{Provider: f.Provider, Name: pk.Name, Line: sn.Line, ID: f.URI + ":" + strconv.Itoa(sn.Line), Outcome: reports.Passed}
			if len(sn.Missing) > 0 {
				s.Outcome = reports.NotApplicable
			} else {
				pn.Runnable++
			}
			s.Operations, s.Statuses = f.tags[pk.Id].Ops, f.tags[pk.Id].Statuses
			feat.Scenarios = append(feat.Scenarios, s)
		}
		run.Features = append(run.Features, feat)
	}
	if p.Tags != "" {
		// As a run scores only the providers its tags selected.
		run.Documented = slices.DeleteFunc(run.Documented, func(c reports.Code) bool { return !selected[c.Provider] })
	}
	for _, pc := range reports.CountCodesByProvider(run, reports.Coverage(run)) {
		byProvider[pc.Provider].Codes = pc.Codes
	}
	for i := range rep.Providers {
		rep.Providers[i].offersAndLacks(env)
	}
	return rep, nil
}

// offersAndLacks sorts the provider's scenarios' needs into those the
// target offers and those it lacks, with the scenarios each keeps out.
func (pn *ProviderNeeds) offersAndLacks(env *steps.Env) {
	offered := map[steps.Capability]string{}
	lacking := map[steps.Capability]*Lacking{}
	for _, s := range pn.Scenarios {
		for _, n := range s.Needs {
			if o := env.Offer(n); o.Offered {
				offered[n.Capability] = o.By
			}
		}
		for _, m := range s.Missing {
			l := lacking[m.Capability]
			if l == nil {
				l = &Lacking{Missing: m}
				lacking[m.Capability] = l
			}
			l.Scenarios = append(l.Scenarios, s)
		}
	}
	for c, by := range offered {
		pn.Offered = append(pn.Offered, OfferedNeed{Capability: c, By: by})
	}
	slices.SortFunc(pn.Offered, func(a, b OfferedNeed) int { return cmp.Compare(a.Capability, b.Capability) })
	for _, l := range lacking {
		pn.Lacking = append(pn.Lacking, *l)
	}
	slices.SortFunc(pn.Lacking, func(a, b Lacking) int {
		return cmp.Or(cmp.Compare(len(b.Scenarios), len(a.Scenarios)), cmp.Compare(a.Capability, b.Capability))
	})
}

// offlineTarget is the plan's target as far as it can be known without a
// request: the built-in simulator offers the control API; a deployment
// offers it when its config says control: yes, and is taken to offer none
// otherwise (control: auto is not probed).
func (p *Plan) offlineTarget() (*steps.Target, error) {
	if p.Target == "" && p.Config == "" {
		return BuiltIn(p.Providers, p.Timeout)
	}
	cfg, _, err := p.config()
	if err != nil {
		return nil, err
	}
	t := &steps.Target{Name: cmp.Or(cfg.Target, firstBaseURL(cfg)), Config: cfg}
	if !declaredControl(t, cfg) {
		t.ControlNote = "control API: not probed (--list-needs sends no request); listed as absent, as a deployment offers it (control: yes in the config lists what conform serve's offers)"
	}
	return t, nil
}
