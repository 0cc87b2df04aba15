package fiskil

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/mail"
	"regexp"
	"slices"
	"strings"

	"github.com/conformhq/conform/simulator/core"
)

// Fixtures is the fiskil section of a fixtures document. Every field is
// optional. A sandbox that would otherwise have no client gets a generated
// one with the scope api:user.write, and one without institutions gets
// defaultInstitutions ("10" Demo Bank, "11" Sample Credit Union, "12"
// Example Mutual). Applying fixtures again adds to the sandbox; an id or
// e-mail address it already has is an error, and nothing of the failed
// section is applied. Unknown fields are an error, so that typos show.
//
//	{
//	  "clients": [
//	    {"id": "fiskil-demo-client", "secret": "fiskil-demo-secret", "scopes": ["api:user.write"]},
//	    {"id": "fiskil-readonly-client", "secret": "fiskil-readonly-secret", "scopes": ["api:user.read"]}
//	  ],
//	  "endUsers": [
//	    {"id": "eu_demo", "email": "ada@example.com", "name": "Ada Lovelace", "phone": "+61412345678", "abn": "51824753556"}
//	  ],
//	  "institutions": [{"id": "10", "name": "Demo Bank"}],
//	  "timings": {"tokenLifetime": "10s", "authSessionExpiry": "1m"}
//	}
//
// A client's id is unique across sandboxes (it leads a token request to its
// sandbox); generated ids are "cli_" + 24 letters and digits, generated
// secrets "sec_" + 32. Omitted scopes are ["api:user.write"]; an explicit
// empty list grants none. An end user's id defaults to "eu_" + 27 letters
// and digits, its e-mail to "<id>@example.com".
type Fixtures struct {
	Clients      []ClientFixture      `json:"clients,omitempty"`
	EndUsers     []EndUserFixture     `json:"endUsers,omitempty"`
	Institutions []InstitutionFixture `json:"institutions,omitempty"`
	// Timings replace the sandbox's durations, by name: tokenLifetime (15m,
	// which expires_in announces) and authSessionExpiry (120h), as Go
	// durations. Tokens and sessions keep the one they were made with.
	Timings map[string]string `json:"timings,omitempty"`
}

// ClientFixture is an API client allowed to request tokens.
type ClientFixture struct {
	ID     string    `json:"id,omitempty"`
	Secret string    `json:"secret,omitempty"`
	Scopes *[]string `json:"scopes,omitempty"`
}

// EndUserFixture is an end user who already exists, as if created through
// POST /v1/end-users.
type EndUserFixture struct {
	ID    string `json:"id,omitempty"`
	Email string `json:"email,omitempty"`
	Name  string `json:"name,omitempty"`
	Phone string `json:"phone,omitempty"`
	ABN   string `json:"abn,omitempty"`
}

// InstitutionFixture is an institution an auth session may select.
type InstitutionFixture struct {
	ID   string `json:"id"`
	Name string `json:"name,omitempty"`
}

// Credentials is what applying fixtures created: the clients with their
// secrets (ClientID and ClientSecret repeat the first, for convenience),
// the end users and the institution ids added.
type Credentials struct {
	ClientID     string               `json:"clientId,omitempty"`
	ClientSecret string               `json:"clientSecret,omitempty"`
	Clients      []ClientCredentials  `json:"clients"`
	EndUsers     []EndUserCredentials `json:"endUsers"`
	Institutions []string             `json:"institutions"`
}

// ClientCredentials is a client's id, secret and scopes.
type ClientCredentials struct {
	ID     string   `json:"id"`
	Secret string   `json:"secret"`
	Scopes []string `json:"scopes"`
}

// EndUserCredentials names an end user.
type EndUserCredentials struct {
	ID    string `json:"id"`
	Email string `json:"email"`
}

func defaultInstitutions() []InstitutionFixture {
	return []InstitutionFixture{
		{ID: "10", Name: "Demo Bank"},
		{ID: "11", Name: "Sample Credit Union"},
		{ID: "12", Name: "Example Mutual"},
	}
}

// applyFixtures is the provider's Fixtures hook: it checks the whole section
// before changing anything, so that a bad document leaves the sandbox as it
// was.
func applyFixtures(sb *core.Sandbox, raw json.RawMessage) (any, error) {
	var fx Fixtures
	if len(bytes.TrimSpace(raw)) > 0 && !bytes.Equal(bytes.TrimSpace(raw), []byte("null")) {
		if err := core.DecodeStrict("fiskil", raw, &fx); err != nil {
			return nil, fmt.Errorf("fiskil fixtures: %w", err)
		}
	}
	st := stateOf(sb)
	life, expiry := st.tokenLifetime, st.authSessionExpiry
	if err := core.ApplyTimings("fiskil", fx.Timings, st.timingFields(&life, &expiry)); err != nil {
		return nil, err
	}
	if len(fx.Clients) == 0 && len(st.clients) == 0 {
		fx.Clients = []ClientFixture{{}}
	}
	if len(fx.Institutions) == 0 && len(st.institutions) == 0 {
		fx.Institutions = defaultInstitutions()
	}
	clients, err := planClients(sb, st, fx.Clients)
	if err != nil {
		return nil, err
	}
	users, err := planEndUsers(sb, st, fx.EndUsers)
	if err != nil {
		return nil, err
	}
	insts, err := planInstitutions(st, fx.Institutions)
	if err != nil {
		return nil, err
	}
	// Binding is the one step that can fail on another sandbox's account;
	// it comes last, and is undone if any id is taken.
	for i, cl := range clients {
		if !sb.Bind(kindClient, cl.id) {
			for _, done := range clients[:i] {
				sb.Unbind(kindClient, done.id)
			}
			return nil, fmt.Errorf("fiskil fixtures: client id %q is already used by another sandbox", cl.id)
		}
	}
	st.tokenLifetime, st.authSessionExpiry = life, expiry
	out := Credentials{Clients: []ClientCredentials{}, EndUsers: []EndUserCredentials{}, Institutions: []string{}}
	for _, cl := range clients {
		st.clients[cl.id] = cl
		out.Clients = append(out.Clients, ClientCredentials{ID: cl.id, Secret: cl.secret, Scopes: slices.Clone(cl.scopes)})
	}
	if len(clients) > 0 {
		out.ClientID, out.ClientSecret = clients[0].id, clients[0].secret
	}
	for _, u := range users {
		st.addEndUser(u)
		out.EndUsers = append(out.EndUsers, EndUserCredentials{ID: u.id, Email: u.email})
	}
	for _, in := range insts {
		st.institutions[in.id] = in
		st.instOrder = append(st.instOrder, in.id)
		out.Institutions = append(out.Institutions, in.id)
	}
	return out, nil
}

