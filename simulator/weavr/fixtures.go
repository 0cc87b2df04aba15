package weavr

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strings"

	"github.com/conformhq/conform/simulator/core"
)

// Fixtures is the Weavr section of a sandbox's fixtures document. Every field
// is optional; what is left out is generated, unique within the sandbox.
// Applying a section again adds to the sandbox: more users, or a second
// programme under another api key. An e-mail already registered under the
// api key is an error.
//
//	{
//	  "apiKey": "weavr-demo-api-key",   // default: the sandbox's first api key, else generated
//	  "lockoutThreshold": 5,            // failed logins that lock for 30 minutes; default 5
//	  "timings": {"tokenIdleLifetime": "10s", "lockoutPeriod": "30s", "challengeExpiry": "10s"},
//	  "users": [                        // absent: one generated user; [] adds none
//	    {
//	      "email": "ada@example.com",   // default: user-<hex>@example.com
//	      "password": "Secret-Passw0rd",// default: generated
//	      "identity": {"type": "CONSUMER", "id": "110000000000000001", "name": "Ada Lovelace"},
//	      "credentials": {"type": "ROOT", "id": "120000000000000001"},
//	      "identities": [               // further identities the credentials may act as
//	        {"type": "CORPORATE", "id": "110000000000000002", "name": "Analytical Engines Ltd"}
//	      ],
//	      "mobile": "+447700900123",    // where SMS codes go; default +447700900<3 digits>
//	      "smsEnrolled": true,          // an SMS factor is already verified
//	      "pushDevices": ["AUTHY", "BIOMETRIC"],
//	      "passwordExpired": false,     // true: login answers 409 with a temporary token
//	      "thirdPartyAuthUrl": "",      // set: logout answers 200 {url}
//	      "previousPasswords": []       // passwords a password update may not reuse
//	    }
//	  ]
//	}
//
// Identity types are CONSUMER or CORPORATE (default CONSUMER), credentials
// types ROOT or USER (default ROOT); ids default to 18 generated digits.
type Fixtures struct {
	APIKey           string        `json:"apiKey,omitempty"`
	LockoutThreshold int           `json:"lockoutThreshold,omitempty"`
	Users            []UserFixture `json:"users,omitempty"`
	// Timings replace the sandbox's durations, by name: tokenIdleLifetime
	// (5m), lockoutPeriod (30m), challengeExpiry (5m), as Go durations.
	// Tokens and challenges keep the one they were made with.
	Timings map[string]string `json:"timings,omitempty"`
}

// UserFixture is one set of credentials of a Fixtures section.
type UserFixture struct {
	Email             string              `json:"email,omitempty"`
	Password          string              `json:"password,omitempty"`
	Identity          *IdentityFixture    `json:"identity,omitempty"`
	Credentials       *CredentialsFixture `json:"credentials,omitempty"`
	Identities        []IdentityFixture   `json:"identities,omitempty"`
	Mobile            string              `json:"mobile,omitempty"`
	SMSEnrolled       bool                `json:"smsEnrolled,omitempty"`
	PushDevices       []string            `json:"pushDevices,omitempty"`
	PasswordExpired   bool                `json:"passwordExpired,omitempty"`
	ThirdPartyAuthURL string              `json:"thirdPartyAuthUrl,omitempty"`
	PreviousPasswords []string            `json:"previousPasswords,omitempty"`
}

// IdentityFixture is an identity of a user: its type, id and name.
type IdentityFixture struct {
	Type string `json:"type,omitempty"`
	ID   string `json:"id,omitempty"`
	Name string `json:"name,omitempty"`
}

// CredentialsFixture identifies a user's credentials.
type CredentialsFixture struct {
	Type string `json:"type,omitempty"`
	ID   string `json:"id,omitempty"`
}

// Credentials is what applying a Fixtures section returns: the api key and
// the users it added, with their (possibly generated) secrets.
type Credentials struct {
	APIKey string            `json:"apiKey"`
	Users  []UserCredentials `json:"users"`
}

