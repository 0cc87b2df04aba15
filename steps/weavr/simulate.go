package weavr

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/tidwall/gjson"
)

// simulatePush completes the scenario's push challenge through Weavr's
// sandbox simulate API, POST /simulate/api/factors/{credentials_id}/
// challenges/{challenge_id}/{outcome} [SIM:558], which Weavr's sandbox and
// conform's simulator both serve: with the programme's key (as
// programme-key, per the simulate API's document, and as api-key, per
// Weavr's summary) and the session's bearer token. The answer must be 200
// {code: COMPLETED} for verify_success, DENIED otherwise. The call is not
// one of the API under test: it is recorded, not validated.
func (w world) simulatePush(ctx context.Context, outcome string) error {
	id, ok := w.Get("challengeId")
	if !ok {
		return fmt.Errorf(`no push challenge to complete: start one first ("Given a Weavr push challenge on "AUTHY" is in flight")`)
	}
	creds, ok := w.Get("credentialsId")
	if !ok {
		return fmt.Errorf("the Weavr user's credentials id is unknown (the fixtures or the login give it)")
	}
	token, ok := w.Get("accessToken")
	if !ok {
		if token, ok = w.Get("authToken"); !ok {
			return fmt.Errorf("the Weavr user is not logged in")
		}
	}
	key, _ := w.Credential(name, "apiKey")
	url := simulateBase(w.BaseURL(name)) + "/factors/" + creds + "/challenges/" + id + "/" + outcome
	header := http.Header{"programme-key": {key}, "api-key": {key}, "Authorization": {"Bearer " + token}}
	if err := w.SendOutOfBand(ctx, name, http.MethodPost, url, header); err != nil {
		return fmt.Errorf("the simulate API's %s: %w", outcome, err)
	}
	last, err := w.Last()
	if err != nil {
		return err
	}
	want := "DENIED"
	if outcome == "verify_success" {
		want = "COMPLETED"
	}
	if last.Status != http.StatusOK || gjson.GetBytes(last.Body, "code").String() != want {
		return fmt.Errorf("the simulate API's %s: expected 200 {code: %s}, got %d %s", outcome, want, last.Status, w.RedactBody(last.Body))
	}
	return nil
}

// simulateBase is where the simulate API lives for a Weavr base URL:
// Weavr's sandbox serves the Multi API under …/multi and the simulate API
// beside it under …/simulate/api [SIM:15]; conform's simulator serves it
// below its Weavr root.
func simulateBase(base string) string {
	base = strings.TrimSuffix(base, "/")
	if root, ok := strings.CutSuffix(base, "/multi"); ok {
		return root + "/simulate/api"
	}
	return base + "/simulate/api"
}
