// Package attest signs a conformance run's reports, so that a bank can tell
// the run a vendor hands over from an edited one: an in-toto Statement
// (https://in-toto.io/Statement/v1) whose subjects are the report files and
// the feature files that ran, by SHA-256, whose predicate is summary.json,
// in a DSSE envelope signed with ed25519 (go-securesystemslib's dsse).
//
// Anyone can check it with `conform verify`, or with any tool that reads
// DSSE: the README shows the check with openssl, jq and sha256sum.
package attest

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
)

// The names of the attestation's formats.
const (
	// PayloadType is the DSSE payload type of an in-toto Statement.
	PayloadType = "application/vnd.in-toto+json"
	// StatementType is the in-toto Statement version.
	StatementType = "https://in-toto.io/Statement/v1"
	// PredicateType says the predicate is conform's summary.json.
	PredicateType = "https://github.com/conformhq/conform/attestation/conformance-run/v1"
	// File is the envelope's name in the report folder.
	File = "attestation.dsse.json"
)

// Statement is an in-toto Statement.
type Statement struct {
	Type          string          `json:"_type"`
	Subject       []Subject       `json:"subject"`
	PredicateType string          `json:"predicateType"`
	Predicate     json.RawMessage `json:"predicate"`
}

// Subject is one attested file and its digest.
type Subject struct {
	Name   string            `json:"name"`
	Digest map[string]string `json:"digest"`
}

func subject(name string, content []byte) Subject {
	sum := sha256.Sum256(content)
	return Subject{Name: name, Digest: map[string]string{"sha256": hex.EncodeToString(sum[:])}}
}
