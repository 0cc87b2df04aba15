package steps

import "github.com/cucumber/godog"

func fliqaCredentials(w *World) {}

func registerFliqa(sc *godog.ScenarioContext) {}
