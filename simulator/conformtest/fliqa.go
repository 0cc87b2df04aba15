package conformtest

import "github.com/conformhq/conform/simulator/fliqa"

// FliqaCredentials are a sandbox's Fliqa api key and secret, the
// environments the key is enabled for, its inquiries and consent owners:
// the simulator's own record of what its fixtures created.
type FliqaCredentials = fliqa.Credentials

// FliqaInquiry is an inquiry a token may be asked for, with its scopes.
type FliqaInquiry = fliqa.InquiryFixture

// FliqaOwner is a registered consent owner: a phone number, an e-mail
// address, or both.
type FliqaOwner = fliqa.OwnerFixture
