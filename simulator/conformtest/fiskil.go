package conformtest

// FiskilCredentials are a sandbox's Fiskil clients, its end users and the
// ids of the institutions an auth session may select: what its fixtures
// created. (Defined here, not aliased from the simulator, so that go doc
// shows the fields.)
type FiskilCredentials struct {
	// ClientID and ClientSecret repeat the first client's: what POST
	// /v1/token takes.
	ClientID     string `json:"clientId,omitempty"`
	ClientSecret string `json:"clientSecret,omitempty"`
	// Clients are every API client, the first one first.
	Clients []FiskilClient `json:"clients"`
	// EndUsers exist from the start.
	EndUsers []FiskilEndUser `json:"endUsers"`
	// Institutions are the ids an auth session may select.
	Institutions []string `json:"institutions"`
}

// FiskilClient is an API client: its id, secret and scopes.
type FiskilClient struct {
	ID     string   `json:"id"`
	Secret string   `json:"secret"`
	Scopes []string `json:"scopes"`
}

// FiskilEndUser is an end user that exists from the start.
type FiskilEndUser struct {
	ID    string `json:"id"`
	Email string `json:"email"`
}