// UserCredentials is one added user as a client needs it to log in.
type UserCredentials struct {
	Email       string             `json:"email"`
	Password    string             `json:"password"`
	Identity    IdentityFixture    `json:"identity"`
	Credentials CredentialsFixture `json:"credentials"`
	Mobile      string             `json:"mobile"`
}

// The forms the spec requires of what fixtures put in responses or compare
// with requests, so that a fixture can never make the simulator break it.
var (
	emailPattern = regexp.MustCompile(`^[^@\s]+@[^@\s]+\.[^@\s]+$`)
	// emailFormat is kin-openapi's `format: email`, which login requests
	// must pass as well as the pattern.
	emailFormat = regexp.MustCompile(`^[^@]+@[^@<>",\s]+$`)
	urlForm     = regexp.MustCompile(`^https?://[^\s]+$`)
	mobileForm  = regexp.MustCompile(`^\+[1-9][0-9]{6,14}$`)
	apiKeyForm  = regexp.MustCompile(`^[!-~]+$`)
)

// applyFixtures adds a Fixtures section to a locked sandbox. Nothing is
// changed when the section is wrong.
func applyFixtures(sb *core.Sandbox, raw json.RawMessage) (any, error) {
	var fx Fixtures
	if t := bytes.TrimSpace(raw); len(t) > 0 && !bytes.Equal(t, []byte("null")) {
		if err := core.DecodeStrict("weavr", t, &fx); err != nil {
			return nil, fmt.Errorf("weavr fixtures: %w", err)
		}
	}
	if fx.LockoutThreshold < 0 {
		return nil, errors.New("weavr fixtures: lockoutThreshold must be 1 or more")
	}
	if fx.APIKey != "" && !apiKeyForm.MatchString(fx.APIKey) {
		return nil, fmt.Errorf("weavr fixtures: apiKey %q must be printable ASCII without spaces", fx.APIKey)
	}
	s := stateOf(sb)
	next := s.timings
	if err := core.ApplyTimings("weavr", fx.Timings, next.fields()); err != nil {
		return nil, err
	}
	key := fx.APIKey
	if key == "" && len(s.apiKeys) > 0 {
		// Additions without a key go to the sandbox's first programme.
		key = s.apiKeys[0]
	}
	prog := s.programmes[key]
	users := fx.Users
	if users == nil {
		users = []UserFixture{{}}
	}
	taken := map[string]bool{}
	if prog != nil {
		for e := range prog.users {
			taken[e] = true
		}
	}
	built := make([]*user, 0, len(users))
	for i, uf := range users {
		u, err := buildUser(sb, uf, taken)
		if err != nil {
			return nil, fmt.Errorf("weavr fixtures: users[%d]: %w", i, err)
		}
		built = append(built, u)
	}
	if prog == nil {
		switch {
		case key == "":
			key = sb.Token(apiKeyKind, "weavr-", 32)
		case !sb.Bind(apiKeyKind, key):
			return nil, fmt.Errorf("weavr fixtures: apiKey %q belongs to another sandbox", key)
		}
		prog = &programme{apiKey: key, lockoutThreshold: defaultLockout, users: map[string]*user{}}
		s.programmes[key] = prog
		s.apiKeys = append(s.apiKeys, key)
	}
	if fx.LockoutThreshold > 0 {
		prog.lockoutThreshold = fx.LockoutThreshold
	}
	s.timings = next
	out := Credentials{APIKey: key, Users: []UserCredentials{}}
	for _, u := range built {
		prog.users[strings.ToLower(u.email)] = u
		out.Users = append(out.Users, credentialsOf(u))
	}
	return out, nil
}

