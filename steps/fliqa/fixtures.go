package fliqa

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/tidwall/gjson"

	"github.com/conformhq/conform/steps"
)

// registerFixtures installs the steps that provision inquiries, tokens,
// consent owners and api keys.
func registerFixtures(sc *steps.ScenarioContext) {
	sc.Step(inquiryStep, func(ctx context.Context, scope string) error {
		_, err := worldOf(ctx).inquiry(ctx, scope)
		return err
	})
	sc.Step(tokenStep, func(ctx context.Context, scope string) error {
		w := worldOf(ctx)
		id, err := w.inquiry(ctx, scope)
		if err != nil {
			return err
		}
		return w.accessToken(ctx, id)
	})
	sc.Step(consentOwnerStep, func(ctx context.Context) error {
		return worldOf(ctx).consentOwner(ctx)
	})
	sc.Step(providerStep, func(ctx context.Context) error {
		return worldOf(ctx).consentProvider(ctx)
	})
	sc.Step(apiKeyStep, func(ctx context.Context, env string) error {
		return worldOf(ctx).apiKey(ctx, env)
	})
}

// seq numbers the fixtures a scenario creates, so that generated data
// is unique within the scenario; the sandbox id makes it unique across
// scenarios. It lives in the World's variables, never in package state.
func (w world) seq() int {
	n := 0
	if v, ok := w.Get("fliqaFixtureSeq"); ok {
		n, _ = strconv.Atoi(v)
	}
	n++
	w.Set("fliqaFixtureSeq", strconv.Itoa(n))
	return n
}

// unique derives n hex digits from the sandbox id and a sequence number.
func (w world) unique(what string, n int) string {
	sum := sha256.Sum256(fmt.Appendf(nil, "%s/%s/%d", w.Sandbox, what, w.seq()))
	return hex.EncodeToString(sum[:])[:n]
}

// fixtureField reads a string field of a config fixture.
func fixtureField(fx map[string]any, kind, name string) (string, error) {
	v, ok := fx[name]
	if !ok || v == nil || fmt.Sprint(v) == "" {
		return "", fmt.Errorf("the config's fliqa fixture %q has no %s (providers.fliqa.fixtures.%s.%s)", kind, name, kind, name)
	}
	return fmt.Sprint(v), nil
}

// inquiry provisions an inquiry whose tokens have the given scope (a
// comma-separated list) and sets {{inquiryId}}.
func (w world) inquiry(ctx context.Context, scopes string) (string, error) {
	scope, kind := inquiryScope(scopes)
	id := w.unique("inquiry", 32)
	fx, err := w.Provision(ctx, name, kind, map[string]any{
		"inquiries": []map[string]any{{"id": id, "scope": scope}},
	})
	if err != nil {
		return "", err
	}
	if !w.HasControl() {
		if id, err = fixtureField(fx, kind, "id"); err != nil {
			return "", err
		}
	}
	w.Set("inquiryId", id)
	return id, nil
}

// inquiryScope reads an inquiry's scope (a comma-separated list) and the
// fixture kind it is provisioned as: inquiry with account_owner,
// inquiryWithoutAccountOwner without.
func inquiryScope(scopes string) (scope []string, kind string) {
	scope = []string{}
	kind = "inquiryWithoutAccountOwner"
	for _, s := range strings.Split(scopes, ",") {
		if s = strings.TrimSpace(s); s != "" {
			scope = append(scope, s)
			if s == "account_owner" {
				kind = "inquiry"
			}
		}
	}
	return scope, kind
}

// consentOwnerKind is the fixture kind of a registered consent owner.
const consentOwnerKind = "consentOwner"

// providerKind is the fixture kind of a provider (bank) a consent may be
// created for: a deployment's sandbox knows its own, and no source names
// one, so a scenario never assumes an id.
const providerKind = "consentProvider"

