package steps

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/cucumber/godog"
	"github.com/tidwall/gjson"
)

const fliqa = "fliqa"

// fliqaDocsBase is where every Fliqa error's documentationUrl points, followed
// by its errorCode.
const fliqaDocsBase = "https://documentation.fliqa.io/api/errors/"

// fliqaRequestID is the shape of a Fliqa requestId: 32 lowercase hex digits.
var fliqaRequestID = regexp.MustCompile(`^[0-9a-f]{32}$`)

// fliqaCredentials sends the api key and secret (from the sandbox or the
// config file) on every Fliqa request: getAccessToken is authenticated by
// the Api-Key and Api-Secret headers.
func fliqaCredentials(w *World) {
	if k, ok := w.Credential(fliqa, "apiKey"); ok {
		w.SetHeader(fliqa, "Api-Key", k)
	}
	if s, ok := w.Credential(fliqa, "apiSecret"); ok {
		w.SetHeader(fliqa, "Api-Secret", s)
	}
}

// registerFliqa installs the Fliqa steps.
//
// Fixtures (created in the scenario's sandbox with the control API; without
// it taken from the config file, providers.fliqa.fixtures.<kind>, or the
// scenario is not applicable):
//
//	Given a Fliqa inquiry with scope "account_owner"
//	    kind "inquiry" (scope has account_owner) or
//	    "inquiryWithoutAccountOwner" (it has not): {id}; sets {{inquiryId}}
//	Given a Fliqa access token for an inquiry with scope "account_owner"
//	    the inquiry as above, then GET /account/auth/token/sandbox/api/{id};
//	    sets {{inquiryId}}, {{accessToken}}, {{expiresIn}} and the
//	    Authorization: Bearer header of later Fliqa requests
//	Given a registered Fliqa consent owner
//	    kind "consentOwner": {msisdn, email}; sets {{msisdn}} and {{email}}
//	Given a Fliqa api key enabled only for the "sandbox" environment
//	    kind "sandboxOnlyKey" or "productionOnlyKey": {apiKey, apiSecret};
//	    sets {{apiKey}}, {{apiSecret}} and the Api-Key, Api-Secret headers
//
// Sandbox settings (control API only, tag @needs-control):
//
//	Given the Fliqa sandbox sends one-time passwords of 8 digits
//	Given Fliqa one-time passwords expire after "2m"
//
// Actions:
//
//	Given the Fliqa consent owner has received a one-time password by SMS
//	Given the Fliqa consent owner has received a one-time password by e-mail
//	    POST /account/login with {{msisdn}} (or {{email}}), then the OTP is
//	    read from the outbox (control API) into {{otp}}
//	Given I remember a wrong Fliqa one-time password as "wrongOtp"
//	    a code of the same length as {{otp}} differing in every digit
//	When the sandbox clock advances to 1 second before the Fliqa access token expires
//	When the sandbox clock advances to 1 second after the Fliqa access token expires
//	    moves the clock by {{expiresIn}} -/+ that many seconds
//
// Assertions:
//
//	Then Fliqa should refuse with 401 "unauthorized" and subcode "not_authorized"
//	Then Fliqa should refuse with 404 "not_found" and no subcode
//	    status, errorCode, errorSubCode, documentationUrl
//	    (https://documentation.fliqa.io/api/errors/{errorCode}) and a
//	    requestId of 32 hex digits
//	Then the Fliqa scope should include "account_owner"
//	Then the Fliqa scope should not include "account_owner"
//	Then the Fliqa access token should expire expiresIn seconds after it was issued
//	Then the one-time password sent by SMS to "{{msisdn}}" should have otpLength digits
//	Then the one-time password sent by e-mail to "{{email}}" should have otpLength digits
//	Then the Fliqa requestId should differ from "{{firstRequestId}}"
func registerFliqa(sc *godog.ScenarioContext) {
	sc.Step(`^a Fliqa inquiry with scope "([^"]*)"$`, func(ctx context.Context, scope string) error {
		_, err := world(ctx).fliqaInquiry(ctx, scope)
		return err
	})
	sc.Step(`^a Fliqa access token for an inquiry with scope "([^"]*)"$`, func(ctx context.Context, scope string) error {
		w := world(ctx)
		id, err := w.fliqaInquiry(ctx, scope)
		if err != nil {
			return err
		}
		return w.fliqaAccessToken(ctx, id)
	})
	sc.Step(`^a registered Fliqa consent owner$`, func(ctx context.Context) error {
		return world(ctx).fliqaConsentOwner(ctx)
	})
	sc.Step(`^a Fliqa api key enabled only for the "(sandbox|production)" environment$`, func(ctx context.Context, env string) error {
		return world(ctx).fliqaAPIKey(ctx, env)
	})
	sc.Step(`^the Fliqa sandbox sends one-time passwords of (\d+) digits$`, func(ctx context.Context, n int) error {
		return world(ctx).fliqaSettings(ctx, map[string]any{"otpLength": n})
	})
	sc.Step(`^Fliqa one-time passwords expire after "([^"]+)"$`, func(ctx context.Context, d string) error {
		if _, err := time.ParseDuration(d); err != nil {
			return fmt.Errorf("%q is no duration such as \"2m\" or \"90s\"", d)
		}
		return world(ctx).fliqaSettings(ctx, map[string]any{"otpTtl": d})
	})
	sc.Step(`^the Fliqa consent owner has received a one-time password by (SMS|e-mail)$`, func(ctx context.Context, channel string) error {
		return world(ctx).fliqaReceiveOTP(ctx, channel)
	})
	sc.Step(`^I remember a wrong Fliqa one-time password as "([^"]+)"$`, func(ctx context.Context, name string) error {
		w := world(ctx)
		otp, ok := w.Get("otp")
		if !ok || otp == "" {
			return errors.New(`no {{otp}} yet: a step such as "the Fliqa consent owner has received a one-time password by SMS" must come first`)
		}
		wrong := []byte(otp)
		for i, c := range wrong {
			if c >= '0' && c <= '9' {
				wrong[i] = '0' + (c-'0'+1)%10
			} else {
				wrong[i] = '0'
			}
		}
		w.Set(name, string(wrong))
		return nil
	})
	sc.Step(`^the sandbox clock advances to (\d+) seconds? (before|after) the Fliqa access token expires$`, func(ctx context.Context, n int, when string) error {
		w := world(ctx)
		v, ok := w.Get("expiresIn")
		if !ok {
			return errors.New(`no {{expiresIn}} yet: a step such as "a Fliqa access token for an inquiry with scope ..." must come first`)
		}
		life, err := strconv.Atoi(v)
		if err != nil {
			return fmt.Errorf("{{expiresIn}} is %q, not a number of seconds", v)
		}
		d := life + n
		if when == "before" {
			d = life - n
		}
		if d <= 0 {
			return fmt.Errorf("the token lives %d s: cannot move the clock to %d s %s its expiry", life, n, when)
		}
		return w.AdvanceClock(ctx, fmt.Sprintf("%ds", d))
	})

	sc.Step(`^Fliqa should refuse with (\d{3}) "([^"]+)" and (?:subcode "([^"]+)"|(no subcode))$`, func(ctx context.Context, status int, code, sub, none string) error {
		return world(ctx).fliqaCheckError(status, code, sub)
	})
	sc.Step(`^the Fliqa scope should (not )?include "([^"]+)"$`, func(ctx context.Context, not, scope string) error {
		w := world(ctx)
		r, err := w.jsonAt("scope")
		if err != nil {
			return err
		}
		if !r.IsArray() {
			return fmt.Errorf("expected an array at \"scope\", got %s", w.describe("scope", r))
		}
		found := false
		for _, s := range r.Array() {
			if s.Type == gjson.String && s.Str == scope {
				found = true
			}
		}
		switch {
		case found && not != "":
			return fmt.Errorf("expected the scope not to include %q, got %s", scope, r.Raw)
		case !found && not == "":
			return fmt.Errorf("expected the scope to include %q, got %s", scope, r.Raw)
		}
		return nil
	})
	sc.Step(`^the Fliqa access token should expire expiresIn seconds after it was issued$`, func(ctx context.Context) error {
		return world(ctx).fliqaCheckExpiry()
	})
	sc.Step(`^the one-time password sent by (SMS|e-mail) to "([^"]+)" should have otpLength digits$`, func(ctx context.Context, channel, recipient string) error {
		return world(ctx).fliqaCheckOTP(ctx, channel, recipient)
	})
	sc.Step(`^the Fliqa requestId should differ from "([^"]*)"$`, func(ctx context.Context, other string) error {
		w := world(ctx)
		other, err := w.Expand(other)
		if err != nil {
			return err
		}
		r, err := w.jsonAt("requestId")
		if err != nil {
			return err
		}
		if !r.Exists() {
			return errors.New("the response has no requestId")
		}
		if r.String() == other {
			return fmt.Errorf("expected a new requestId, got %q again", other)
		}
		return nil
	})
}

