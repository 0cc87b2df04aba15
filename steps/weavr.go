package steps

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/cucumber/godog"
	"github.com/tidwall/gjson"
)

// weavrCredentials sends the sandbox's api key on every Weavr request.
func weavrCredentials(w *World) {
	if k, ok := w.Credential("weavr", "apiKey"); ok {
		w.SetHeader("weavr", "api-key", k)
	}
}

// weavrSandboxOTP is the one-time password of Weavr's sandbox, for step-up
// and factor enrolment alike.
const weavrSandboxOTP = "123456"

// weavrUserKind is one kind of Weavr user a scenario can ask for: the
// fixture kind it is provisioned as (providers.weavr.fixtures.<kind> in the
// config file when the target has no control API) and the fixture fields
// that make such a user in a sandbox.
type weavrUserKind struct {
	kind    string
	fixture func(w *World, n int) map[string]any
}

func plainWeavrUser(kind string) weavrUserKind {
	return weavrUserKind{kind: kind, fixture: func(*World, int) map[string]any { return map[string]any{} }}
}

var (
	weavrUser               = plainWeavrUser("user")
	weavrUnenrolledUser     = plainWeavrUser("unenrolledUser")
	weavrEnrolmentUser      = plainWeavrUser("enrolmentUser")
	weavrPasswordChangeUser = plainWeavrUser("passwordChangeUser")
	weavrLockoutUser        = plainWeavrUser("lockoutUser")
	weavrSessionLockoutUser = plainWeavrUser("sessionLockoutUser")
	weavrPreviousPwUser     = weavrUserKind{kind: "previousPasswordUser", fixture: func(w *World, n int) map[string]any {
		return map[string]any{"previousPasswords": []any{fmt.Sprintf("Old-Passw0rd-%d-%s", n, w.Sandbox)}}
	}}
	weavrSMSUser = weavrUserKind{kind: "smsUser", fixture: func(*World, int) map[string]any {
		return map[string]any{"smsEnrolled": true}
	}}
	weavrExpiredUser = weavrUserKind{kind: "expiredPasswordUser", fixture: func(*World, int) map[string]any {
		return map[string]any{"passwordExpired": true}
	}}
	weavrExpiredChangeUser = weavrUserKind{kind: "expiredPasswordChangeUser", fixture: func(*World, int) map[string]any {
		return map[string]any{"passwordExpired": true}
	}}
	weavrThirdPartyUser = weavrUserKind{kind: "thirdPartyUser", fixture: func(w *World, n int) map[string]any {
		return map[string]any{"thirdPartyAuthUrl": fmt.Sprintf("https://sso.example.com/logout?session=%s-%d", strings.ToLower(w.Sandbox), n)}
	}}
	weavrMultiIdentityUser = weavrUserKind{kind: "multiIdentityUser", fixture: func(w *World, n int) map[string]any {
		return map[string]any{
			"identity":   map[string]any{"type": "CONSUMER"},
			"identities": []any{map[string]any{"type": "CORPORATE", "id": fmt.Sprintf("2%017d", n), "name": "Corporate " + strconv.Itoa(n)}},
		}
	}}
)

func weavrPushUser(device string) weavrUserKind {
	return weavrUserKind{kind: strings.ToLower(device) + "User", fixture: func(*World, int) map[string]any {
		return map[string]any{"pushDevices": []any{device}}
	}}
}

