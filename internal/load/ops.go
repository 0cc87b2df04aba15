package load

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"
)

// The default sandbox's demo credentials (simulator/*/default_fixtures.json).
const (
	weavrKey     = "weavr-demo-api-key"
	weavrEmail   = "ada@example.com"
	weavrPass    = "Secret-Passw0rd"
	fliqaKey     = "fliqa-demo-key"
	fliqaSecret  = "fliqa-demo-secret"
	fliqaInquiry = "inq-demo-1"
	fliqaMSISDN  = "+38640123456"
	fiskilClient = "fiskil-demo-client"
	fiskilSecret = "fiskil-demo-secret"
	fiskilUser   = "eu_demo"
)

// op is one operation of the mix: a request that succeeds over and over.
type op struct {
	name   string
	method string
	path   string
	body   string
	header http.Header
}

// creds are the tokens a round's requests carry, drawn afresh each round
// since the clock moves past their lifetimes between rounds.
type creds struct {
	weavrAuth     string
	weavrIdentity string // JSON
	fliqaToken    string
	fiskilToken   string
}

// mix is the operations driven, in the order the table shows them.
func mix(c creds) []op {
	h := func(kv ...string) http.Header {
		out := http.Header{}
		for i := 0; i+1 < len(kv); i += 2 {
			out.Set(kv[i], kv[i+1])
		}
		return out
	}
	const ct = "Content-Type"
	return []op{
		{name: "weavr identities", method: http.MethodGet, path: "/weavr/identities",
			header: h("api-key", weavrKey, "Authorization", "Bearer "+c.weavrAuth)},
		{name: "weavr login", method: http.MethodPost, path: "/weavr/login_with_password",
			body:   `{"email":"` + weavrEmail + `","password":{"value":"` + weavrPass + `"}}`,
			header: h("api-key", weavrKey, ct, "application/json")},
		{name: "weavr access token", method: http.MethodPost, path: "/weavr/access_token",
			body:   `{"identity":` + c.weavrIdentity + `}`,
			header: h("api-key", weavrKey, "Authorization", "Bearer "+c.weavrAuth, ct, "application/json")},
		{name: "fliqa token", method: http.MethodGet, path: "/fliqa/account/auth/token/sandbox/api/" + fliqaInquiry,
			header: h("Api-Key", fliqaKey, "Api-Secret", fliqaSecret)},
		{name: "fliqa login", method: http.MethodPost, path: "/fliqa/account/login",
			body:   `{"msisdn":"` + fliqaMSISDN + `"}`,
			header: h("Authorization", "Bearer "+c.fliqaToken, ct, "application/json")},
		{name: "fiskil token", method: http.MethodPost, path: "/fiskil/v1/token",
			body:   `{"client_id":"` + fiskilClient + `","client_secret":"` + fiskilSecret + `"}`,
			header: h(ct, "application/json")},
		{name: "fiskil auth session", method: http.MethodPost, path: "/fiskil/v1/auth/session",
			body:   `{"end_user_id":"` + fiskilUser + `"}`,
			header: h("Authorization", "Bearer "+c.fiskilToken, ct, "application/json")},
	}
}

// target is the op as vegeta sends it to the server at base.
func (o op) target(base string) vegeta.Target {
	t := vegeta.Target{Method: o.method, URL: base + o.path, Header: o.header}
	if o.body != "" {
		t.Body = []byte(o.body)
	}
	return t
}

// send makes one request and returns the answer; anything but 2xx is an
// error, since the load must measure successes.
func send(cl *http.Client, base string, o op) (canned, error) {
	req, err := http.NewRequest(o.method, base+o.path, bytes.NewReader([]byte(o.body)))
	if err != nil {
		return canned{}, err
	}
	req.Header = o.header.Clone()
	resp, err := cl.Do(req)
	if err != nil {
		return canned{}, fmt.Errorf("%s: %w", o.name, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return canned{}, fmt.Errorf("%s: %w", o.name, err)
	}
	if resp.StatusCode/100 != 2 {
		return canned{}, fmt.Errorf("%s: status %d", o.name, resp.StatusCode)
	}
	return canned{status: resp.StatusCode, contentType: resp.Header.Get("Content-Type"), body: body}, nil
}

// login draws the round's tokens from the simulator at base.
func login(cl *http.Client, base string) (creds, error) {
	var c creds
	ops := mix(c)
	get := func(o op, v any) error {
		a, err := send(cl, base, o)
		if err != nil {
			return err
		}
		return json.Unmarshal(a.body, v)
	}
	var wl struct {
		Token    string          `json:"token"`
		Identity json.RawMessage `json:"identity"`
	}
	if err := get(ops[1], &wl); err != nil {
		return c, err
	}
	var fq struct {
		AccessToken string `json:"accessToken"`
	}
	if err := get(ops[3], &fq); err != nil {
		return c, err
	}
	var fk struct {
		Token string `json:"token"`
	}
	if err := get(ops[5], &fk); err != nil {
		return c, err
	}
	return creds{weavrAuth: wl.Token, weavrIdentity: string(wl.Identity), fliqaToken: fq.AccessToken, fiskilToken: fk.Token}, nil
}

// advance moves the default sandbox's clock past every lifetime the mix
// creates (Fiskil keeps expired sessions a day after their five), so that the
// previous round's state is due for collection, as in a sandbox that runs
// for days.
func advance(cl *http.Client, base string) error {
	const past = 7 * 24 * time.Hour
	req, err := http.NewRequest(http.MethodPost, base+"/_control/sandboxes/default/clock",
		bytes.NewReader([]byte(`{"advance":"`+past.String()+`"}`)))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := cl.Do(req)
	if err != nil {
		return fmt.Errorf("advance the clock: %w", err)
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("advance the clock: status %d", resp.StatusCode)
	}
	return nil
}