// consentProvider sets {{providerId}}, the provider (bank) of the
// consents the scenario creates. The simulator keeps no list of providers
// and accepts any id [decided]: with the control API the scenario makes
// up its own, so that no id is special; without, the config names one
// (providers.fliqa.fixtures.consentProvider: {id}).
func (w world) consentProvider(ctx context.Context) error {
	if w.HasControl() {
		w.Set("providerId", "bank-"+w.unique("provider", 8))
		return nil
	}
	fx, err := w.Provision(ctx, name, providerKind, nil)
	if err != nil {
		return err
	}
	id, err := fixtureField(fx, providerKind, "id")
	if err != nil {
		return err
	}
	w.Set("providerId", id)
	return nil
}

// apiKeyKind is the fixture kind of an api key enabled for one environment.
func apiKeyKind(env string) string { return env + "OnlyKey" }

// accessToken gets a token for an inquiry and sends it as the bearer
// token of later Fliqa requests.
func (w world) accessToken(ctx context.Context, inquiry string) error {
	last, err := w.sendOK(ctx, "getting a Fliqa access token", steps.Request{Method: http.MethodGet, Path: "/account/auth/token/sandbox/api/" + inquiry})
	if err != nil {
		return err
	}
	tok := gjson.GetBytes(last.Body, "accessToken").String()
	if tok == "" {
		return errors.New("getting a Fliqa access token: the answer has no accessToken")
	}
	w.Set("accessToken", tok)
	life := lifetime(last)
	w.Set("expiresIn", life)
	if n, err := strconv.Atoi(life); err == nil && n > 0 {
		// The token states its own lifetime: the scenario's clock steps
		// measure that one.
		w.SetTiming(accessTokenLifetime, time.Duration(n)*time.Second)
	}
	w.SetHeader(name, "Authorization", "Bearer "+tok)
	return nil
}

// consentOwner provisions a consent owner with a phone number and an
// e-mail address and sets {{msisdn}} and {{email}}.
func (w world) consentOwner(ctx context.Context) error {
	const kind = consentOwnerKind
	u := w.unique("owner", 12)
	digits, _ := strconv.ParseUint(u[:8], 16, 64)
	// Slovenian mobile numbers (+386 41 …) are valid for libphonenumber; the
	// sandbox's own generated owner has +386 40 …, so the two never meet.
	msisdn := fmt.Sprintf("+38641%06d", digits%1000000)
	email := "owner-" + u + "@example.com"
	fx, err := w.Provision(ctx, name, kind, map[string]any{
		"consentOwners": []map[string]any{{"msisdn": msisdn, "email": email}},
	})
	if err != nil {
		return err
	}
	if !w.HasControl() {
		if msisdn, err = fixtureField(fx, kind, "msisdn"); err != nil {
			return err
		}
		if email, err = fixtureField(fx, kind, "email"); err != nil {
			return err
		}
	}
	w.Set("msisdn", msisdn)
	w.Set("email", email)
	return nil
}

// apiKey provisions an api key enabled for one environment only and
// sends it on later Fliqa requests.
func (w world) apiKey(ctx context.Context, env string) error {
	kind := apiKeyKind(env)
	u := w.unique("key", 32)
	key, secret := "fliqa-key-"+u[:16], "fliqa-secret-"+u[16:]
	fx, err := w.Provision(ctx, name, kind, map[string]any{
		"apiKey": key, "apiSecret": secret, "environments": []string{env},
	})
	if err != nil {
		return err
	}
	if !w.HasControl() {
		if key, err = fixtureField(fx, kind, "apiKey"); err != nil {
			return err
		}
		if secret, err = fixtureField(fx, kind, "apiSecret"); err != nil {
			return err
		}
	}
	w.Set("apiKey", key)
	w.Set("apiSecret", secret)
	w.SetHeader(name, "Api-Key", key)
	w.SetHeader(name, "Api-Secret", secret)
	return nil
}

// sendOK sends a request of a setup step to Fliqa and checks that it was
// answered 200; what names the step's purpose in the error.
func (w world) sendOK(ctx context.Context, what string, req steps.Request) (*steps.Response, error) {
	if err := w.SendTo(ctx, name, req); err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	last, err := w.Last()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	if last.Status != http.StatusOK {
		return nil, fmt.Errorf("%s: expected status 200, got %d; body: %s", what, last.Status, w.RedactBody(last.Body))
	}
	return last, nil
}