// registerWeavr installs the Weavr steps. Every step that needs a user takes
// a fresh one, unique to the scenario: created in the scenario's sandbox
// through the control API, or, against a target without it, taken from the
// config file (providers.weavr.fixtures.<kind>: email, password and, where
// noted, more), the scenario being not applicable when that kind is absent.
// The user's details are then the variables {{email}}, {{password}},
// {{wrongPassword}}, {{identityType}}, {{identityId}}, {{credentialsType}},
// {{credentialsId}} and {{mobile}} (those that are known).
//
// Users (fixture kind in brackets):
//
//	Given a Weavr user                                      [user: identity {type, id} too]
//	Given a Weavr user with an enrolled SMS factor          [smsUser; mobile for the outbox checks]
//	Given a Weavr user without an SMS factor                [unenrolledUser: no SMS factor, no push device]
//	Given a Weavr user about to enrol an SMS factor         [enrolmentUser: no SMS factor; the scenario enrols one]
//	Given a Weavr user whose password has expired           [expiredPasswordUser]
//	Given a Weavr user whose expired password will be changed [expiredPasswordChangeUser: the scenario changes it]
//	Given a Weavr user whose password will be changed       [passwordChangeUser: the scenario changes it]
//	Given a Weavr user of a third-party auth provider       [thirdPartyUser: logoutUrl too] ({{logoutUrl}})
//	Given a Weavr user with a push device "AUTHY"           [authyUser; "BIOMETRIC": biometricUser]
//	Given a Weavr user with a consumer and a corporate identity
//	                                                        [multiIdentityUser: consumerId, corporateId] ({{consumerId}}, {{corporateId}})
//	Given a Weavr user who may be locked out                [lockoutUser: the scenario locks it for 30 minutes]
//	Given a Weavr user who may be locked out during a session [sessionLockoutUser: locked for 30 minutes too]
//	Given a Weavr user with a previous password             [previousPasswordUser: previousPassword, a password
//	                                                        it used before] ({{previousPassword}})
//
// The user's session (each request's status is checked):
//
//	Given the Weavr user is logged in                  {{authToken}}; the requests that follow carry it
//	Given the Weavr user has an access token           logs in if needed, then GET /identities and
//	                                                   POST /access_token for the user's identity:
//	                                                   {{accessToken}}, carried from then on
//	Given the Weavr user has logged in with the expired password
//	                                                   409: {{temporaryToken}}, carried from then on
//	Given the Weavr user has failed to log in 4 times  wrong passwords, each answered 403
//	When the Weavr user logs in with the right password
//	When the Weavr user logs in with a wrong password  (the Then steps check the answer)
//	Given the Weavr user keeps the session alive       GET /identities with the current token: 200
//	Given the Weavr user has started an SMS step-up challenge        204
//	Given the Weavr session is stepped up by SMS                     start, then verify 123456: 204s
//	Given the Weavr user has started enrolling an SMS factor         204
//	Given a Weavr push challenge on "AUTHY" is in flight             200: {{challengeId}}
//	When the Weavr push challenge is completed with "verify_success" (or verify_invalid,
//	                                                   verify_expired: the control API stands in for the user)
//	Given the Weavr user has logged out                204 (or 200 for a third-party auth user)
//
// Checks:
//
//	Then the Weavr push challenge should be "VERIFIED"   (control API: PENDING, VERIFIED, INVALID, EXPIRED, CANCELLED)
//	Then the response should announce a rate limit of 2 requests, resetting within 60 seconds
//	                                                   (x-ratelimit-limit is 2, x-ratelimit-reset 0 to 60)
func registerWeavr(sc *godog.ScenarioContext) {
	users := []struct {
		text string
		kind weavrUserKind
	}{
		{`a Weavr user`, weavrUser},
		{`a Weavr user with an enrolled SMS factor`, weavrSMSUser},
		{`a Weavr user without an SMS factor`, weavrUnenrolledUser},
		{`a Weavr user about to enrol an SMS factor`, weavrEnrolmentUser},
		{`a Weavr user whose password has expired`, weavrExpiredUser},
		{`a Weavr user whose expired password will be changed`, weavrExpiredChangeUser},
		{`a Weavr user whose password will be changed`, weavrPasswordChangeUser},
		{`a Weavr user with a previous password`, weavrPreviousPwUser},
		{`a Weavr user of a third-party auth provider`, weavrThirdPartyUser},
		{`a Weavr user with a consumer and a corporate identity`, weavrMultiIdentityUser},
		{`a Weavr user who may be locked out`, weavrLockoutUser},
		{`a Weavr user who may be locked out during a session`, weavrSessionLockoutUser},
	}
	for _, u := range users {
		sc.Step(`^`+u.text+`$`, func(ctx context.Context) error {
			return world(ctx).provisionWeavrUser(ctx, u.kind)
		})
	}
	sc.Step(`^a Weavr user with a push device "(AUTHY|BIOMETRIC)"$`, func(ctx context.Context, device string) error {
		return world(ctx).provisionWeavrUser(ctx, weavrPushUser(device))
	})

	sc.Step(`^the Weavr user is logged in$`, func(ctx context.Context) error {
		return world(ctx).weavrLogin(ctx)
	})
	sc.Step(`^the Weavr user has an access token$`, func(ctx context.Context) error {
		return world(ctx).weavrAccessToken(ctx)
	})
	sc.Step(`^the Weavr user has logged in with the expired password$`, func(ctx context.Context) error {
		w := world(ctx)
		b, err := w.weavrCall(ctx, http.MethodPost, "/login_with_password", w.weavrLoginBody(false), http.StatusConflict)
		if err != nil {
			return err
		}
		t := gjson.GetBytes(b, "token").String()
		w.Set("temporaryToken", t)
		w.SetHeader("weavr", "Authorization", "Bearer "+t)
		return nil
	})
	sc.Step(`^the Weavr user has failed to log in (\d+) times?$`, func(ctx context.Context, n int) error {
		w := world(ctx)
		for i := 0; i < n; i++ {
			if _, err := w.weavrCall(ctx, http.MethodPost, "/login_with_password", w.weavrLoginBody(true), http.StatusForbidden); err != nil {
				return fmt.Errorf("failed login %d of %d: %w", i+1, n, err)
			}
		}
		return nil
	})
	sc.Step(`^the Weavr user logs in with (the right|a wrong) password$`, func(ctx context.Context, which string) error {
		w := world(ctx)
		return w.SendTo(ctx, "weavr", Request{Method: http.MethodPost, Path: "/login_with_password", Body: w.weavrLoginBody(which == "a wrong")})
	})
	sc.Step(`^the Weavr user keeps the session alive$`, func(ctx context.Context) error {
		_, err := world(ctx).weavrCall(ctx, http.MethodGet, "/identities", "", http.StatusOK)
		return err
	})
	sc.Step(`^the Weavr user has started an SMS step-up challenge$`, func(ctx context.Context) error {
		_, err := world(ctx).weavrCall(ctx, http.MethodPost, "/stepup/challenges/otp/SMS", "", http.StatusNoContent)
		return err
	})
	sc.Step(`^the Weavr session is stepped up by SMS$`, func(ctx context.Context) error {
		w := world(ctx)
		if _, err := w.weavrCall(ctx, http.MethodPost, "/stepup/challenges/otp/SMS", "", http.StatusNoContent); err != nil {
			return err
		}
		_, err := w.weavrCall(ctx, http.MethodPost, "/stepup/challenges/otp/SMS/verify", `{"verificationCode": "`+weavrSandboxOTP+`"}`, http.StatusNoContent)
		return err
	})
	sc.Step(`^the Weavr user has started enrolling an SMS factor$`, func(ctx context.Context) error {
		_, err := world(ctx).weavrCall(ctx, http.MethodPost, "/authentication_factors/otp/SMS", "", http.StatusNoContent)
		return err
	})
	sc.Step(`^a Weavr push challenge on "([A-Z_]+)" is in flight$`, func(ctx context.Context, channel string) error {
		w := world(ctx)
		b, err := w.weavrCall(ctx, http.MethodPost, "/stepup/challenges/push/"+channel, "", http.StatusOK)
		if err != nil {
			return err
		}
		w.Set("challengeId", gjson.GetBytes(b, "id").String())
		return nil
	})
	sc.Step(`^the Weavr push challenge is completed with "(verify_success|verify_invalid|verify_expired)"$`, func(ctx context.Context, outcome string) error {
		w := world(ctx)
		id, ok := w.Get("challengeId")
		if !ok {
			return fmt.Errorf(`no push challenge to complete: start one first ("Given a Weavr push challenge on "AUTHY" is in flight")`)
		}
		return w.Control(ctx, http.MethodPost, "weavr", "challenges/"+id+"/"+outcome, nil, nil)
	})
	sc.Step(`^the Weavr push challenge should be "(PENDING|VERIFIED|INVALID|EXPIRED|CANCELLED)"$`, func(ctx context.Context, want string) error {
		w := world(ctx)
		id, ok := w.Get("challengeId")
		if !ok {
			return fmt.Errorf("no push challenge was started")
		}
		var ch struct {
			Status string `json:"status"`
		}
		if err := w.Control(ctx, http.MethodGet, "weavr", "challenges/"+id, nil, &ch); err != nil {
			return err
		}
		if ch.Status != want {
			return fmt.Errorf("expected the push challenge to be %s, it is %s", want, ch.Status)
		}
		return nil
	})
	sc.Step(`^the Weavr user has logged out$`, func(ctx context.Context) error {
		_, err := world(ctx).weavrCall(ctx, http.MethodPost, "/logout", "", http.StatusNoContent, http.StatusOK)
		return err
	})
	sc.Step(`^the response should announce a rate limit of (\d+) requests?, resetting within (\d+) seconds$`, func(ctx context.Context, limit, within int) error {
		w := world(ctx)
		if w.last == nil {
			return errNoResponse
		}
		if got := w.last.header.Get("x-ratelimit-limit"); got != strconv.Itoa(limit) {
			return fmt.Errorf("expected x-ratelimit-limit %d, got %q", limit, got)
		}
		got := w.last.header.Get("x-ratelimit-reset")
		n, err := strconv.Atoi(got)
		if err != nil || n < 0 || n > within {
			return fmt.Errorf("expected x-ratelimit-reset to be a number of seconds from 0 to %d, got %q", within, got)
		}
		return nil
	})
}

