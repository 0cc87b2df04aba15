package fliqa

import _ "embed"

// DefaultFixtures is the sandbox `conform serve` starts with: the key
// "fliqa-demo-key" with secret "fliqa-demo-secret", enabled for the sandbox
// environment only (production answers 403); the inquiry "inq-demo-1" with
// scope [account_owner, account_info] and "inq-demo-info" with scope
// [account_info] only (login answers 401 invalid_access_scope); and two
// consent owners, "+38640123456" (OTP by SMS) and "owner@example.com" (OTP
// by e-mail).
//
//go:embed default_fixtures.json
var DefaultFixtures []byte
