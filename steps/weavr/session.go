package weavr

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/tidwall/gjson"

	"github.com/conformhq/conform/steps"
)

// registerSession installs the steps that log the Weavr user in and out.
func registerSession(sc *steps.ScenarioContext) {
	sc.Step(`^the Weavr user is logged in$`, func(ctx context.Context) error {
		return worldOf(ctx).login(ctx)
	})
	sc.Step(`^the Weavr user has an access token$`, func(ctx context.Context) error {
		return worldOf(ctx).accessToken(ctx)
	})
	sc.Step(`^the Weavr user has logged in with the expired password$`, func(ctx context.Context) error {
		w := worldOf(ctx)
		b, err := w.call(ctx, http.MethodPost, "/login_with_password", w.loginBody(false), http.StatusConflict)
		if err != nil {
			return err
		}
		t := gjson.GetBytes(b, "token").String()
		w.Set("temporaryToken", t)
		w.SetHeader(name, "Authorization", "Bearer "+t)
		return nil
	})
	sc.Step(failedLoginsStep, func(ctx context.Context, expr string) error {
		w := worldOf(ctx)
		n, err := w.Count(name, expr, true)
		if err != nil {
			return err
		}
		if !w.HasControl() {
			// A config fixture may carry failed logins from earlier
			// scenarios or runs: a right login first makes these n the
			// consecutive ones.
			if _, err := w.rightLogin(ctx); err != nil {
				return fmt.Errorf("logging in first, so that the failed logins are counted from zero: %w", err)
			}
		}
		for i := 0; i < n; i++ {
			if _, err := w.call(ctx, http.MethodPost, "/login_with_password", w.loginBody(true), http.StatusForbidden); err != nil {
				return fmt.Errorf("failed login %d of %d: %w", i+1, n, err)
			}
		}
		return nil
	})
	sc.Step(lockedOutStep, func(ctx context.Context, expr string) error {
		return worldOf(ctx).failUntilLocked(ctx, expr)
	})
	sc.Step(`^the Weavr user logs in with (the right|a wrong) password$`, func(ctx context.Context, which string) error {
		w := worldOf(ctx)
		return w.SendTo(ctx, name, steps.Request{Method: http.MethodPost, Path: "/login_with_password", Body: w.loginBody(which == "a wrong")})
	})
	sc.Step(`^the Weavr user keeps the session alive$`, func(ctx context.Context) error {
		_, err := worldOf(ctx).call(ctx, http.MethodGet, "/identities", "", http.StatusOK)
		return err
	})
	sc.Step(`^the Weavr user has logged out$`, func(ctx context.Context) error {
		_, err := worldOf(ctx).call(ctx, http.MethodPost, "/logout", "", http.StatusNoContent, http.StatusOK)
		return err
	})
}

// loginBody is a login request for the scenario's user.
func (w world) loginBody(wrong bool) string {
	email, _ := w.Get("email")
	pw, _ := w.Get("password")
	if wrong {
		pw, _ = w.Get("wrongPassword")
	}
	b, _ := json.Marshal(map[string]any{"email": email, "password": map[string]string{"value": pw}})
	return string(b)
}

// login logs the user in: {{authToken}}, carried by the requests that
// follow.
func (w world) login(ctx context.Context) error {
	if _, ok := w.Get("email"); !ok {
		return fmt.Errorf(`no Weavr user: start with "Given a Weavr user"`)
	}
	b, err := w.rightLogin(ctx)
	if err != nil {
		return err
	}
	r := gjson.ParseBytes(b)
	w.Set("authToken", r.Get("token").String())
	w.SetHeader(name, "Authorization", "Bearer "+r.Get("token").String())
	if err := w.checkOneIdentity(ctx); err != nil {
		return err
	}
	for v, path := range map[string]string{"identityType": "identity.type", "identityId": "identity.id", "credentialsType": "credentials.type", "credentialsId": "credentials.id"} {
		if _, ok := w.Get(v); !ok {
			w.setIfString(v, r.Get(path).Value())
		}
	}
	return nil
}

// checkOneIdentity checks, without the control API, that a config
// fixture of kind user holds exactly one identity, as scenarios of that
// kind rely on: a user with more is the fixture's fault (a setup error
// naming it), not a failure of the target. It is checked at every login
// rather than once, so that scenarios sharing the fixture meanwhile are
// judged by the same rule.
func (w world) checkOneIdentity(ctx context.Context) error {
	if kind, _ := w.Get(kindVar); kind != "user" || w.HasControl() {
		return nil
	}
	// Aside: the login step's answer stays the last response, as it is
	// with the control API ("I remember the JSON at \"token\"" follows).
	return w.Aside(func() error {
		b, err := w.call(ctx, http.MethodGet, "/identities", "", http.StatusOK)
		if err != nil {
			return err
		}
		if ids, _ := identitiesIn(b); len(ids) != 1 {
			return w.FixtureUnusable(name, "user", fmt.Sprintf("the user holds %d identities; a user fixture must hold exactly one", len(ids)))
		}
		return nil
	})
}