// provisionWeavrUser makes a user of some kind available to the scenario and
// stores its details as variables.
func (w *World) provisionWeavrUser(ctx context.Context, k weavrUserKind) error {
	n := 1
	if s, ok := w.Get("weavrUsers"); ok {
		n, _ = strconv.Atoi(s)
		n++
	}
	w.vars["weavrUsers"] = strconv.Itoa(n)
	uf := k.fixture(w, n)
	email := fmt.Sprintf("%s-%d.%s@example.com", strings.ToLower(k.kind), n, strings.ToLower(w.Sandbox))
	uf["email"] = email
	uf["password"] = fmt.Sprintf("Passw0rd-%d-%s", n, w.Sandbox)
	fx, err := w.Provision(ctx, "weavr", k.kind, map[string]any{"users": []any{uf}})
	if err != nil {
		return err
	}
	if w.HasControl() {
		// The sandbox answered the user as created, generated parts included.
		created, err := w.createdWeavrUser(email)
		if err != nil {
			return err
		}
		for _, key := range []string{"identities", "thirdPartyAuthUrl", "previousPasswords"} {
			if v, ok := uf[key]; ok {
				created[key] = v
			}
		}
		fx = created
	}
	for _, field := range []string{"email", "password"} {
		if s, _ := fx[field].(string); s == "" {
			return fmt.Errorf("the weavr %s fixture has no %s (providers.weavr.fixtures.%s.%s)", k.kind, field, k.kind, field)
		}
	}
	w.Set("email", fx["email"].(string))
	w.Set("password", fx["password"].(string))
	w.Set("wrongPassword", "Wrong-"+fx["password"].(string))
	if id, ok := fx["identity"].(map[string]any); ok {
		w.setIfString("identityType", id["type"])
		w.setIfString("identityId", id["id"])
	}
	if c, ok := fx["credentials"].(map[string]any); ok {
		w.setIfString("credentialsType", c["type"])
		w.setIfString("credentialsId", c["id"])
	}
	w.setIfString("mobile", fx["mobile"])
	switch k.kind {
	case weavrThirdPartyUser.kind:
		url := fx["thirdPartyAuthUrl"]
		if v, ok := fx["logoutUrl"]; ok {
			url = v
		}
		if s, _ := url.(string); s == "" {
			return fmt.Errorf("the weavr thirdPartyUser fixture has no logoutUrl (providers.weavr.fixtures.thirdPartyUser.logoutUrl)")
		}
		w.setIfString("logoutUrl", url)
	case weavrPreviousPwUser.kind:
		prev := fx["previousPassword"]
		if list, ok := fx["previousPasswords"].([]any); ok && len(list) > 0 {
			prev = list[0]
		}
		if s, _ := prev.(string); s == "" {
			return fmt.Errorf("the weavr previousPasswordUser fixture has no previousPassword (providers.weavr.fixtures.previousPasswordUser.previousPassword)")
		}
		w.setIfString("previousPassword", prev)
	case weavrMultiIdentityUser.kind:
		if w.HasControl() {
			w.setIfString("consumerId", fx["identity"].(map[string]any)["id"])
			w.setIfString("corporateId", fx["identities"].([]any)[0].(map[string]any)["id"])
		} else {
			w.setIfString("consumerId", fx["consumerId"])
			w.setIfString("corporateId", fx["corporateId"])
		}
		for _, v := range []string{"consumerId", "corporateId"} {
			if _, ok := w.Get(v); !ok {
				return fmt.Errorf("the weavr multiIdentityUser fixture has no %s (providers.weavr.fixtures.multiIdentityUser.%s)", v, v)
			}
		}
	}
	return nil
}

