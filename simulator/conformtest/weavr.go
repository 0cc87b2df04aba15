package conformtest

// WeavrCredentials are a sandbox's Weavr api key (the api-key header) and
// the users its fixtures added, with their passwords.
type WeavrCredentials struct {
	APIKey string      `json:"apiKey"`
	Users  []WeavrUser `json:"users"`
}

// WeavrUser is one user as a client needs it to log in and pick an
// identity.
type WeavrUser struct {
	Email    string        `json:"email"`
	Password string        `json:"password"`
	Identity WeavrIdentity `json:"identity"`
	// Mobile is where SMS step-up codes go (see Server.LastOTP).
	Mobile string `json:"mobile"`
}

// WeavrIdentity is the identity a user acts as: what POST /access_token
// asks for.
type WeavrIdentity struct {
	Type string `json:"type"` // CONSUMER or CORPORATE
	ID   string `json:"id"`
	Name string `json:"name"`
}
