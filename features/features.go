// Package features embeds the conformance scenarios, one folder per
// provider (fliqa/, weavr/, fiskil/), so that the conform binary carries
// them wherever it runs.
//
// Tags: @fliqa @weavr @fiskil; @op:<operationId> and @status:<code> for the
// documented code a scenario exercises; @code:<errorSubCode|errorCode|name>
// for the error code within it; @needs:<capability> for a need of the target
// that the steps do not show (the step engine infers the others from the
// steps: steps.Env.NeedsOf). A @needs-control tag (the tag before capabilities were named) states nothing.
package features

import (
	"embed"
	"io/fs"
)

// FS holds the feature files, as fliqa/<operation>.feature and so on.
//
//go:embed */*.feature
var FS embed.FS

// Of returns the feature files of one provider, at the root of the FS.
func Of(provider string) fs.FS {
	sub, err := fs.Sub(FS, provider)
	if err != nil {
		// fs.Sub fails only on an invalid path; a provider's name is a word.
		panic(err)
	}
	return sub
}
