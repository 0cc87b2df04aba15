package steps

import (
	"context"
	"fmt"

	"github.com/cucumber/godog"
)

func world(ctx context.Context) *World { return WorldFrom(ctx) }

// registerProviderChoice installs "Given I use the <provider> API" for the
// providers of the env's vocabularies.
func registerProviderChoice(sc *ScenarioContext, env *Env) {
	if len(env.Vocabularies) == 0 {
		return
	}
	sc.Step(`^I use the (?i)(`+env.providerPattern()+`) API$`, func(ctx context.Context, p string) error {
		world(ctx).Provider = env.providerNamed(p)
		return nil
	})
}

// registerRequests installs the steps that shape and send requests to the
// chosen provider: default headers, a bearer token, the request itself.
func registerRequests(sc *ScenarioContext) {
	sc.Step(`^the request header "([^"]+)" is "([^"]*)"$`, func(ctx context.Context, name, value string) error {
		w := world(ctx)
		v, err := w.Expand(value)
		if err != nil {
			return err
		}
		w.SetHeader(w.Provider, name, v)
		return nil
	})
	sc.Step(`^the request omits the header "([^"]+)"$`, func(ctx context.Context, name string) error {
		w := world(ctx)
		w.OmitHeader(w.Provider, name)
		return nil
	})
	sc.Step(`^I authenticate with "([^"]*)"$`, func(ctx context.Context, token string) error {
		w := world(ctx)
		v, err := w.Expand(token)
		if err != nil {
			return err
		}
		w.SetHeader(w.Provider, "Authorization", "Bearer "+v)
		return nil
	})
	sc.Step(`^I send a (GET|POST|PUT|PATCH|DELETE) request to "([^"]*)"$`, func(ctx context.Context, method, path string) error {
		return world(ctx).Send(ctx, Request{Method: method, Path: path})
	})
	sc.Step(`^I send a (GET|POST|PUT|PATCH|DELETE) request to "([^"]*)" with body:$`, func(ctx context.Context, method, path string, body *godog.DocString) error {
		return world(ctx).Send(ctx, Request{Method: method, Path: path, Body: body.Content, ContentType: body.MediaType})
	})
}

// registerMemory installs the steps that keep parts of the last response
// as variables for later steps ({{name}}).
func registerMemory(sc *ScenarioContext) {
	sc.Step(`^I remember the JSON at "([^"]+)" as "([^"]+)"$`, func(ctx context.Context, path, name string) error {
		w := world(ctx)
		r, err := w.JSONAt(path)
		if err != nil {
			return err
		}
		if !r.Exists() {
			return fmt.Errorf("the response has nothing at %q", path)
		}
		w.Set(name, r.String())
		return nil
	})
	sc.Step(`^I remember the response header "([^"]+)" as "([^"]+)"$`, func(ctx context.Context, header, name string) error {
		w := world(ctx)
		last, err := w.Last()
		if err != nil {
			return err
		}
		v := last.Header.Get(header)
		if v == "" {
			return fmt.Errorf("the response has no %s header", header)
		}
		w.Set(name, v)
		return nil
	})
}
