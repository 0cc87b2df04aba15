package steps

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/cucumber/godog"
	"github.com/tidwall/gjson"
)

// Fiskil's scope that the end-user and auth-session operations require.
const fiskilWriteScope = "api:user.write"

// Variables the Fiskil steps set, for {{name}} in feature files.
const (
	fiskilClientIDVar     = "fiskil_client_id"     // the scenario's client (the sandbox's, or the config's)
	fiskilClientSecretVar = "fiskil_client_secret" // its secret
	fiskilSeqVar          = "fiskil_seq"           // counter behind fiskilUnique
	fiskilRunVar          = "fiskil_run"           // random part of fiskilUnique without a sandbox
)

// fiskilCredentials makes the scenario's Fiskil client known to the feature
// files as {{fiskil_client_id}} and {{fiskil_client_secret}}. Fiskil has
// no static credential header: a bearer token comes from POST /v1/token
// ("Given a Fiskil access token"). The hook runs again whenever fixtures add
// clients; the first client it sees (the sandbox's own, or the config's
// credentials clientId and clientSecret) stays the scenario's client. A
// config that gives a ready-made bearer token (credentials.token) gets it
// sent on every Fiskil request.
func fiskilCredentials(w *World) {
	if _, ok := w.Get(fiskilClientIDVar); !ok {
		id, okID := w.Credential("fiskil", "clientId")
		secret, okSecret := w.Credential("fiskil", "clientSecret")
		if okID && okSecret {
			w.Set(fiskilClientIDVar, id)
			w.Set(fiskilClientSecretVar, secret)
		}
	}
	if tok, ok := w.Credential("fiskil", "token"); ok {
		if _, set := w.headers["fiskil"]["Authorization"]; !set {
			w.SetHeader("fiskil", "Authorization", "Bearer "+tok)
		}
	}
}