// fliqaSeq numbers the fixtures a scenario creates, so that generated data
// is unique within the scenario; the sandbox id makes it unique across
// scenarios. It lives in the World's variables, never in package state.
func (w *World) fliqaSeq() int {
	n := 0
	if v, ok := w.Get("fliqaFixtureSeq"); ok {
		n, _ = strconv.Atoi(v)
	}
	n++
	w.Set("fliqaFixtureSeq", strconv.Itoa(n))
	return n
}

// fliqaUnique derives n hex digits from the sandbox id and a sequence number.
func (w *World) fliqaUnique(what string, n int) string {
	sum := sha256.Sum256(fmt.Appendf(nil, "%s/%s/%d", w.Sandbox, what, w.fliqaSeq()))
	return hex.EncodeToString(sum[:])[:n]
}

// fliqaField reads a string field of a config fixture.
func fliqaField(fx map[string]any, kind, name string) (string, error) {
	v, ok := fx[name]
	if !ok || v == nil || fmt.Sprint(v) == "" {
		return "", fmt.Errorf("the config's fliqa fixture %q has no %s (providers.fliqa.fixtures.%s.%s)", kind, name, kind, name)
	}
	return fmt.Sprint(v), nil
}

// fliqaInquiry provisions an inquiry whose tokens have the given scope (a
// comma-separated list) and sets {{inquiryId}}.
func (w *World) fliqaInquiry(ctx context.Context, scopes string) (string, error) {
	scope := []string{}
	owner := false
	for _, s := range strings.Split(scopes, ",") {
		if s = strings.TrimSpace(s); s != "" {
			scope = append(scope, s)
			owner = owner || s == "account_owner"
		}
	}
	kind := "inquiry"
	if !owner {
		kind = "inquiryWithoutAccountOwner"
	}
	id := w.fliqaUnique("inquiry", 32)
	fx, err := w.Provision(ctx, fliqa, kind, map[string]any{
		"inquiries": []map[string]any{{"id": id, "scope": scope}},
	})
	if err != nil {
		return "", err
	}
	if !w.HasControl() {
		if id, err = fliqaField(fx, kind, "id"); err != nil {
			return "", err
		}
	}
	w.Set("inquiryId", id)
	return id, nil
}

