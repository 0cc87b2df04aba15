package conformtest

// WeavrCredentials are a sandbox's Weavr api key and users, with their
// (possibly generated) passwords: what its fixtures created. (Defined
// here, not aliased from the simulator, so that go doc shows the fields.)
type WeavrCredentials struct {
	// APIKey goes in every call's api-key header.
	APIKey string `json:"apiKey"`
	// Users are the users the fixtures added, in their order.
	Users []WeavrUser `json:"users"`
}

// WeavrUser is one user as a client needs it to log in.
type WeavrUser struct {
	// Email and Password log in (POST /login_with_password); Password is
	// the fixture's or a generated one.
	Email    string `json:"email"`
	Password string `json:"password"`
	// Identity is the identity an access token is asked for.
	Identity WeavrIdentity `json:"identity"`
	// Credentials are the user's own credentials (Weavr's
	// credentials.type and id).
	Credentials WeavrCredentialsID `json:"credentials"`
	// Mobile is where SMS step-up codes go (see Server.LastOTP), in E.164.
	Mobile string `json:"mobile"`
}

// WeavrIdentity is a user's identity.
type WeavrIdentity struct {
	Type string `json:"type,omitempty"` // CONSUMER or CORPORATE
	ID   string `json:"id,omitempty"`
	Name string `json:"name,omitempty"`
}

// WeavrCredentialsID names a user's credentials, as Weavr's login answer
// does.
type WeavrCredentialsID struct {
	Type string `json:"type,omitempty"` // USER or ROOT
	ID   string `json:"id,omitempty"`
}
