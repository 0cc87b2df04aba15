package weavr

import _ "embed"

// DefaultFixtures is the Weavr section of the default sandbox of `conform
// serve`: api key "weavr-demo-api-key" and four users, all with password
// "Secret-Passw0rd" unless noted:
//   - ada@example.com: CONSUMER "Ada Lovelace" (plus a CORPORATE identity),
//     SMS factor enrolled on +447700900123, push devices AUTHY and BIOMETRIC;
//   - grace@example.com: CORPORATE "Grace Hopper", USER credentials, no
//     factor yet (to walk through enrolment), mobile +447700900456;
//   - expired@example.com: password "Expired-Passw0rd", expired (login
//     answers 409 with a temporary token); "Older-Passw0rd" was used before;
//   - sso@example.com: signs in through a third-party provider (logout
//     answers 200 with https://sso.example.com/logout).
//
//go:embed default_fixtures.json
var DefaultFixtures []byte
