package steps

import (
	"regexp"
	"sync"

	"github.com/cucumber/godog"
)

// ScenarioContext is godog's scenario context as the step library
// registers on it: Step takes its pattern compiled once per Env instead of
// once per scenario. godog calls the registration for every scenario and
// compiles every string pattern each time; in an in-process run that was
// over half of the CPU.
type ScenarioContext struct {
	*godog.ScenarioContext
	patterns *patterns
}

// Step registers a step definition, as godog's Step does, with its pattern
// (a string) compiled once per Env.
func (sc *ScenarioContext) Step(expr, stepFunc any) {
	sc.ScenarioContext.Step(sc.patterns.compile(expr), stepFunc)
}

// patterns are the compiled step patterns of an Env, by source; safe for
// the concurrent scenarios of a run.
type patterns struct {
	mu sync.RWMutex
	m  map[string]*regexp.Regexp
}

func newPatterns() *patterns { return &patterns{m: map[string]*regexp.Regexp{}} }

// compile returns a string pattern compiled (panicking on a bad one, as
// godog does), from the cache when it is there; anything else is returned
// as it is, for godog to judge. A nil cache compiles nothing.
func (p *patterns) compile(expr any) any {
	s, ok := expr.(string)
	if !ok || p == nil {
		return expr
	}
	p.mu.RLock()
	re := p.m[s]
	p.mu.RUnlock()
	if re != nil {
		return re
	}
	re = regexp.MustCompile(s)
	p.mu.Lock()
	defer p.mu.Unlock()
	if old := p.m[s]; old != nil {
		return old
	}
	p.m[s] = re
	return re
}
