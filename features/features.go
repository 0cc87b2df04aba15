// Package features embeds the conformance scenarios, one folder per
// provider (fliqa/, weavr/, fiskil/), so that the conform binary carries
// them wherever it runs.
//
// Tags: @fliqa @weavr @fiskil; @op:<operationId> and @status:<code> for the
// documented code a scenario exercises; @code:<errorSubCode|errorCode|name>
// for the error code within it; @needs-control for scenarios that use the
// simulator's control API (clock, faults, outbox, fixtures).
package features

import "embed"

// FS holds the feature files, as fliqa/<operation>.feature and so on.
//
//go:embed fliqa weavr fiskil
var FS embed.FS
