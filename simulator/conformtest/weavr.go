package conformtest

import "github.com/conformhq/conform/simulator/weavr"

// WeavrCredentials are a sandbox's Weavr api key and users, with their
// (possibly generated) passwords: the simulator's own record of what its
// fixtures created.
type WeavrCredentials = weavr.Credentials

// WeavrUser is one user as a client needs it to log in; Mobile is where
// SMS step-up codes go (see Server.LastOTP).
type WeavrUser = weavr.UserCredentials

// WeavrIdentity is a user's identity: CONSUMER or CORPORATE, its id, its
// name.
type WeavrIdentity = weavr.IdentityFixture