// registerFiskil installs the Fiskil steps. Fixture steps create what they
// need in the scenario's sandbox through the control API, or, against a
// deployment without it, take a pre-provisioned fixture from the config file
// (providers.fiskil.fixtures.<kind>); the scenario is not applicable when
// there is none.
//
// Tokens:
//
//	Given the Fiskil client credentials
//	    the scenario's client, as {{fiskil_client_id}} and
//	    {{fiskil_client_secret}} (the sandbox's, or the config's credentials
//	    clientId and clientSecret); not applicable without them.
//	Given a Fiskil access token
//	    exchanges the scenario's client credentials at POST /v1/token and sends
//	    the token as "Authorization: Bearer" on every later Fiskil request
//	    ({{access_token}}).
//	Given a Fiskil client lacking the scope api:user.write
//	    fixture kind "readonly_client" {id, secret}: {{readonly_client_id}},
//	    {{readonly_client_secret}}.
//	Given a Fiskil access token lacking the scope api:user.write
//	    the two steps above together: the bearer token is that client's.
//
// End users, institutions, auth sessions:
//
//	Given a Fiskil end user
//	    fixture kind "end_user" {id, email}: {{end_user_id}}, {{end_user_email}}.
//	Given an unused Fiskil end-user e-mail address as "name"
//	    an address unique to the scenario, in {{name}}.
//	Given a Fiskil institution
//	    fixture kind "institution" {id}: {{institution_id}}.
//	Given a Fiskil auth session for the end user that returns to "URI" or cancels to "URI"
//	    POST /v1/auth/session for {{end_user_id}}: {{auth_url}},
//	    {{auth_session_id}} (id), {{session_id}}.
//
// Consent page (outside the spec: the page {{auth_url}} leads to; requests
// are recorded but not validated against the spec, redirects not followed):
//
//	When the end user opens the consent page
//	When the end user opens the consent page of an auth session that does not exist
//	When the end user approves consent
//	When the end user denies consent
//	When the end user fails the one-time password check
//	Then the consent page should be shown
//	Then the consent page should answer 404 with error_type "AUTH_SESSION_NOT_FOUND"
//	Then the end user is sent to "https://acme.example/success"
//	Then the end user is sent to "https://acme.example/cancel" with error_type "CONSENT_ENDUSER_DENIED"
//	Then the redirect's query parameter "session_id" should be "{{session_id}}"
//
// Assertions on API responses:
//
//	Then Fiskil answers 400 with the error "missing_field"
//	    status, goa body name, and the goa-error header naming the same error.
//	Then the auth session should expire 5 days after its creation
//	    expires_at of the last response against the sandbox's clock (or
//	    this machine's, within 5 minutes, without the control API).
func registerFiskil(sc *godog.ScenarioContext) {
	sc.Step(`^the Fiskil client credentials$`, func(ctx context.Context) error {
		_, _, err := world(ctx).fiskilClient()
		return err
	})
	sc.Step(`^a Fiskil access token$`, func(ctx context.Context) error {
		w := world(ctx)
		id, secret, err := w.fiskilClient()
		if err != nil {
			return err
		}
		return w.fiskilUseToken(ctx, id, secret)
	})
	sc.Step(`^a Fiskil client lacking the scope api:user\.write$`, func(ctx context.Context) error {
		_, _, err := world(ctx).fiskilReadOnlyClient(ctx)
		return err
	})
	sc.Step(`^a Fiskil access token lacking the scope api:user\.write$`, func(ctx context.Context) error {
		w := world(ctx)
		id, secret, err := w.fiskilReadOnlyClient(ctx)
		if err != nil {
			return err
		}
		return w.fiskilUseToken(ctx, id, secret)
	})
	sc.Step(`^a Fiskil end user$`, func(ctx context.Context) error {
		w := world(ctx)
		u := w.fiskilUnique()
		own := map[string]any{"id": "eu_conform_" + u, "email": "conform-" + u + "@example.com"}
		section := map[string]any{"endUsers": []any{map[string]any{"id": own["id"], "email": own["email"], "name": "Conform End User"}}}
		fx, err := w.fiskilProvision(ctx, "end_user", section, own, "id", "email")
		if err != nil {
			return err
		}
		w.Set("end_user_id", fx["id"])
		w.Set("end_user_email", fx["email"])
		return nil
	})
	sc.Step(`^an unused Fiskil end-user e-mail address as "([^"]+)"$`, func(ctx context.Context, name string) error {
		w := world(ctx)
		w.Set(name, "conform-"+w.fiskilUnique()+"@example.com")
		return nil
	})
	sc.Step(`^a Fiskil institution$`, func(ctx context.Context) error {
		w := world(ctx)
		own := map[string]any{"id": "inst_conform_" + w.fiskilUnique()}
		section := map[string]any{"institutions": []any{map[string]any{"id": own["id"], "name": "Conform Test Bank"}}}
		fx, err := w.fiskilProvision(ctx, "institution", section, own, "id")
		if err != nil {
			return err
		}
		w.Set("institution_id", fx["id"])
		return nil
	})
	sc.Step(`^a Fiskil auth session for the end user that returns to "([^"]*)" or cancels to "([^"]*)"$`, func(ctx context.Context, redirect, cancel string) error {
		return world(ctx).fiskilAuthSession(ctx, redirect, cancel)
	})

	sc.Step(`^the end user opens the consent page$`, func(ctx context.Context) error {
		w := world(ctx)
		u, err := w.fiskilAuthURL()
		if err != nil {
			return err
		}
		return w.Visit(ctx, "fiskil", http.MethodGet, u, nil)
	})
	sc.Step(`^the end user opens the consent page of an auth session that does not exist$`, func(ctx context.Context) error {
		w := world(ctx)
		u, err := w.fiskilAuthURL()
		if err != nil {
			return err
		}
		pu, err := url.Parse(u)
		if err != nil {
			return fmt.Errorf("auth_url %q is not a URL: %w", u, err)
		}
		// The same page, for an id no session has.
		dir := pu.Path[:strings.LastIndex(pu.Path, "/")+1]
		pu.Path, pu.RawPath = dir+"conform-unknown-"+strings.ReplaceAll(w.fiskilUnique(), "_", "-"), ""
		return w.Visit(ctx, "fiskil", http.MethodGet, pu.String(), nil)
	})
	sc.Step(`^the end user (approves consent|denies consent|fails the one-time password check)$`, func(ctx context.Context, action string) error {
		w := world(ctx)
		u, err := w.fiskilAuthURL()
		if err != nil {
			return err
		}
		decision := map[string]string{
			"approves consent":                  "approve",
			"denies consent":                    "deny",
			"fails the one-time password check": "otp_failure",
		}[action]
		return w.Visit(ctx, "fiskil", http.MethodPost, u, url.Values{"decision": {decision}})
	})
	sc.Step(`^the consent page should be shown$`, func(ctx context.Context) error {
		w := world(ctx)
		if w.last == nil {
			return errNoResponse
		}
		if w.last.status != http.StatusOK {
			return fmt.Errorf("expected the consent page (status 200), got status %d%s; body: %s", w.last.status, w.fiskilLocationNote(), w.Secrets.String(fiskilSnippet(w.last.body)))
		}
		if ct := w.last.header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
			return fmt.Errorf("expected an HTML consent page, got Content-Type %q", ct)
		}
		return nil
	})
	sc.Step(`^the consent page should answer (\d{3}) with error_type "([^"]+)"$`, func(ctx context.Context, status int, errorType string) error {
		w := world(ctx)
		if w.last == nil {
			return errNoResponse
		}
		if w.last.status != status {
			return fmt.Errorf("expected the consent page to answer %d, got %d%s; body: %s", status, w.last.status, w.fiskilLocationNote(), w.Secrets.String(fiskilSnippet(w.last.body)))
		}
		if !strings.Contains(string(w.last.body), errorType) {
			return fmt.Errorf("expected the page to report error_type %s; body: %s", errorType, w.Secrets.String(fiskilSnippet(w.last.body)))
		}
		return nil
	})
	sc.Step(`^the end user is sent to "([^"]*)"$`, func(ctx context.Context, want string) error {
		w := world(ctx)
		loc, err := w.fiskilRedirect(want)
		if err != nil {
			return err
		}
		if e := loc.Query().Get("error"); e != "" {
			return fmt.Errorf("expected a redirect without error, got error=%s error_type=%s", e, loc.Query().Get("error_type"))
		}
		return nil
	})
	sc.Step(`^the end user is sent to "([^"]*)" with error_type "([^"]+)"$`, func(ctx context.Context, want, errorType string) error {
		w := world(ctx)
		loc, err := w.fiskilRedirect(want)
		if err != nil {
			return err
		}
		q := loc.Query()
		var probs []string
		if got := q.Get("error"); got != "access_denied" {
			probs = append(probs, fmt.Sprintf("error=%q (want access_denied)", got))
		}
		if got := q.Get("error_type"); got != errorType {
			probs = append(probs, fmt.Sprintf("error_type=%q (want %s)", got, errorType))
		}
		if q.Get("error_description") == "" {
			probs = append(probs, "no error_description")
		}
		if len(probs) > 0 {
			return fmt.Errorf("the redirect to %s has %s", w.Secrets.String(loc.String()), strings.Join(probs, ", "))
		}
		return nil
	})
	sc.Step(`^the redirect's query parameter "([^"]+)" should be "([^"]*)"$`, func(ctx context.Context, name, want string) error {
		w := world(ctx)
		loc, err := w.fiskilLocation()
		if err != nil {
			return err
		}
		want, err = w.Expand(want)
		if err != nil {
			return err
		}
		q := loc.Query()
		if !q.Has(name) {
			return fmt.Errorf("the redirect to %s has no query parameter %s", w.Secrets.String(loc.String()), name)
		}
		if got := q.Get(name); got != want {
			return fmt.Errorf("expected the redirect's %s to be %q, got %q", name, w.Secrets.String(want), w.Secrets.String(got))
		}
		return nil
	})

	sc.Step(`^Fiskil answers (\d{3}) with the error "([^"]+)"$`, func(ctx context.Context, status int, name string) error {
		w := world(ctx)
		if w.last == nil {
			return errNoResponse
		}
		if w.last.status != status {
			return fmt.Errorf("expected status %d with the error %q, got %d; body: %s", status, name, w.last.status, w.redactBody(w.last.body))
		}
		if !gjson.ValidBytes(w.last.body) {
			return fmt.Errorf("expected goa's JSON error body, got: %s", w.Secrets.String(fiskilSnippet(w.last.body)))
		}
		got := gjson.GetBytes(w.last.body, "name")
		if got.Type != gjson.String || got.Str != name {
			return fmt.Errorf("expected the error %q, got name %s; body: %s", name, w.describe("name", got), w.redactBody(w.last.body))
		}
		if h := w.last.header.Values("goa-error"); len(h) != 1 || h[0] != name {
			return fmt.Errorf("expected the goa-error header to name the error %q as the body does, got %q", name, h)
		}
		return nil
	})
	sc.Step(`^the auth session should expire (\d+) days? after its creation$`, func(ctx context.Context, days int) error {
		return world(ctx).fiskilCheckExpiry(ctx, time.Duration(days)*24*time.Hour)
	})
}

