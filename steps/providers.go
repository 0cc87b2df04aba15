package steps

import "github.com/cucumber/godog"

// credentialHooks set a provider's default request headers once its
// credentials are known (from the sandbox or the config file).
var credentialHooks = map[string]func(w *World){
	"weavr":  weavrCredentials,
	"fliqa":  fliqaCredentials,
	"fiskil": fiskilCredentials,
}

// providerSteps register each provider's own steps.
var providerSteps = []func(sc *godog.ScenarioContext){
	registerWeavr,
	registerFliqa,
	registerFiskil,
}
