// Package steps is conform's step engine: the provider-neutral Gherkin
// steps the feature files are written in (choosing a provider, sending
// requests, asserting on status, headers and JSON, shaping the sandbox), the
// per-scenario World all steps act on, and the Vocabulary through which each
// provider's package (steps/weavr, steps/fliqa, steps/fiskil) adds its own
// steps. The engine names no provider: the caller hands NewEnv the
// vocabularies and specs of the providers a run knows.
//
// Every response a step receives is validated against its provider's spec;
// a violation fails the step that sent the request, naming operation,
// status, JSON pointer and reason, even when the scenario's own assertions
// would pass.
//
// Clock steps name the timing they are about, never a bare duration:
// `the sandbox clock advances by "lockoutPeriod - 1s"`. A timing.Expr is a
// sum of terms between spaced + and -, each a timing (declared by the
// scenario's provider in its Vocabulary.Timings, with the contract's
// default; a config file declares a deployment's own under
// providers.<name>.timings), a coefficient and a timing ("4/5
// challengeExpiry"), or a Go duration ("1s"). With the control API the
// sandbox clock jumps; without, the scenario waits for real when
// Env.MaxWait (--max-wait) allows, measuring before waits from the
// previous request's send and after waits from its answer (timing.Sleep).
//
// Exact expectations are documented or decided (contract rule 7): a step
// ending in " [decided]" (Decided) states conform's own choice, which any
// answer the reference allows satisfies, with a warning naming the rule
// (provenance.go); every other exact expectation cites its source in a
// `# source:` comment of its scenario, which features/provenance_test.go
// enforces. Counts that no reference fixes are Limits a deployment
// declares (providers.<name>.limits); World.Count evaluates a count
// written with one ("lockoutThreshold - 1").
//
// A World lives in the scenario's context: each scenario has its own
// sandbox (when the target offers conform's control API) and its own
// variables, so scenarios run concurrently without seeing each other.
package steps
