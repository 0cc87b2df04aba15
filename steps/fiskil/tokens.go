package fiskil

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/cucumber/godog"
	"github.com/tidwall/gjson"

	"github.com/conformhq/conform/steps"
)

// registerTokens installs the steps that give the scenario a client and
// a bearer token.
func registerTokens(sc *godog.ScenarioContext) {
	sc.Step(clientStep, func(ctx context.Context) error {
		_, _, err := worldOf(ctx).client()
		return err
	})
	sc.Step(tokenStep, func(ctx context.Context) error {
		w := worldOf(ctx)
		id, secret, err := w.client()
		if err != nil {
			return err
		}
		return w.useToken(ctx, id, secret)
	})
	sc.Step(readOnlyClientStep, func(ctx context.Context) error {
		_, _, err := worldOf(ctx).readOnlyClient(ctx)
		return err
	})
	sc.Step(readOnlyTokenStep, func(ctx context.Context) error {
		w := worldOf(ctx)
		id, secret, err := w.readOnlyClient(ctx)
		if err != nil {
			return err
		}
		return w.useToken(ctx, id, secret)
	})
}

// client returns the scenario's client credentials, or marks the
// scenario not applicable when there are none.
func (w world) client() (id, secret string, err error) {
	id, okID := w.Get(clientIDVar)
	secret, okSecret := w.Get(clientSecretVar)
	if !okID || !okSecret {
		return "", "", w.NotApplicablef("no Fiskil client credentials: the target has no control API and the config gives no providers.fiskil.credentials clientId and clientSecret")
	}
	return id, secret, nil
}

// readOnlyClient provisions a client whose tokens lack api:user.write.
func (w world) readOnlyClient(ctx context.Context) (id, secret string, err error) {
	u := w.unique()
	own := map[string]any{"id": "cli_conform_ro_" + u, "secret": "sec_conform_" + u + "_" + rand.Text()[:16]}
	section := map[string]any{"clients": []any{map[string]any{"id": own["id"], "secret": own["secret"], "scopes": []string{"api:user.read"}}}}
	fx, err := w.provision(ctx, readOnlyClientKind, section, own, "id", "secret")
	if err != nil {
		return "", "", err
	}
	w.Set("readonly_client_id", fx["id"])
	w.Set("readonly_client_secret", fx["secret"])
	return fx["id"], fx["secret"], nil
}

// useToken exchanges client credentials for a bearer token and sends
// it on every later Fiskil request.
func (w world) useToken(ctx context.Context, id, secret string) error {
	body, _ := json.Marshal(map[string]string{"client_id": id, "client_secret": secret})
	// The body is built here, not expanded from a template: a secret
	// holding "{{" must not be mistaken for a variable.
	last, err := w.postJSON(ctx, "/v1/token", body)
	if err != nil {
		return err
	}
	if last.Status != http.StatusOK {
		return fmt.Errorf("POST /v1/token refused the client %s: status %d; body: %s", id, last.Status, w.RedactBody(last.Body))
	}
	tok := gjson.GetBytes(last.Body, "token")
	if tok.Type != gjson.String || tok.Str == "" {
		return fmt.Errorf("POST /v1/token answered 200 without a token; body: %s", w.RedactBody(last.Body))
	}
	w.Set("access_token", tok.Str)
	w.SetHeader(name, "Authorization", "Bearer "+tok.Str)
	return nil
}

// postJSON posts a body built by the step, sent as it is, never expanded,
// and returns the answer.
func (w world) postJSON(ctx context.Context, path string, body []byte) (*steps.Response, error) {
	if err := w.SendTo(ctx, name, steps.Request{Method: http.MethodPost, Path: path, Body: string(body), Verbatim: true, NoRedirect: true}); err != nil {
		return nil, err
	}
	return w.Last()
}
