package steps

import "github.com/cucumber/godog"

// weavrCredentials sends the sandbox's api key on every Weavr request.
func weavrCredentials(w *World) {
	if k, ok := w.Credential("weavr", "apiKey"); ok {
		w.SetHeader("weavr", "api-key", k)
	}
}

func registerWeavr(sc *godog.ScenarioContext) {}
