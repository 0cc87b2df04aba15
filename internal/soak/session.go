package soak

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/conformhq/conform/simulator/core"
	"github.com/conformhq/conform/simulator/fiskil"
	"github.com/conformhq/conform/simulator/fliqa"
	"github.com/conformhq/conform/simulator/weavr"
)

// Providers, as indexes of session.created.
const (
	pWeavr = iota
	pFliqa
	pFiskil
	nProviders
)

// session is one sandbox as the clients use it: its credentials, the
// tokens drawn at the last mark, and how many requests that queue state
// for collection it has served, per provider (which bounds the requests
// that collect it all after the final clock move).
type session struct {
	id string

	weavrKey, weavrEmail, weavrPass string
	fliqaKey, fliqaSecret, inquiry  string
	fiskilID, fiskilSecret          string

	// Drawn by refresh, while no fast client runs.
	weavrAuth     string
	weavrIdentity json.RawMessage
	fliqaToken    string
	fiskilToken   string

	created [nProviders]atomic.Int64
	// slowInFlight counts the slow requests to the sandbox in flight.
	slowInFlight atomic.Int64

	// refs counts the requests in flight, so that a replaced sandbox is
	// deleted only once none uses it.
	mu      sync.Mutex
	refs    int
	retired bool
	idle    chan struct{} // closed once retired and unused
}

// acquire takes a reference, false once the session is retired.
func (s *session) acquire() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.retired {
		return false
	}
	s.refs++
	return true
}

func (s *session) release() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.refs--; s.retired && s.refs == 0 {
		close(s.idle)
	}
}

// retire refuses new references and returns a channel closed when the last
// one is released.
func (s *session) retire() <-chan struct{} {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.retired = true
	s.idle = make(chan struct{})
	if s.refs == 0 {
		close(s.idle)
	}
	return s.idle
}

// Per-worker consent owners (fliqa): a worker's OTPs go to its own e-mail,
// so that the last message in its name is the one it asked for.
func ownerEmail(worker int) string { return fmt.Sprintf("soak-%d@example.com", worker) }

// sandboxFixtures lifts the rate limit (the load is the point) and adds a
// Fiskil end user and one Fliqa consent owner per worker; the rest is
// generated.
func sandboxFixtures(workers int) []byte {
	owners := make([]string, workers)
	for i := range owners {
		owners[i] = `{"email":"` + ownerEmail(i) + `"}`
	}
	return []byte(`{"rateLimit":{"limit":100000000,"window":"1s"},` +
		`"fiskil":{"endUsers":[{"id":"eu_soak","email":"soak@example.com","name":"Soak"}]},` +
		`"fliqa":{"consentOwners":[` + strings.Join(owners, ",") + `]}}`)
}

// client speaks to the simulator under soak.
type client struct {
	base string
	http *http.Client
	// run, when set, times every request (the fast clients'),
	// as exposed when the worker found a slow request to its sandbox in
	// flight.
	run     *run
	exposed bool
}

// answer is a response read whole.
type answer struct {
	status int
	body   []byte
}

// do sends one request; header is name, value pairs.
func (c *client) do(method, path, body string, header ...string) (answer, error) {
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, c.base+path, rd)
	if err != nil {
		return answer{}, err
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	start := time.Now()
	resp, err := c.http.Do(req)
	if err != nil {
		return answer{}, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if c.run != nil {
		c.run.timed(start, time.Since(start), c.exposed)
	}
	return answer{status: resp.StatusCode, body: b}, err
}

// expect sends one request and fails unless it answers want.
func (c *client) expect(want int, method, path, body string, header ...string) ([]byte, error) {
	a, err := c.do(method, path, body, header...)
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w", method, path, err)
	}
	if a.status != want {
		return nil, fmt.Errorf("%s %s: status %d, want %d: %.200s", method, path, a.status, want, a.body)
	}
	return a.body, nil
}

// newSession creates a sandbox through the control API and draws its tokens.
func (c *client) newSession(workers int) (*session, error) {
	b, err := c.expect(http.StatusCreated, http.MethodPost, "/_control/sandboxes", string(sandboxFixtures(workers)))
	if err != nil {
		return nil, err
	}
	var sb struct {
		ID          string `json:"id"`
		Credentials struct {
			Weavr  weavr.Credentials  `json:"weavr"`
			Fliqa  fliqa.Credentials  `json:"fliqa"`
			Fiskil fiskil.Credentials `json:"fiskil"`
		} `json:"credentials"`
	}
	if err := json.Unmarshal(b, &sb); err != nil {
		return nil, fmt.Errorf("new sandbox: %w", err)
	}
	cr := sb.Credentials
	if len(cr.Weavr.Users) == 0 || len(cr.Fliqa.Inquiries) == 0 || cr.Fiskil.ClientID == "" {
		return nil, fmt.Errorf("new sandbox %s: credentials lack a Weavr user, a Fliqa inquiry or a Fiskil client", sb.ID)
	}
	s := &session{id: sb.ID,
		weavrKey: cr.Weavr.APIKey, weavrEmail: cr.Weavr.Users[0].Email, weavrPass: cr.Weavr.Users[0].Password,
		fliqaKey: cr.Fliqa.APIKey, fliqaSecret: cr.Fliqa.APISecret, inquiry: cr.Fliqa.Inquiries[0].ID,
		fiskilID: cr.Fiskil.ClientID, fiskilSecret: cr.Fiskil.ClientSecret,
	}
	return s, c.refresh(s)
}

