package weavr

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/cucumber/godog"

	"github.com/conformhq/conform/steps"
)

// userKind is one kind of Weavr user a scenario can ask for: the
// fixture kind it is provisioned as (providers.weavr.fixtures.<kind> in the
// config file when the target has no control API) and the fixture fields
// that make such a user in a sandbox.
type userKind struct {
	kind    string
	fixture func(w *steps.World, n int) map[string]any
}

func plainUser(kind string) userKind {
	return userKind{kind: kind, fixture: func(*steps.World, int) map[string]any { return map[string]any{} }}
}

// The kinds of user whose fixture has fields of its own; functions rather
// than variables, so that no package state can be changed by a step.
func previousPwUser() userKind {
	return userKind{kind: "previousPasswordUser", fixture: func(w *steps.World, n int) map[string]any {
		return map[string]any{"previousPasswords": []any{fmt.Sprintf("Old-Passw0rd-%d-%s", n, suffix(w.Sandbox, 8))}}
	}}
}

func smsUser() userKind {
	return userKind{kind: "smsUser", fixture: func(*steps.World, int) map[string]any {
		return map[string]any{"smsEnrolled": true}
	}}
}

func expiredUser(kind string) userKind {
	return userKind{kind: kind, fixture: func(*steps.World, int) map[string]any {
		return map[string]any{"passwordExpired": true}
	}}
}

func thirdPartyUser() userKind {
	return userKind{kind: "thirdPartyUser", fixture: func(w *steps.World, n int) map[string]any {
		return map[string]any{"thirdPartyAuthUrl": fmt.Sprintf("https://sso.example.com/logout?session=%s-%d", strings.ToLower(w.Sandbox), n)}
	}}
}

func multiIdentityUser() userKind {
	return userKind{kind: "multiIdentityUser", fixture: func(w *steps.World, n int) map[string]any {
		return map[string]any{
			"identity":   map[string]any{"type": "CONSUMER"},
			"identities": []any{map[string]any{"type": "CORPORATE", "id": fmt.Sprintf("2%017d", n), "name": "Corporate " + strconv.Itoa(n)}},
		}
	}}
}

func pushUser(device string) userKind {
	return userKind{kind: strings.ToLower(device) + "User", fixture: func(*steps.World, int) map[string]any {
		return map[string]any{"pushDevices": []any{device}}
	}}
}

// userStep is a step that gives the scenario a user of a kind.
type userStep struct {
	text string
	kind userKind
}

// userSteps are the steps of each kind of user but push users: one list
// for the steps and the rules of what they need (needs.go).
func userSteps() []userStep {
	return []userStep{
		{`a Weavr user`, plainUser("user")},
		{`a Weavr user with an enrolled SMS factor`, smsUser()},
		{`a Weavr user without an SMS factor`, plainUser("unenrolledUser")},
		{`a Weavr user about to enrol an SMS factor`, plainUser("enrolmentUser")},
		{`a Weavr user whose password has expired`, expiredUser("expiredPasswordUser")},
		{`a Weavr user whose expired password will be changed`, expiredUser("expiredPasswordChangeUser")},
		{`a Weavr user whose password will be changed`, plainUser("passwordChangeUser")},
		{`a Weavr user with a previous password`, previousPwUser()},
		{`a Weavr user of a third-party auth provider`, thirdPartyUser()},
		{`a Weavr user with a consumer and a corporate identity`, multiIdentityUser()},
		{`a Weavr user who may be locked out`, plainUser("lockoutUser")},
		{`a Weavr user who may be locked out during a session`, plainUser("sessionLockoutUser")},
	}
}

// registerUsers installs the steps that give the scenario a fresh Weavr
// user of some kind (see the package documentation).
func registerUsers(sc *godog.ScenarioContext) {
	for _, u := range userSteps() {
		sc.Step(`^`+u.text+`$`, func(ctx context.Context) error {
			return worldOf(ctx).provisionUser(ctx, u.kind)
		})
	}
	sc.Step(pushUserStep, func(ctx context.Context, device string) error {
		return worldOf(ctx).provisionUser(ctx, pushUser(device))
	})
}

// kindVar holds the fixture kind of the scenario's latest user.
const kindVar = "weavrUserKind"

// provisionUser makes a user of some kind available to the scenario and
// stores its details as variables.
func (w world) provisionUser(ctx context.Context, k userKind) error {
	n := 1
	if s, ok := w.Get("weavrUsers"); ok {
		n, _ = strconv.Atoi(s)
		n++
	}
	w.Set("weavrUsers", strconv.Itoa(n))
	w.Set(kindVar, k.kind)
	uf := k.fixture(w.World, n)
	email := fmt.Sprintf("%s-%d.%s@example.com", strings.ToLower(k.kind), n, strings.ToLower(w.Sandbox))
	uf["email"] = email
	// Unique per scenario and within Weavr's 8 to 30 characters, with room
	// for the "New-" of a password change.
	uf["password"] = fmt.Sprintf("Passw0rd-%d-%s", n, suffix(w.Sandbox, 8))
	fx, err := w.Provision(ctx, name, k.kind, map[string]any{"users": []any{uf}})
	if err != nil {
		return err
	}
	if w.HasControl() {
		// The sandbox answered the user as created, generated parts included.
		created, err := w.createdUser(email)
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
	return w.setKindVariables(k, fx)
}

// setKindVariables sets the variables only some kinds of user have
// ({{logoutUrl}}, {{previousPassword}}, {{consumerId}} and {{corporateId}}).
func (w world) setKindVariables(k userKind, fx map[string]any) error {
	switch k.kind {
	case thirdPartyUser().kind:
		url := fx["thirdPartyAuthUrl"]
		if v, ok := fx["logoutUrl"]; ok {
			url = v
		}
		if s, _ := url.(string); s == "" {
			return fmt.Errorf("the weavr thirdPartyUser fixture has no logoutUrl (providers.weavr.fixtures.thirdPartyUser.logoutUrl)")
		}
		w.setIfString("logoutUrl", url)
	case previousPwUser().kind:
		prev := fx["previousPassword"]
		if list, ok := fx["previousPasswords"].([]any); ok && len(list) > 0 {
			prev = list[0]
		}
		if s, _ := prev.(string); s == "" {
			return fmt.Errorf("the weavr previousPasswordUser fixture has no previousPassword (providers.weavr.fixtures.previousPasswordUser.previousPassword)")
		}
		w.setIfString("previousPassword", prev)
	case multiIdentityUser().kind:
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

// createdUser finds the user with this e-mail among those the sandbox
// answered when the fixture was added.
func (w world) createdUser(email string) (map[string]any, error) {
	list, _ := w.Credentials[name]["users"].([]any)
	for _, u := range list {
		if m, ok := u.(map[string]any); ok && strings.EqualFold(fmt.Sprint(m["email"]), email) {
			return m, nil
		}
	}
	return nil, fmt.Errorf("the sandbox did not answer the weavr user %s it was asked to create", email)
}

func (w world) setIfString(name string, v any) {
	if s, ok := v.(string); ok && s != "" {
		w.Set(name, s)
	}
}

// suffix returns the last n characters of s (all of it when shorter).
func suffix(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[len(s)-n:]
}