// fliqaAccessToken gets a token for an inquiry and sends it as the bearer
// token of later Fliqa requests.
func (w *World) fliqaAccessToken(ctx context.Context, inquiry string) error {
	err := w.SendTo(ctx, fliqa, Request{Method: http.MethodGet, Path: "/account/auth/token/sandbox/api/" + inquiry})
	if err != nil {
		return fmt.Errorf("getting a Fliqa access token: %w", err)
	}
	if w.last.status != http.StatusOK {
		return fmt.Errorf("getting a Fliqa access token: expected status 200, got %d; body: %s", w.last.status, w.redactBody(w.last.body))
	}
	tok := gjson.GetBytes(w.last.body, "accessToken").String()
	if tok == "" {
		return errors.New("getting a Fliqa access token: the answer has no accessToken")
	}
	w.Set("accessToken", tok)
	w.Set("expiresIn", gjson.GetBytes(w.last.body, "expiresIn").String())
	w.SetHeader(fliqa, "Authorization", "Bearer "+tok)
	return nil
}

// fliqaConsentOwner provisions a consent owner with a phone number and an
// e-mail address and sets {{msisdn}} and {{email}}.
func (w *World) fliqaConsentOwner(ctx context.Context) error {
	const kind = "consentOwner"
	u := w.fliqaUnique("owner", 12)
	digits, _ := strconv.ParseUint(u[:8], 16, 64)
	// Slovenian mobile numbers (+386 41 …) are valid for libphonenumber; the
	// sandbox's own generated owner has +386 40 …, so the two never meet.
	msisdn := fmt.Sprintf("+38641%06d", digits%1000000)
	email := "owner-" + u + "@example.com"
	fx, err := w.Provision(ctx, fliqa, kind, map[string]any{
		"consentOwners": []map[string]any{{"msisdn": msisdn, "email": email}},
	})
	if err != nil {
		return err
	}
	if !w.HasControl() {
		if msisdn, err = fliqaField(fx, kind, "msisdn"); err != nil {
			return err
		}
		if email, err = fliqaField(fx, kind, "email"); err != nil {
			return err
		}
	}
	w.Set("msisdn", msisdn)
	w.Set("email", email)
	return nil
}

