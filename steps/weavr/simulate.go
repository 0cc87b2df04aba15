package weavr

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/tidwall/gjson"
)

// simulateTimeout bounds one call of the sandbox simulate API.
const simulateTimeout = 10 * time.Second

// simulatePush completes the scenario's push challenge through Weavr's
// sandbox simulate API, POST /simulate/api/factors/{credentials_id}/
// challenges/{challenge_id}/{outcome} [SIM:558], which Weavr's sandbox and
// conform's simulator both serve: with the programme's key (as
// programme-key, per the simulate API's document, and as api-key, per
// Weavr's summary) and the session's bearer token. The answer must be 200
// {code: COMPLETED} for verify_success, DENIED otherwise. The call is not
// one of the API under test: it is neither validated nor recorded, and the
// scenario's last response stays the one before it.
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
	ctx, cancel := context.WithTimeout(ctx, simulateTimeout)
	defer cancel()
	url := w.BaseURL(name) + "/simulate/api/factors/" + creds + "/challenges/" + id + "/" + outcome
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, nil)
	if err != nil {
		return fmt.Errorf("cannot build the simulate API call: %w", err)
	}
	req.Header.Set("programme-key", key)
	req.Header.Set("api-key", key)
	req.Header.Set("Authorization", "Bearer "+token)
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Do(req)
	if err != nil {
		return fmt.Errorf("the simulate API (%s) did not answer: %w", outcome, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<16))
	want := "DENIED"
	if outcome == "verify_success" {
		want = "COMPLETED"
	}
	if resp.StatusCode != http.StatusOK || gjson.GetBytes(body, "code").String() != want {
		return fmt.Errorf("the simulate API's %s: expected 200 {code: %s}, got %d %s", outcome, want, resp.StatusCode, w.RedactBody(body))
	}
	return nil
}
