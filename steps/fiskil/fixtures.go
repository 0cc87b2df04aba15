package fiskil

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/cucumber/godog"
	"github.com/tidwall/gjson"
)

// registerFixtures installs the steps that provision end users,
// institutions and auth sessions.
func registerFixtures(sc *godog.ScenarioContext) {
	sc.Step(endUserStep, func(ctx context.Context) error {
		w := worldOf(ctx)
		u := w.unique()
		own := map[string]any{"id": "eu_conform_" + u, "email": "conform-" + u + "@example.com"}
		section := map[string]any{"endUsers": []any{map[string]any{"id": own["id"], "email": own["email"], "name": "Conform End User"}}}
		fx, err := w.provision(ctx, endUserKind, section, own, "id", "email")
		if err != nil {
			return err
		}
		w.Set("end_user_id", fx["id"])
		w.Set("end_user_email", fx["email"])
		return nil
	})
	sc.Step(`^an unused Fiskil end-user e-mail address as "([^"]+)"$`, func(ctx context.Context, name string) error {
		w := worldOf(ctx)
		w.Set(name, "conform-"+w.unique()+"@example.com")
		return nil
	})
	sc.Step(institutionStep, func(ctx context.Context) error {
		w := worldOf(ctx)
		own := map[string]any{"id": "inst_conform_" + w.unique()}
		section := map[string]any{"institutions": []any{map[string]any{"id": own["id"], "name": "Conform Test Bank"}}}
		fx, err := w.provision(ctx, institutionKind, section, own, "id")
		if err != nil {
			return err
		}
		w.Set("institution_id", fx["id"])
		return nil
	})
	sc.Step(`^a Fiskil auth session for the end user that returns to "([^"]*)" or cancels to "([^"]*)"$`, func(ctx context.Context, redirect, cancel string) error {
		return worldOf(ctx).authSession(ctx, redirect, cancel)
	})
}

// unique returns a string unique to this call within the scenario,
// and to the scenario within the run: the sandbox's id (or, without one, a
// random part drawn once per scenario) and a counter kept in the World.
func (w world) unique() string {
	seq, _ := w.Get(seqVar)
	n, _ := strconv.Atoi(seq)
	n++
	w.Set(seqVar, strconv.Itoa(n))
	base := strings.ToLower(w.Sandbox)
	if base == "" {
		base, _ = w.Get(runVar)
		if base == "" {
			base = "run_" + strings.ToLower(rand.Text()[:12])
			w.Set(runVar, base)
		}
	}
	return fmt.Sprintf("%s_%d", base, n)
}

// provision provisions a fixture of a kind and returns its string
// fields: with the control API, own (the values the section was built
// from); without, the config's providers.fiskil.fixtures.<kind>, which must
// have every required field.
func (w world) provision(ctx context.Context, kind string, section, own map[string]any, required ...string) (map[string]string, error) {
	fx, err := w.Provision(ctx, name, kind, section)
	if err != nil {
		return nil, err
	}
	if w.HasControl() {
		fx = own
	}
	out := map[string]string{}
	for k, v := range fx {
		if s, ok := v.(string); ok {
			out[k] = s
		}
	}
	for _, f := range required {
		if out[f] == "" {
			return nil, fmt.Errorf("the fiskil fixture %q has no %s (providers.fiskil.fixtures.%s.%s)", kind, f, kind, f)
		}
	}
	return out, nil
}

// authSession creates an auth session for {{end_user_id}} and
// remembers its auth_url, id and session_id.
func (w world) authSession(ctx context.Context, redirect, cancel string) error {
	eu, ok := w.Get("end_user_id")
	if !ok {
		return errors.New(`no end user: "Given a Fiskil end user" must come first`)
	}
	if !w.HasHeader(name, "Authorization") {
		return errors.New(`no bearer token: "Given a Fiskil access token" must come first`)
	}
	var err error
	if redirect, err = w.Expand(redirect); err != nil {
		return err
	}
	if cancel, err = w.Expand(cancel); err != nil {
		return err
	}
	req := map[string]string{"end_user_id": eu}
	if redirect != "" {
		req["redirect_uri"] = redirect
	}
	if cancel != "" {
		req["cancel_uri"] = cancel
	}
	body, _ := json.Marshal(req)
	last, err := w.postJSON(ctx, "/v1/auth/session", body)
	if err != nil {
		return err
	}
	if last.Status != http.StatusOK {
		return fmt.Errorf("POST /v1/auth/session: expected 200, got %d; body: %s", last.Status, w.RedactBody(last.Body))
	}
	for v, path := range map[string]string{"auth_url": "auth_url", "auth_session_id": "id", "session_id": "session_id"} {
		r := gjson.GetBytes(last.Body, path)
		if r.Type != gjson.String || r.Str == "" {
			return fmt.Errorf("POST /v1/auth/session answered 200 without %s; body: %s", path, w.RedactBody(last.Body))
		}
		w.Set(v, r.Str)
	}
	// Whoever holds the session id can consent: reports must not show it.
	if sid, ok := w.Get("session_id"); ok {
		w.Secrets.Add(sid)
	}
	return nil
}
