package conformtest

// FiskilCredentials are a sandbox's Fiskil clients (ClientID and
// ClientSecret repeat the first one: what POST /v1/token takes), its end
// users and the ids of the institutions an auth session may select.
type FiskilCredentials struct {
	ClientID     string          `json:"clientId"`
	ClientSecret string          `json:"clientSecret"`
	Clients      []FiskilClient  `json:"clients"`
	EndUsers     []FiskilEndUser `json:"endUsers"`
	Institutions []string        `json:"institutions"`
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
