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
// A World lives in the scenario's context: each scenario has its own
// sandbox (when the target offers conform's control API) and its own
// variables, so scenarios run concurrently without seeing each other.
package steps