// buildUser checks a user fixture and fills in what it leaves out. taken
// holds the lower-cased e-mails already registered under the api key; the
// new one is added to it.
func buildUser(sb *core.Sandbox, uf UserFixture, taken map[string]bool) (*user, error) {
	email := uf.Email
	switch {
	case email == "":
		for email == "" || taken[email] {
			email = "user-" + sb.IDs.Hex(8) + "@example.com"
		}
	case !emailPattern.MatchString(email) || !emailFormat.MatchString(email):
		return nil, fmt.Errorf("email %q is not an e-mail address", email)
	case taken[strings.ToLower(email)]:
		return nil, fmt.Errorf("email %q is already registered under this api key", email)
	}
	taken[strings.ToLower(email)] = true
	u := &user{
		email:         email,
		password:      uf.Password,
		previous:      append([]string(nil), uf.PreviousPasswords...),
		expired:       uf.PasswordExpired,
		mobile:        uf.Mobile,
		smsEnrolled:   uf.SMSEnrolled,
		pushDevices:   map[string]bool{},
		thirdPartyURL: uf.ThirdPartyAuthURL,
	}
	if u.password == "" {
		u.password = "Pw-" + sb.IDs.Alnum(16)
	}
	if u.mobile == "" {
		u.mobile = "+447700900" + sb.IDs.Digits(3)
	} else if !mobileForm.MatchString(u.mobile) {
		return nil, fmt.Errorf("mobile %q is not an E.164 number (+ and 7 to 15 digits)", u.mobile)
	}
	if u.thirdPartyURL != "" && !isURL(u.thirdPartyURL) {
		return nil, fmt.Errorf("thirdPartyAuthUrl %q is not an http(s) URL", u.thirdPartyURL)
	}
	for _, d := range uf.PushDevices {
		if !isPushChannel(d) {
			return nil, fmt.Errorf("pushDevices: %q is neither AUTHY nor BIOMETRIC", d)
		}
		u.pushDevices[d] = true
	}
	defaultName := strings.SplitN(email, "@", 2)[0]
	primary := IdentityFixture{}
	if uf.Identity != nil {
		primary = *uf.Identity
	}
	for i, f := range append([]IdentityFixture{primary}, uf.Identities...) {
		id, err := buildIdentity(sb, f, defaultName)
		if err != nil {
			if i == 0 {
				return nil, fmt.Errorf("identity: %w", err)
			}
			return nil, fmt.Errorf("identities[%d]: %w", i-1, err)
		}
		if u.hasIdentity(id.ID) {
			return nil, fmt.Errorf("identity %s %s is listed twice", id.ID.Type, id.ID.ID)
		}
		u.identities = append(u.identities, id)
	}
	cf := CredentialsFixture{}
	if uf.Credentials != nil {
		cf = *uf.Credentials
	}
	u.credentials = credentialsID{Type: cf.Type, ID: cf.ID}
	if u.credentials.Type == "" {
		u.credentials.Type = "ROOT"
	}
	if u.credentials.Type != "ROOT" && u.credentials.Type != "USER" {
		return nil, fmt.Errorf("credentials.type %q is neither ROOT nor USER", cf.Type)
	}
	if u.credentials.ID == "" {
		u.credentials.ID = weavrID(sb)
	}
	return u, nil
}

func buildIdentity(sb *core.Sandbox, f IdentityFixture, defaultName string) (identity, error) {
	id := identity{ID: identityID{Type: f.Type, ID: f.ID}, Name: f.Name}
	if id.ID.Type == "" {
		id.ID.Type = "CONSUMER"
	}
	if id.ID.Type != "CONSUMER" && id.ID.Type != "CORPORATE" {
		return identity{}, fmt.Errorf("type %q is neither CONSUMER nor CORPORATE", f.Type)
	}
	if id.ID.ID == "" {
		id.ID.ID = weavrID(sb)
	}
	if id.Name == "" {
		id.Name = defaultName
	}
	return id, nil
}

// weavrID draws an id in Weavr's form: 18 digits, no leading zero.
func weavrID(sb *core.Sandbox) string { return "1" + sb.IDs.Digits(17) }

func credentialsOf(u *user) UserCredentials {
	p := u.identities[0]
	return UserCredentials{
		Email: u.email, Password: u.password, Mobile: u.mobile,
		Identity:    IdentityFixture{Type: p.ID.Type, ID: p.ID.ID, Name: p.Name},
		Credentials: CredentialsFixture{Type: u.credentials.Type, ID: u.credentials.ID},
	}
}

// isURL reports whether s passes the spec's LogoutRedirect url: its pattern
// and `format: uri` (absolute, with a host).
func isURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && urlForm.MatchString(s) && u.Host != ""
}