func planClients(sb *core.Sandbox, st *state, fxs []ClientFixture) ([]*client, error) {
	var out []*client
	seen := map[string]bool{}
	for i, f := range fxs {
		cl := &client{id: f.ID, secret: f.Secret, scopes: []string{ScopeUserWrite}}
		if f.Scopes != nil {
			cl.scopes = slices.Clone(*f.Scopes)
		}
		if cl.id == "" {
			cl.id = drawFree(sb, "cli_", 24, func(id string) bool { return st.clients[id] != nil || seen[id] })
		}
		if cl.secret == "" {
			cl.secret = "sec_" + sb.IDs.Alnum(32)
		}
		if st.clients[cl.id] != nil || seen[cl.id] {
			return nil, fmt.Errorf("fiskil fixtures: clients[%d]: client id %q already exists", i, cl.id)
		}
		seen[cl.id] = true
		out = append(out, cl)
	}
	return out, nil
}

// drawFree draws an id that taken rejects. Registry-wide uniqueness of a
// client id is checked when it is bound.
func drawFree(sb *core.Sandbox, prefix string, n int, taken func(string) bool) string {
	for {
		if id := prefix + sb.IDs.Alnum(n); !taken(id) {
			return id
		}
	}
}

// The forms an end user fixture's fields must have, compiled once (never
// modified): compiled per sandbox they were a tenth of its creation.
var (
	phoneForm = regexp.MustCompile(`^\+[1-9][0-9]{6,14}$`)
	abnForm   = regexp.MustCompile(`^[0-9]{11}$`)
)

func planEndUsers(sb *core.Sandbox, st *state, fxs []EndUserFixture) ([]*endUser, error) {
	phone, abn := phoneForm, abnForm
	var out []*endUser
	ids, emails := map[string]bool{}, map[string]bool{}
	for i, f := range fxs {
		u := &endUser{id: f.ID, email: f.Email, name: f.Name, phone: f.Phone, abn: f.ABN}
		if u.id == "" {
			u.id = drawFree(sb, "eu_", 27, func(id string) bool { return st.endUsers[id] != nil || ids[id] })
		}
		if u.email == "" {
			u.email = strings.ToLower(u.id) + "@example.com"
		}
		var errs []error
		if st.endUsers[u.id] != nil || ids[u.id] {
			errs = append(errs, fmt.Errorf("end user id %q already exists", u.id))
		}
		if a, err := mail.ParseAddress(u.email); err != nil || a.Address != u.email {
			errs = append(errs, fmt.Errorf("email %q is not an e-mail address", u.email))
		} else if _, taken := st.emails[normalEmail(u.email)]; taken || emails[normalEmail(u.email)] {
			errs = append(errs, fmt.Errorf("an end user with email %q already exists", u.email))
		}
		if u.phone != "" && !phone.MatchString(u.phone) {
			errs = append(errs, fmt.Errorf("phone %q is not E.164", u.phone))
		}
		if u.abn != "" && !abn.MatchString(u.abn) {
			errs = append(errs, fmt.Errorf("abn %q is not 11 digits", u.abn))
		}
		if err := errors.Join(errs...); err != nil {
			return nil, fmt.Errorf("fiskil fixtures: endUsers[%d]: %w", i, err)
		}
		ids[u.id], emails[normalEmail(u.email)] = true, true
		out = append(out, u)
	}
	return out, nil
}

func planInstitutions(st *state, fxs []InstitutionFixture) ([]*institution, error) {
	var out []*institution
	seen := map[string]bool{}
	for i, f := range fxs {
		if f.ID == "" {
			return nil, fmt.Errorf("fiskil fixtures: institutions[%d]: id is required", i)
		}
		if st.institutions[f.ID] != nil || seen[f.ID] {
			return nil, fmt.Errorf("fiskil fixtures: institutions[%d]: institution id %q already exists", i, f.ID)
		}
		name := f.Name
		if name == "" {
			name = "Institution " + f.ID
		}
		seen[f.ID] = true
		out = append(out, &institution{id: f.ID, name: name})
	}
	return out, nil
}