// rightLogin logs the user in with the right password, as a setup step:
// without the control API, a 423 says the config fixture is locked (by an
// earlier run, or a scenario that did not claim it), which is the
// fixture's fault, not the target's: the fixture is set aside and the
// scenario cannot be judged.
func (w world) rightLogin(ctx context.Context) ([]byte, error) {
	b, err := w.call(ctx, http.MethodPost, "/login_with_password", w.loginBody(false), http.StatusOK)
	if err != nil && !w.HasControl() {
		if last, lerr := w.Last(); lerr == nil && last.Status == http.StatusLocked {
			kind, _ := w.Get(kindVar)
			return nil, w.FixtureUnusable(name, kind, "the user is locked (423); a locked user is usable again once its lockout period ("+w.lockoutPeriodText()+") has passed")
		}
	}
	return b, err
}

// accessToken gets an ACCESS token for the user's identity (logging in
// first if needed): {{accessToken}}, carried by the requests that follow.
func (w world) accessToken(ctx context.Context) error {
	if _, ok := w.Get("authToken"); !ok {
		if err := w.login(ctx); err != nil {
			return err
		}
	}
	b, err := w.call(ctx, http.MethodGet, "/identities", "", http.StatusOK)
	if err != nil {
		return err
	}
	ids, _ := identitiesIn(b)
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
	b, err = w.call(ctx, http.MethodPost, "/access_token", string(body), http.StatusOK)
	if err != nil {
		return err
	}
	t := gjson.GetBytes(b, "token").String()
	w.Set("accessToken", t)
	w.SetHeader(name, "Authorization", "Bearer "+t)
	return nil
}

// call sends a request of a setup step to Weavr and checks that it got
// one of the statuses the step relies on; it returns the response body.
func (w world) call(ctx context.Context, method, path, body string, want ...int) ([]byte, error) {
	if err := w.SendTo(ctx, name, steps.Request{Method: method, Path: path, Body: body}); err != nil {
		return nil, err
	}
	last, err := w.Last()
	if err != nil {
		return nil, err
	}
	if !slices.Contains(want, last.Status) {
		return nil, fmt.Errorf("%s %s: expected status %s, got %d; body: %s", method, path, strings.Trim(fmt.Sprint(want), "[]"), last.Status, w.RedactBody(last.Body))
	}
	return last.Body, nil
}

// failUntilLocked sends wrong passwords until the credentials are locked
// (423), after at most a count of failures (the lockout threshold): the
// login after the last failure allowed answers 423. Where the threshold
// is known (declared, or the sandbox's), the lock must come at that very
// login; where it is not, any lock within the bound passes [decided]
// (contract rule 7: the references give no number).
func (w world) failUntilLocked(ctx context.Context, expr string) error {
	n, err := w.Count(name, expr, false)
	if err != nil {
		return err
	}
	exact := w.HasControl() || w.LimitDeclared(name, lockoutThreshold)
	if !w.HasControl() {
		if _, err := w.rightLogin(ctx); err != nil {
			return fmt.Errorf("logging in first, so that the failed logins are counted from zero: %w", err)
		}
	}
	for i := 1; i <= n+1; i++ {
		if err := w.SendTo(ctx, name, steps.Request{Method: http.MethodPost, Path: "/login_with_password", Body: w.loginBody(true)}); err != nil {
			return err
		}
		last, err := w.Last()
		if err != nil {
			return err
		}
		switch {
		case last.Status == http.StatusLocked && i == 1:
			return fmt.Errorf("the credentials were locked before any failed login of this scenario")
		case last.Status == http.StatusLocked && exact && i <= n:
			return fmt.Errorf("the credentials were locked after %d consecutive failed logins; the lockout threshold is %d", i-1, n)
		case last.Status == http.StatusLocked:
			return nil
		case last.Status != http.StatusForbidden:
			return fmt.Errorf("failed login %d answered %d, want 403 (wrong password) or 423 (locked)", i, last.Status)
		}
	}
	if exact {
		return fmt.Errorf("the credentials were not locked after %d consecutive failed logins, the lockout threshold", n)
	}
	return fmt.Errorf("the credentials were not locked after %d consecutive failed logins: no lockout threshold is declared (config providers.weavr.limits.%s), and conform accepts at most %d [decided]", n+1, lockoutThreshold, n)
}

// lockoutPeriodText is the lockout period as messages quote it: the one
// the config declares (providers.weavr.timings.lockoutPeriod), else the
// reference's 30 minutes.
func (w world) lockoutPeriodText() string {
	d, err := w.Timing("lockoutPeriod")
	if err != nil {
		return "30m0s, the reference's"
	}
	if w.TimingDeclared("lockoutPeriod") {
		return d.String() + ", as declared"
	}
	return d.String() + ", the reference's"
}
