// Package attest signs a conformance run's reports, so that a bank can tell
// the run a vendor hands over from an edited one: an in-toto Statement
// (https://in-toto.io/Statement/v1) whose subjects are the report files and
// the feature files that ran, by SHA-256, whose predicate is summary.json,
// in a DSSE envelope signed with ed25519 (go-securesystemslib's dsse).
//
// Anyone can check it with `conform verify`, or with any tool that reads
// DSSE: docs/attestation.md shows the check with openssl, jq and sha256sum.
package attest

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"

	intoto "github.com/in-toto/attestation/go/v1"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/types/known/structpb"
)

// The names of the attestation's formats.
const (
	// PayloadType is the DSSE payload type of an in-toto Statement.
	PayloadType = "application/vnd.in-toto+json"
	// StatementType is the in-toto Statement version.
	StatementType = intoto.StatementTypeUri
	// PredicateType says the predicate is conform's summary.json.
	PredicateType = "https://github.com/conformhq/conform/attestation/conformance-run/v1"
	// File is the envelope's name in the report folder.
	File = "attestation.dsse.json"
)

// The Statement's types are in-toto's own (github.com/in-toto/attestation,
// protobuf messages), and so is its check (Validate): what conform signs
// is what in-toto tools parse. They are written and read with protojson,
// which knows the field names of the specification ("_type"); the
// predicate, a google.protobuf.Struct, holds summary.json's content, not
// its bytes (keys come out sorted), and Verify returns the attested file
// itself.

// subject is one attested file and its SHA-256.
func subject(name string, content []byte) *intoto.ResourceDescriptor {
	sum := sha256.Sum256(content)
	return &intoto.ResourceDescriptor{Name: name, Digest: map[string]string{"sha256": hex.EncodeToString(sum[:])}}
}

// statement is the Statement of the subjects with summary.json as its
// predicate, checked by in-toto's rules and encoded.
func statement(subjects []*intoto.ResourceDescriptor, summary []byte) ([]byte, error) {
	var predicate structpb.Struct
	if err := protojson.Unmarshal(summary, &predicate); err != nil {
		return nil, fmt.Errorf("summary.json is not a JSON object: %w", err)
	}
	st := &intoto.Statement{Type: StatementType, Subject: subjects, PredicateType: PredicateType, Predicate: &predicate}
	if err := st.Validate(); err != nil {
		return nil, err
	}
	return protojson.Marshal(st)
}