// fliqaAPIKey provisions an api key enabled for one environment only and
// sends it on later Fliqa requests.
func (w *World) fliqaAPIKey(ctx context.Context, env string) error {
	kind := env + "OnlyKey"
	u := w.fliqaUnique("key", 32)
	key, secret := "fliqa-key-"+u[:16], "fliqa-secret-"+u[16:]
	fx, err := w.Provision(ctx, fliqa, kind, map[string]any{
		"apiKey": key, "apiSecret": secret, "environments": []string{env},
	})
	if err != nil {
		return err
	}
	if !w.HasControl() {
		if key, err = fliqaField(fx, kind, "apiKey"); err != nil {
			return err
		}
		if secret, err = fliqaField(fx, kind, "apiSecret"); err != nil {
			return err
		}
	}
	w.Set("apiKey", key)
	w.Set("apiSecret", secret)
	w.SetHeader(fliqa, "Api-Key", key)
	w.SetHeader(fliqa, "Api-Secret", secret)
	return nil
}

// fliqaSettings changes the sandbox's Fliqa settings (OTP length and
// lifetime): a real deployment's are fixed, so this needs the control API.
func (w *World) fliqaSettings(ctx context.Context, settings map[string]any) error {
	if !w.HasControl() {
		return w.NotApplicablef("changing Fliqa's sandbox settings %v needs the control API", settings)
	}
	return w.AddFixtures(ctx, map[string]any{fliqa: settings})
}

// fliqaReceiveOTP logs the consent owner in and reads the OTP sent from the
// outbox into {{otp}}.
func (w *World) fliqaReceiveOTP(ctx context.Context, channel string) error {
	if !w.HasControl() {
		// Checked first, so that no message is sent for nothing.
		return w.NotApplicablef("reading the Fliqa one-time password needs the control API's outbox")
	}
	field, recipient := "msisdn", "{{msisdn}}"
	if channel == "e-mail" {
		field, recipient = "email", "{{email}}"
	}
	to, err := w.Expand(recipient)
	if err != nil {
		return fmt.Errorf("%w: a step such as \"a registered Fliqa consent owner\" must come first", err)
	}
	body, _ := json.Marshal(map[string]string{field: to})
	if err := w.SendTo(ctx, fliqa, Request{Method: http.MethodPost, Path: "/account/login", Body: string(body)}); err != nil {
		return fmt.Errorf("logging the Fliqa consent owner in: %w", err)
	}
	if w.last.status != http.StatusOK {
		return fmt.Errorf("logging the Fliqa consent owner in: expected status 200, got %d; body: %s", w.last.status, w.redactBody(w.last.body))
	}
	m, err := w.fliqaLastMessage(ctx, channel, to)
	if err != nil {
		return err
	}
	w.Set("otp", m.OTP)
	return nil
}

// fliqaLastMessage is the last message of the outbox to a recipient, which
// must have gone by the given channel (SMS or e-mail).
func (w *World) fliqaLastMessage(ctx context.Context, channel, to string) (OutboxMessage, error) {
	msgs, err := w.Outbox(ctx, to)
	if err != nil {
		return OutboxMessage{}, err
	}
	var mine []OutboxMessage
	for _, m := range msgs {
		if m.Provider == "" || m.Provider == fliqa {
			mine = append(mine, m)
		}
	}
	if len(mine) == 0 {
		return OutboxMessage{}, fmt.Errorf("no Fliqa message was sent to %s", to)
	}
	m := mine[len(mine)-1]
	want := strings.ReplaceAll(strings.ToLower(channel), "-", "")
	if m.Channel != want {
		return m, fmt.Errorf("expected the last message to %s to go by %s, it went by %s", to, channel, m.Channel)
	}
	return m, nil
}

