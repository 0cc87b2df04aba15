package steps

import "github.com/cucumber/godog"

// Vocabulary is what a provider adds to the step library.
type Vocabulary struct {
	// Name is the provider's key: its URL prefix, feature folder, tag (@weavr), config section.
	Name string
	// Title is how scenarios write it: "Weavr" in `Given I use the Weavr API`.
	Title string
	// Register installs the provider's own steps.
	Register func(sc *godog.ScenarioContext)
	// Credentials sets the provider's default request headers once its
	// credentials are known (from the scenario's sandbox or from the config
	// file); nil when none.
	Credentials func(w *World)
}
