package attest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	intoto "github.com/in-toto/attestation/go/v1"
	"github.com/secure-systems-lab/go-securesystemslib/dsse"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/structpb"

	"github.com/conformhq/conform/reports"
)

// Verified is what a valid attestation covers.
type Verified struct {
	// KeyID is the signing key's id.
	KeyID string
	// Files are the attested files, each checked against its digest.
	Files []string
	// Summary is the attested summary.json.
	Summary json.RawMessage
}

// ErrNotAttested wraps every reason an attestation does not hold.
var ErrNotAttested = errors.New("the attestation does not hold")

// Verify checks dir/File with the public key in PEM: the signature, then
// every subject against its file — a report in dir, or a feature file
// ("features/<provider>/<file>") in features (a tree with a folder per
// provider, as `--features DIR` or conform's own). Any byte changed, any
// file missing, is an ErrNotAttested naming it.
func Verify(ctx context.Context, publicPEM []byte, dir string, features fs.FS) (*Verified, error) {
	sv, err := signerVerifier(publicPEM)
	if err != nil {
		return nil, err
	}
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return nil, fmt.Errorf("%s is not a folder of reports", dir)
	}
	raw, err := os.ReadFile(filepath.Join(dir, File))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%w: not signed: run with --attest KEY to sign a run's reports (%s has no %s)", ErrNotAttested, dir, File)
	}
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNotAttested, err)
	}
	var env dsse.Envelope
	if err := json.Unmarshal(raw, &env); err != nil {
		return nil, fmt.Errorf("%w: %s is not a DSSE envelope: %v", ErrNotAttested, File, err)
	}
	if env.PayloadType != PayloadType {
		return nil, fmt.Errorf("%w: payload type %q, want %q", ErrNotAttested, env.PayloadType, PayloadType)
	}
	ev, err := dsse.NewEnvelopeVerifier(sv)
	if err != nil {
		return nil, err
	}
	keys, payload, err := ev.VerifyAndDecode(ctx, &env)
	if err != nil {
		return nil, signatureError(sv, &env)
	}
	var st intoto.Statement
	// in-toto's parsing rule: fields a consumer does not know are ignored.
	if err := (protojson.UnmarshalOptions{DiscardUnknown: true}).Unmarshal(payload, &st); err != nil || st.Validate() != nil ||
		st.GetType() != StatementType || st.GetPredicateType() != PredicateType {
		return nil, fmt.Errorf("%w: the payload is not conform's in-toto statement", ErrNotAttested)
	}
	v := &Verified{}
	if len(keys) > 0 {
		v.KeyID = keys[0].KeyID
	}
	for _, s := range st.GetSubject() {
		var b []byte
		if rest, ok := strings.CutPrefix(s.GetName(), "features/"); ok {
			b, err = fs.ReadFile(features, rest)
		} else {
			b, err = os.ReadFile(filepath.Join(dir, filepath.Base(s.GetName())))
		}
		if err != nil {
			return nil, fmt.Errorf("%w: %s is missing: %v", ErrNotAttested, s.GetName(), err)
		}
		sum := sha256.Sum256(b)
		if hex.EncodeToString(sum[:]) != s.GetDigest()["sha256"] {
			return nil, fmt.Errorf("%w: %s changed since it was signed", ErrNotAttested, s.GetName())
		}
		v.Files = append(v.Files, s.GetName())
		if s.GetName() == reports.SummaryFile {
			v.Summary = b
		}
	}
	// The predicate is summary.json's content: the file, checked above
	// against its digest, is returned as it was written, and must say
	// what the predicate says.
	var attested structpb.Struct
	if v.Summary == nil || protojson.Unmarshal(v.Summary, &attested) != nil || !proto.Equal(&attested, st.GetPredicate()) {
		return nil, fmt.Errorf("%w: the statement's predicate is not the attested %s", ErrNotAttested, reports.SummaryFile)
	}
	return v, nil
}

// signatureError says why an envelope's signature does not verify: signed
// with another key (its key id is not this one's), or changed since it
// was signed; DSSE's own words ("accepted signatures do not match
// threshold") say neither.
func signatureError(sv dsse.Verifier, env *dsse.Envelope) error {
	ours, _ := sv.KeyID()
	var theirs []string
	for _, s := range env.Signatures {
		if s.KeyID != "" {
			theirs = append(theirs, s.KeyID)
		}
	}
	if len(theirs) > 0 && !slices.Contains(theirs, ours) {
		return fmt.Errorf("%w: signed with another key (key id %s), not the one given (key id %s)", ErrNotAttested, strings.Join(theirs, ", "), ours)
	}
	return fmt.Errorf("%w: the signature does not verify with this key: %s was changed after it was signed", ErrNotAttested, File)
}