// createdWeavrUser finds the user with this e-mail among those the sandbox
// answered when the fixture was added.
func (w *World) createdWeavrUser(email string) (map[string]any, error) {
	list, _ := w.Credentials["weavr"]["users"].([]any)
	for _, u := range list {
		if m, ok := u.(map[string]any); ok && strings.EqualFold(fmt.Sprint(m["email"]), email) {
			return m, nil
		}
	}
	return nil, fmt.Errorf("the sandbox did not answer the weavr user %s it was asked to create", email)
}

func (w *World) setIfString(name string, v any) {
	if s, ok := v.(string); ok && s != "" {
		w.Set(name, s)
	}
}

// weavrLoginBody is a login request for the scenario's user.
func (w *World) weavrLoginBody(wrong bool) string {
	email, _ := w.Get("email")
	pw, _ := w.Get("password")
	if wrong {
		pw, _ = w.Get("wrongPassword")
	}
	b, _ := json.Marshal(map[string]any{"email": email, "password": map[string]string{"value": pw}})
	return string(b)
}

// weavrLogin logs the user in: {{authToken}}, carried by the requests that
// follow.
func (w *World) weavrLogin(ctx context.Context) error {
	if _, ok := w.Get("email"); !ok {
		return fmt.Errorf(`no Weavr user: start with "Given a Weavr user"`)
	}
	b, err := w.weavrCall(ctx, http.MethodPost, "/login_with_password", w.weavrLoginBody(false), http.StatusOK)
	if err != nil {
		return err
	}
	r := gjson.ParseBytes(b)
	w.Set("authToken", r.Get("token").String())
	w.SetHeader("weavr", "Authorization", "Bearer "+r.Get("token").String())
	for v, path := range map[string]string{"identityType": "identity.type", "identityId": "identity.id", "credentialsType": "credentials.type", "credentialsId": "credentials.id"} {
		if _, ok := w.Get(v); !ok {
			w.setIfString(v, r.Get(path).Value())
		}
	}
	return nil
}

