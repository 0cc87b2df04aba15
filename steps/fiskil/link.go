package fiskil

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"

	"github.com/conformhq/conform/steps"
)

// registerLinkChecks installs the checks of the Link SDK flow: the URL the
// SDK opens, and the message the framed page posts to its parent.
func registerLinkChecks(sc *steps.ScenarioContext) {
	sc.Step(`^the auth_url should be the consent page with the session_id as sess_id$`, func(ctx context.Context) error {
		w := worldOf(ctx)
		au, err := w.JSONAt("auth_url")
		if err != nil {
			return err
		}
		sid, err := w.JSONAt("session_id")
		if err != nil {
			return err
		}
		u, err := url.Parse(au.Str)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return fmt.Errorf("auth_url %s is not an absolute http(s) URL", w.Secrets.String(au.Raw))
		}
		if got := u.Query()["sess_id"]; len(got) != 1 || got[0] != sid.Str {
			return fmt.Errorf("auth_url %s must be <authServer>?sess_id=<session_id>, as the Link SDK opens it (Fiskil/link src/index.ts:154-156)",
				w.Secrets.String(au.Str))
		}
		return nil
	})
	sc.Step(`^the page posts to its parent a completed consent$`, func(ctx context.Context) error {
		w := worldOf(ctx)
		msg, err := w.linkMessage()
		if err != nil {
			return err
		}
		id, _ := msg["consentID"].(string)
		if msg["isCompleted"] != true || id == "" {
			return fmt.Errorf("the Link SDK completes only on isCompleted: true with a consentID (Fiskil/link src/utils.ts:130-136); got %s", w.Secrets.String(fmt.Sprint(msg)))
		}
		return nil
	})
	sc.Step(`^the page posts to its parent a failure with error_type "([^"]+)"$`, func(ctx context.Context, errorType string) error {
		w := worldOf(ctx)
		msg, err := w.linkMessage()
		if err != nil {
			return err
		}
		var probs []string
		if msg["isCompleted"] != false {
			probs = append(probs, "isCompleted is not false")
		}
		if got, _ := msg["errorType"].(string); got != errorType {
			probs = append(probs, fmt.Sprintf("errorType=%q (want %s)", got, errorType))
		}
		for _, k := range []string{"error", "errorID", "errorDescription", "errorURI"} {
			if s, _ := msg[k].(string); s == "" {
				probs = append(probs, "no "+k)
			}
		}
		if len(probs) > 0 {
			return fmt.Errorf("the message to the parent has %s: %s", strings.Join(probs, ", "), w.Secrets.String(fmt.Sprint(msg)))
		}
		return nil
	})
}

// linkMessageScript holds, in conform's page, the message its script
// posts to the parent window.
var linkMessageScript = regexp.MustCompile(`(?s)<script id="fiskil-link-message" type="application/json">(.*?)</script>`)

// linkMessage is the message the last page posts to its parent.
func (w world) linkMessage() (map[string]any, error) {
	last, err := w.Last()
	if err != nil {
		return nil, err
	}
	if last.Status != http.StatusOK {
		return nil, fmt.Errorf("expected the framed page to answer 200, got %d%s; body: %s", last.Status, w.locationNote(), w.Secrets.String(snippet(last.Body)))
	}
	m := linkMessageScript.FindSubmatch(last.Body)
	if m == nil {
		return nil, fmt.Errorf("the page posts no message to its parent; body: %s", w.Secrets.String(snippet(last.Body)))
	}
	var msg map[string]any
	if err := json.Unmarshal(m[1], &msg); err != nil {
		return nil, fmt.Errorf("the page's message is not a JSON object: %w", err)
	}
	return msg, nil
}
