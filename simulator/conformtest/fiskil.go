package conformtest

import "github.com/conformhq/conform/simulator/fiskil"

// FiskilCredentials are a sandbox's Fiskil clients (ClientID and
// ClientSecret repeat the first one: what POST /v1/token takes), its end
// users and the ids of the institutions an auth session may select: the
// simulator's own record of what its fixtures created.
type FiskilCredentials = fiskil.Credentials

// FiskilClient is an API client: its id, secret and scopes.
type FiskilClient = fiskil.ClientCredentials

// FiskilEndUser is an end user that exists from the start.
type FiskilEndUser = fiskil.EndUserCredentials
