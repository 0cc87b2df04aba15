package weavr

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/conformhq/conform/simulator/core"
)

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
