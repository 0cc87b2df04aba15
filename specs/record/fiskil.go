package record

// FiskilName is Fiskil's name (Provider.Name), for the packages that key
// their state, outbox and tags by it.
const FiskilName = "fiskil"

// Fiskil's operation ids.
const (
	FiskilCreateToken    = "createToken"
	FiskilCreateEndUser  = "createEndUser"
	FiskilAddAuthSession = "addAuthSession"
)

// Fiskil is the record of the Fiskil Data API v1: tokens, end users and
// auth sessions that send an end user through a bank consent flow.
func Fiskil() Provider {
	return Provider{
		Name:     FiskilName,
		Title:    "Fiskil",
		Versions: []Version{{Name: "1", Spec: "fiskil"}},
		// goa errors carry their name; each operation declares its own.
		ErrorCode: ErrorCode{Property: "name", PerOperation: true},
		// token: a ready-made bearer token, sent on every request.
		Credentials: []string{"clientId", "clientSecret", "token"},
		Operations:  []string{FiskilCreateToken, FiskilCreateEndUser, FiskilAddAuthSession},
	}
}
