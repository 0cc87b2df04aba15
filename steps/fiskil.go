package steps

import "github.com/cucumber/godog"

func fiskilCredentials(w *World) {}

func registerFiskil(sc *godog.ScenarioContext) {}