// fliqaCheckOTP checks that the last message to a recipient went by the
// channel and carries an OTP of the otpLength the last response announced.
func (w *World) fliqaCheckOTP(ctx context.Context, channel, recipient string) error {
	r, err := w.jsonAt("otpLength")
	if err != nil {
		return err
	}
	if r.Type != gjson.Number {
		return fmt.Errorf("expected a number at \"otpLength\", got %s", w.describe("otpLength", r))
	}
	n := int(r.Int())
	to, err := w.Expand(recipient)
	if err != nil {
		return err
	}
	m, err := w.fliqaLastMessage(ctx, channel, to)
	if err != nil {
		return err
	}
	if !regexp.MustCompile(fmt.Sprintf(`^[0-9]{%d}$`, n)).MatchString(m.OTP) {
		return fmt.Errorf("expected an OTP of %d digits (otpLength), got %d characters (digits only: %v)", n, len(m.OTP), regexp.MustCompile(`^[0-9]+$`).MatchString(m.OTP))
	}
	return nil
}

// fliqaCheckError checks a Fliqa error answer: status, errorCode,
// errorSubCode (none when sub is ""), documentationUrl and requestId.
func (w *World) fliqaCheckError(status int, code, sub string) error {
	if w.last == nil {
		return errNoResponse
	}
	if w.last.status != status {
		return fmt.Errorf("expected status %d, got %d; body: %s", status, w.last.status, w.redactBody(w.last.body))
	}
	if !gjson.ValidBytes(w.last.body) {
		return fmt.Errorf("the response body is not JSON: %s", w.redactBody(w.last.body))
	}
	var problems []string
	get := func(p string) gjson.Result { return gjson.GetBytes(w.last.body, p) }
	if got := get("errorCode"); got.String() != code {
		problems = append(problems, fmt.Sprintf("errorCode should be %q, got %s", code, w.describe("errorCode", got)))
	}
	got := get("errorSubCode")
	switch {
	case sub == "" && got.Exists() && got.Type != gjson.Null:
		problems = append(problems, fmt.Sprintf("there should be no errorSubCode, got %s", w.describe("errorSubCode", got)))
	case sub != "" && got.String() != sub:
		problems = append(problems, fmt.Sprintf("errorSubCode should be %q, got %s", sub, w.describe("errorSubCode", got)))
	}
	if got := get("documentationUrl"); got.String() != fliqaDocsBase+code {
		problems = append(problems, fmt.Sprintf("documentationUrl should be %q, got %s", fliqaDocsBase+code, w.describe("documentationUrl", got)))
	}
	if got := get("requestId"); !fliqaRequestID.MatchString(got.String()) {
		problems = append(problems, fmt.Sprintf("requestId should be 32 lowercase hex digits, got %s", w.describe("requestId", got)))
	}
	if len(problems) > 0 {
		return fmt.Errorf("the Fliqa error is not the expected one:\n  %s\nbody: %s", strings.Join(problems, "\n  "), w.redactBody(w.last.body))
	}
	return nil
}

// fliqaCheckExpiry checks that a token answer's expires is expiresIn seconds
// after the answer was given (by its Date header, else this machine's
// clock), within a few seconds.
func (w *World) fliqaCheckExpiry() error {
	if w.last == nil {
		return errNoResponse
	}
	expires, err := w.jsonAt("expires")
	if err != nil {
		return err
	}
	at, err := time.Parse(time.RFC3339, expires.String())
	if err != nil {
		return fmt.Errorf("expires is no RFC 3339 time: %s", w.describe("expires", expires))
	}
	in := gjson.GetBytes(w.last.body, "expiresIn")
	if in.Type != gjson.Number || in.Int() <= 0 {
		return fmt.Errorf("expected a positive number at \"expiresIn\", got %s", w.describe("expiresIn", in))
	}
	now := time.Now()
	if d, err := http.ParseTime(w.last.header.Get("Date")); err == nil {
		now = d
	}
	const slack = 5 * time.Second
	want := now.Add(time.Duration(in.Int()) * time.Second)
	if diff := at.Sub(want); diff > slack || diff < -slack {
		return fmt.Errorf("expected expires to be %d s after the answer (%s), got %s", in.Int(), want.UTC().Format(time.RFC3339), at.UTC().Format(time.RFC3339))
	}
	return nil
}