// fiskilUnique returns a string unique to this call within the scenario,
// and to the scenario within the run: the sandbox's id (or, without one, a
// random part drawn once per scenario) and a counter kept in the World.
func (w *World) fiskilUnique() string {
	n, _ := strconv.Atoi(w.vars[fiskilSeqVar])
	n++
	w.vars[fiskilSeqVar] = strconv.Itoa(n)
	base := strings.ToLower(w.Sandbox)
	if base == "" {
		base = w.vars[fiskilRunVar]
		if base == "" {
			base = "run_" + strings.ToLower(rand.Text()[:12])
			w.vars[fiskilRunVar] = base
		}
	}
	return fmt.Sprintf("%s_%d", base, n)
}

// fiskilProvision provisions a fixture of a kind and returns its string
// fields: with the control API, own (the values the section was built
// from); without, the config's providers.fiskil.fixtures.<kind>, which must
// have every required field.
func (w *World) fiskilProvision(ctx context.Context, kind string, section, own map[string]any, required ...string) (map[string]string, error) {
	fx, err := w.Provision(ctx, "fiskil", kind, section)
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

// fiskilClient returns the scenario's client credentials, or marks the
// scenario not applicable when there are none.
func (w *World) fiskilClient() (id, secret string, err error) {
	id, okID := w.Get(fiskilClientIDVar)
	secret, okSecret := w.Get(fiskilClientSecretVar)
	if !okID || !okSecret {
		return "", "", w.NotApplicablef("no Fiskil client credentials: the target has no control API and the config gives no providers.fiskil.credentials clientId and clientSecret")
	}
	return id, secret, nil
}

// fiskilReadOnlyClient provisions a client whose tokens lack api:user.write.
func (w *World) fiskilReadOnlyClient(ctx context.Context) (id, secret string, err error) {
	u := w.fiskilUnique()
	own := map[string]any{"id": "cli_conform_ro_" + u, "secret": "sec_conform_" + u + "_" + rand.Text()[:16]}
	section := map[string]any{"clients": []any{map[string]any{"id": own["id"], "secret": own["secret"], "scopes": []string{"api:user.read"}}}}
	fx, err := w.fiskilProvision(ctx, "readonly_client", section, own, "id", "secret")
	if err != nil {
		return "", "", err
	}
	w.Set("readonly_client_id", fx["id"])
	w.Set("readonly_client_secret", fx["secret"])
	return fx["id"], fx["secret"], nil
}

// fiskilUseToken exchanges client credentials for a bearer token and sends
// it on every later Fiskil request.
func (w *World) fiskilUseToken(ctx context.Context, id, secret string) error {
	body, _ := json.Marshal(map[string]string{"client_id": id, "client_secret": secret})
	// The body is built here, not expanded from a template: a secret
	// holding "{{" must not be mistaken for a variable.
	if err := w.fiskilSendRaw(ctx, "fiskil", Request{Method: http.MethodPost, Path: "/v1/token"}, string(body)); err != nil {
		return err
	}
	if w.last.status != http.StatusOK {
		return fmt.Errorf("POST /v1/token refused the client %s: status %d; body: %s", id, w.last.status, w.redactBody(w.last.body))
	}
	tok := gjson.GetBytes(w.last.body, "token")
	if tok.Type != gjson.String || tok.Str == "" {
		return fmt.Errorf("POST /v1/token answered 200 without a token; body: %s", w.redactBody(w.last.body))
	}
	w.Set("access_token", tok.Str)
	w.SetHeader("fiskil", "Authorization", "Bearer "+tok.Str)
	return nil
}

// fiskilSendRaw is SendTo with a body that is sent as is, never expanded.
func (w *World) fiskilSendRaw(ctx context.Context, provider string, req Request, body string) error {
	u := w.env.Target.BaseURL(provider) + req.Path
	hr, err := http.NewRequestWithContext(ctx, req.Method, u, strings.NewReader(body))
	if err != nil {
		return err
	}
	for k, vs := range w.headers[provider] {
		hr.Header[k] = append([]string(nil), vs...)
	}
	hr.Header.Set("Content-Type", "application/json")
	for k := range w.omit[provider] {
		hr.Header.Del(k)
	}
	if err := w.do(provider, hr, body, true, true); err != nil {
		return err
	}
	if w.last == nil {
		return errNoResponse
	}
	return nil
}

// fiskilAuthSession creates an auth session for {{end_user_id}} and
// remembers its auth_url, id and session_id.
func (w *World) fiskilAuthSession(ctx context.Context, redirect, cancel string) error {
	eu, ok := w.Get("end_user_id")
	if !ok {
		return errors.New(`no end user: "Given a Fiskil end user" must come first`)
	}
	if _, ok := w.headers["fiskil"]["Authorization"]; !ok {
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
	if err := w.fiskilSendRaw(ctx, "fiskil", Request{Method: http.MethodPost, Path: "/v1/auth/session"}, string(body)); err != nil {
		return err
	}
	if w.last.status != http.StatusOK {
		return fmt.Errorf("POST /v1/auth/session: expected 200, got %d; body: %s", w.last.status, w.redactBody(w.last.body))
	}
	for v, path := range map[string]string{"auth_url": "auth_url", "auth_session_id": "id", "session_id": "session_id"} {
		r := gjson.GetBytes(w.last.body, path)
		if r.Type != gjson.String || r.Str == "" {
			return fmt.Errorf("POST /v1/auth/session answered 200 without %s; body: %s", path, w.redactBody(w.last.body))
		}
		w.Set(v, r.Str)
	}
	return nil
}

// fiskilAuthURL is {{auth_url}}, made absolute against the provider's base
// URL if it is not.
func (w *World) fiskilAuthURL() (string, error) {
	raw, ok := w.Get("auth_url")
	if !ok {
		return "", errors.New(`no auth session: "Given a Fiskil auth session for the end user ..." must come first`)
	}
	u, err := url.Parse(raw)
	if err != nil {
		return "", fmt.Errorf("auth_url %q is not a URL: %w", raw, err)
	}
	if !u.IsAbs() {
		base, err := url.Parse(w.env.Target.BaseURL("fiskil") + "/")
		if err != nil {
			return "", err
		}
		u = base.ResolveReference(u)
	}
	return u.String(), nil
}

// fiskilLocation is the target of the last response, which must redirect.
func (w *World) fiskilLocation() (*url.URL, error) {
	if w.last == nil {
		return nil, errNoResponse
	}
	if !isRedirect(w.last.status) {
		return nil, fmt.Errorf("expected a redirect, got status %d; body: %s", w.last.status, w.Secrets.String(fiskilSnippet(w.last.body)))
	}
	raw := w.last.header.Get("Location")
	if raw == "" {
		return nil, fmt.Errorf("the %d redirect has no Location header", w.last.status)
	}
	loc, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("the redirect's Location %q is not a URL: %w", w.Secrets.String(raw), err)
	}
	return loc, nil
}

// fiskilRedirect checks that the last response sends the end user to want:
// same scheme, host and path, and every query parameter want has.
func (w *World) fiskilRedirect(want string) (*url.URL, error) {
	want, err := w.Expand(want)
	if err != nil {
		return nil, err
	}
	wu, err := url.Parse(want)
	if err != nil {
		return nil, fmt.Errorf("%q is not a URL: %w", want, err)
	}
	loc, err := w.fiskilLocation()
	if err != nil {
		return nil, err
	}
	if !strings.EqualFold(loc.Scheme, wu.Scheme) || !strings.EqualFold(loc.Host, wu.Host) || loc.Path != wu.Path {
		return nil, fmt.Errorf("expected the end user to be sent to %s, got %s", want, w.Secrets.String(loc.String()))
	}
	got := loc.Query()
	for k, vs := range wu.Query() {
		if got.Get(k) != vs[0] {
			return nil, fmt.Errorf("expected the redirect to keep %s=%s, got %s", k, vs[0], w.Secrets.String(loc.String()))
		}
	}
	return loc, nil
}

// fiskilLocationNote describes a redirect, for failure messages.
func (w *World) fiskilLocationNote() string {
	if w.last != nil && isRedirect(w.last.status) {
		return " (a redirect to " + w.Secrets.String(w.last.header.Get("Location")) + ")"
	}
	return ""
}

// fiskilCheckExpiry checks the last response's expires_at against now plus
// ttl: the sandbox's clock with the control API, else this machine's.
func (w *World) fiskilCheckExpiry(ctx context.Context, ttl time.Duration) error {
	r, err := w.jsonAt("expires_at")
	if err != nil {
		return err
	}
	if r.Type != gjson.Number {
		return fmt.Errorf("expected a number of Unix seconds at expires_at, got %s", w.describe("expires_at", r))
	}
	now, tolerance := time.Now(), 5*time.Minute
	if w.HasControl() {
		var clk struct {
			Now time.Time `json:"now"`
		}
		if err := w.control(ctx, http.MethodGet, "/_control/sandboxes/"+w.Sandbox+"/clock", nil, &clk); err != nil {
			return err
		}
		now, tolerance = clk.Now, time.Minute
	}
	want := now.Add(ttl).Unix()
	if diff := math.Abs(r.Num - float64(want)); diff > tolerance.Seconds() {
		return fmt.Errorf("expected expires_at about %d (%s after %s), got %s: %s off",
			want, ttl, now.UTC().Format(time.RFC3339), r.Raw, time.Duration(diff)*time.Second)
	}
	return nil
}

// fiskilSnippet shortens a page body for a failure message.
func fiskilSnippet(b []byte) string {
	const max = 500
	if len(b) > max {
		return string(b[:max]) + "…"
	}
	return string(b)
}