// weavrAccessToken gets an ACCESS token for the user's identity (logging in
// first if needed): {{accessToken}}, carried by the requests that follow.
func (w *World) weavrAccessToken(ctx context.Context) error {
	if _, ok := w.Get("authToken"); !ok {
		if err := w.weavrLogin(ctx); err != nil {
			return err
		}
	}
	b, err := w.weavrCall(ctx, http.MethodGet, "/identities", "", http.StatusOK)
	if err != nil {
		return err
	}
	ids := gjson.ParseBytes(b).Array()
	if len(ids) == 0 {
		return fmt.Errorf("GET /identities: the Weavr user has no identity")
	}
	chosen := ids[0].Get("id")
	wantType, _ := w.Get("identityType")
	wantID, _ := w.Get("identityId")
	if i := slices.IndexFunc(ids, func(r gjson.Result) bool {
		return r.Get("id.type").String() == wantType && r.Get("id.id").String() == wantID
	}); i >= 0 {
		chosen = ids[i].Get("id")
	}
	body, _ := json.Marshal(map[string]any{"identity": map[string]string{"type": chosen.Get("type").String(), "id": chosen.Get("id").String()}})
	b, err = w.weavrCall(ctx, http.MethodPost, "/access_token", string(body), http.StatusOK)
	if err != nil {
		return err
	}
	t := gjson.GetBytes(b, "token").String()
	w.Set("accessToken", t)
	w.SetHeader("weavr", "Authorization", "Bearer "+t)
	return nil
}

// weavrCall sends a request of a setup step to Weavr and checks that it got
// one of the statuses the step relies on; it returns the response body.
func (w *World) weavrCall(ctx context.Context, method, path, body string, want ...int) ([]byte, error) {
	if err := w.SendTo(ctx, "weavr", Request{Method: method, Path: path, Body: body}); err != nil {
		return nil, err
	}
	if !slices.Contains(want, w.last.status) {
		return nil, fmt.Errorf("%s %s: expected status %s, got %d; body: %s", method, path, strings.Trim(fmt.Sprint(want), "[]"), w.last.status, w.redactBody(w.last.body))
	}
	return w.last.body, nil
}