// refresh draws the session's tokens afresh (after its clock moved).
func (c *client) refresh(s *session) error {
	var wl struct {
		Token    string          `json:"token"`
		Identity json.RawMessage `json:"identity"`
	}
	b, err := c.expect(http.StatusOK, http.MethodPost, "/weavr/login_with_password", weavrLoginBody(s), "api-key", s.weavrKey)
	if err == nil {
		err = json.Unmarshal(b, &wl)
	}
	if err != nil {
		return fmt.Errorf("sandbox %s: weavr login: %w", s.id, err)
	}
	var fq struct {
		AccessToken string `json:"accessToken"`
	}
	b, err = c.expect(http.StatusOK, http.MethodGet, fliqaTokenPath(s), "", "Api-Key", s.fliqaKey, "Api-Secret", s.fliqaSecret)
	if err == nil {
		err = json.Unmarshal(b, &fq)
	}
	if err != nil {
		return fmt.Errorf("sandbox %s: fliqa token: %w", s.id, err)
	}
	var fk struct {
		Token string `json:"token"`
	}
	b, err = c.expect(http.StatusOK, http.MethodPost, "/fiskil/v1/token", fiskilTokenBody(s))
	if err == nil {
		err = json.Unmarshal(b, &fk)
	}
	if err != nil {
		return fmt.Errorf("sandbox %s: fiskil token: %w", s.id, err)
	}
	for i := range s.created {
		s.created[i].Add(1)
	}
	s.weavrAuth, s.weavrIdentity, s.fliqaToken, s.fiskilToken = wl.Token, wl.Identity, fq.AccessToken, fk.Token
	return nil
}

// advance moves the sandbox's clock forward.
func (c *client) advance(s *session, d string) error {
	_, err := c.expect(http.StatusOK, http.MethodPost, "/_control/sandboxes/"+s.id+"/clock", `{"advance":"`+d+`"}`)
	return err
}

// remove deletes the sandbox.
func (c *client) remove(s *session) error {
	_, err := c.expect(http.StatusNoContent, http.MethodDelete, "/_control/sandboxes/"+s.id, "")
	return err
}

func weavrLoginBody(s *session) string {
	b, _ := json.Marshal(map[string]any{"email": s.weavrEmail, "password": map[string]string{"value": s.weavrPass}})
	return string(b)
}

func fliqaTokenPath(s *session) string { return "/fliqa/account/auth/token/sandbox/api/" + s.inquiry }

func fiskilTokenBody(s *session) string {
	b, _ := json.Marshal(map[string]string{"client_id": s.fiskilID, "client_secret": s.fiskilSecret})
	return string(b)
}

// collect sends, to every provider of the session, requests that collect
// due state without creating any, as many as its queues can hold: after
// the final clock move, everything the sandbox ever queued is forgotten.
// It returns how many requests it sent. Fliqa and Fiskil find the sandbox
// through a token, so one fresh token each is drawn first.
func (c *client) collect(s *session) (int, error) {
	n := 0
	rounds := func(p int) int { return int(s.created[p].Load())/core.CollectPerRequest + 2 }
	for range rounds(pWeavr) {
		n++
		if _, err := c.expect(http.StatusUnauthorized, http.MethodGet, "/weavr/identities", "", "api-key", s.weavrKey, "Authorization", "Bearer soak-none"); err != nil {
			return n, err
		}
	}
	var fq struct {
		AccessToken string `json:"accessToken"`
	}
	b, err := c.expect(http.StatusOK, http.MethodGet, fliqaTokenPath(s), "", "Api-Key", s.fliqaKey, "Api-Secret", s.fliqaSecret)
	n++
	if err != nil || json.Unmarshal(b, &fq) != nil {
		return n, fmt.Errorf("sandbox %s: fliqa token: %v", s.id, err)
	}
	for range rounds(pFliqa) {
		n++
		if _, err := c.expect(http.StatusUnauthorized, http.MethodPost, "/fliqa/account/login", `{"email":"nobody@example.com"}`, "Authorization", "Bearer "+fq.AccessToken); err != nil {
			return n, err
		}
	}
	var fk struct {
		Token string `json:"token"`
	}
	b, err = c.expect(http.StatusOK, http.MethodPost, "/fiskil/v1/token", fiskilTokenBody(s))
	n++
	if err != nil || json.Unmarshal(b, &fk) != nil {
		return n, fmt.Errorf("sandbox %s: fiskil token: %v", s.id, err)
	}
	for range rounds(pFiskil) {
		n++
		if _, err := c.expect(http.StatusBadRequest, http.MethodPost, "/fiskil/v1/auth/session", `{"end_user_id":"eu_nobody"}`, "Authorization", "Bearer "+fk.Token); err != nil {
			return n, err
		}
	}
	return n, nil
}
