package soak

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
)

// op is one kind of request of the mix: weight is its share (of
// totalWeight), run sends it (one or more requests) and returns how many
// it sent; creates is the provider whose collectable state it adds to, or
// -1.
type op struct {
	name    string
	weight  int
	creates int
	run     func(c *client, s *session, worker int) (int, error)
}

// mix is what the fast clients send: logins, identities, tokens, OTPs,
// consents, auth sessions and control reads, in proportions like a
// conformance run's.
func mix() []op {
	return []op{
		{name: "weavr login", weight: 12, creates: pWeavr, run: func(c *client, s *session, _ int) (int, error) {
			_, err := c.expect(http.StatusOK, http.MethodPost, "/weavr/login_with_password", weavrLoginBody(s), "api-key", s.weavrKey)
			return 1, err
		}},
		{name: "weavr identities", weight: 24, creates: -1, run: func(c *client, s *session, _ int) (int, error) {
			_, err := c.expect(http.StatusOK, http.MethodGet, "/weavr/identities", "", "api-key", s.weavrKey, "Authorization", "Bearer "+s.weavrAuth)
			return 1, err
		}},
		{name: "weavr access token", weight: 8, creates: pWeavr, run: func(c *client, s *session, _ int) (int, error) {
			_, err := c.expect(http.StatusOK, http.MethodPost, "/weavr/access_token", `{"identity":`+string(s.weavrIdentity)+`}`,
				"api-key", s.weavrKey, "Authorization", "Bearer "+s.weavrAuth)
			return 1, err
		}},
		{name: "weavr login and logout", weight: 4, creates: pWeavr, run: weavrLogout},
		{name: "fliqa token", weight: 12, creates: pFliqa, run: func(c *client, s *session, _ int) (int, error) {
			_, err := c.expect(http.StatusOK, http.MethodGet, fliqaTokenPath(s), "", "Api-Key", s.fliqaKey, "Api-Secret", s.fliqaSecret)
			return 1, err
		}},
		{name: "fliqa login", weight: 8, creates: pFliqa, run: func(c *client, s *session, w int) (int, error) {
			_, err := c.expect(http.StatusOK, http.MethodPost, "/fliqa/account/login", `{"email":"`+ownerEmail(w)+`"}`, "Authorization", "Bearer "+s.fliqaToken)
			return 1, err
		}},
		{name: "fliqa consent", weight: 2, creates: pFliqa, run: fliqaConsent},
		{name: "fiskil token", weight: 12, creates: pFiskil, run: func(c *client, s *session, _ int) (int, error) {
			_, err := c.expect(http.StatusOK, http.MethodPost, "/fiskil/v1/token", fiskilTokenBody(s))
			return 1, err
		}},
		{name: "fiskil auth session", weight: 12, creates: pFiskil, run: func(c *client, s *session, _ int) (int, error) {
			_, err := c.expect(http.StatusOK, http.MethodPost, "/fiskil/v1/auth/session", `{"end_user_id":"eu_soak"}`, "Authorization", "Bearer "+s.fiskilToken)
			return 1, err
		}},
		{name: "control clock", weight: 6, creates: -1, run: func(c *client, s *session, _ int) (int, error) {
			_, err := c.expect(http.StatusOK, http.MethodGet, "/_control/sandboxes/"+s.id+"/clock", "")
			return 1, err
		}},
	}
}

// weavrLogout logs in and out again: a session begun and ended.
func weavrLogout(c *client, s *session, _ int) (int, error) {
	b, err := c.expect(http.StatusOK, http.MethodPost, "/weavr/login_with_password", weavrLoginBody(s), "api-key", s.weavrKey)
	if err != nil {
		return 1, err
	}
	var wl struct {
		Token string `json:"token"`
	}
	if err := json.Unmarshal(b, &wl); err != nil {
		return 1, fmt.Errorf("weavr login: %w", err)
	}
	_, err = c.expect(http.StatusNoContent, http.MethodPost, "/weavr/logout", "", "api-key", s.weavrKey, "Authorization", "Bearer "+wl.Token)
	return 2, err
}

// fliqaConsent is Fliqa's whole flow: a token, an OTP sent to the worker's
// own e-mail, read back from the outbox, and the consent it grants.
func fliqaConsent(c *client, s *session, w int) (int, error) {
	b, err := c.expect(http.StatusOK, http.MethodGet, fliqaTokenPath(s), "", "Api-Key", s.fliqaKey, "Api-Secret", s.fliqaSecret)
	if err != nil {
		return 1, err
	}
	var fq struct {
		AccessToken string `json:"accessToken"`
	}
	if err := json.Unmarshal(b, &fq); err != nil {
		return 1, fmt.Errorf("fliqa token: %w", err)
	}
	if _, err := c.expect(http.StatusOK, http.MethodPost, "/fliqa/account/login", `{"email":"`+ownerEmail(w)+`"}`, "Authorization", "Bearer "+fq.AccessToken); err != nil {
		return 2, err
	}
	b, err = c.expect(http.StatusOK, http.MethodGet, "/_control/sandboxes/"+s.id+"/outbox?provider=fliqa&recipient="+url.QueryEscape(ownerEmail(w)), "")
	if err != nil {
		return 3, err
	}
	var box struct {
		Messages []struct {
			OTP string `json:"otp"`
		} `json:"messages"`
	}
	if err := json.Unmarshal(b, &box); err != nil || len(box.Messages) == 0 {
		return 3, fmt.Errorf("fliqa outbox: no message for the worker (%v)", err)
	}
	otp := box.Messages[len(box.Messages)-1].OTP
	_, err = c.expect(http.StatusCreated, http.MethodPost, "/fliqa/account/consent", `{"providerId":"demo-bank","otp":"`+otp+`"}`, "Authorization", "Bearer "+fq.AccessToken)
	return 4, err
}

// picker draws operations by weight.
type picker struct {
	ops   []op
	total int
}

func newPicker(ops []op) picker {
	p := picker{ops: ops}
	for _, o := range ops {
		p.total += o.weight
	}
	return p
}

func (p picker) pick(r *rand.Rand) op {
	n := r.IntN(p.total)
	for _, o := range p.ops {
		if n < o.weight {
			return o
		}
		n -= o.weight
	}
	return p.ops[len(p.ops)-1]
}
