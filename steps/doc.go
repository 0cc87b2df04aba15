// Package steps is conform's step library: the Gherkin vocabulary the
// feature files are written in, and the per-scenario World those steps act
// on.
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
