package attest

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/secure-systems-lab/go-securesystemslib/dsse"

	"github.com/conformhq/conform/reports"
)

// handStatement is the Statement as conform wrote it by hand before it used
// in-toto's types: the reference the library's output is held to.
type handStatement struct {
	Type          string          `json:"_type"`
	Subject       []handSubject   `json:"subject"`
	PredicateType string          `json:"predicateType"`
	Predicate     json.RawMessage `json:"predicate"`
}

type handSubject struct {
	Name   string            `json:"name"`
	Digest map[string]string `json:"digest"`
}

// handPayload is the hand-written encoding of the statement over the
// report folder dir and the feature file of attested.
func handPayload(t *testing.T, dir string, predicate []byte) []byte {
	t.Helper()
	st := handStatement{Type: "https://in-toto.io/Statement/v1", PredicateType: PredicateType}
	for _, name := range reports.Files {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(b)
		st.Subject = append(st.Subject, handSubject{name, map[string]string{"sha256": hex.EncodeToString(sum[:])}})
		if name == reports.SummaryFile && predicate == nil {
			predicate = b
		}
	}
	sum := sha256.Sum256([]byte("Feature: login\n"))
	st.Subject = append(st.Subject, handSubject{"features/weavr/login.feature", map[string]string{"sha256": hex.EncodeToString(sum[:])}})
	st.Predicate = predicate
	out, err := json.Marshal(st)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// signedPayload reads the payload of dir's envelope.
func signedPayload(t *testing.T, dir string) []byte {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(dir, File))
	if err != nil {
		t.Fatal(err)
	}
	var env dsse.Envelope
	if err := json.Unmarshal(raw, &env); err != nil {
		t.Fatal(err)
	}
	b, err := base64.StdEncoding.DecodeString(env.Payload)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// resign replaces dir's envelope with one over payload, signed with the
// private key beside pub.
func resign(t *testing.T, dir, pub string, payload []byte) {
	t.Helper()
	key, err := os.ReadFile(strings.TrimSuffix(pub, ".pub") + ".key")
	if err != nil {
		t.Fatal(err)
	}
	sv, err := signerVerifier(key)
	if err != nil {
		t.Fatal(err)
	}
	signer, err := dsse.NewEnvelopeSigner(sv)
	if err != nil {
		t.Fatal(err)
	}
	env, err := signer.SignPayload(context.Background(), PayloadType, payload)
	if err != nil {
		t.Fatal(err)
	}
	out, err := json.Marshal(env)
	if err != nil {
		t.Fatal(err)
	}
	rewrite(t, filepath.Join(dir, File), string(out))
}

// TestStatementAsBefore: the statement built from in-toto's types says
// exactly what the hand-written one said (as JSON: same fields, subjects
// in the same order, same predicate).
func TestStatementAsBefore(t *testing.T) {
	dir, _, _ := attested(t)
	var got, want any
	if err := json.Unmarshal(signedPayload(t, dir), &got); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(handPayload(t, dir, nil), &want); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("statement\n%v\nwant, as written by hand before,\n%v", got, want)
	}
}

// TestVerifyStatements: an attestation signed before conform used in-toto's
// types still verifies, with summary.json as written; a statement whose
// predicate is not the attested summary, or that is not an in-toto
// statement, does not.
func TestVerifyStatements(t *testing.T) {
	tests := []struct {
		name    string
		payload func(t *testing.T, dir string) []byte
		want    string // "" verifies
	}{
		{"hand-written, as signed before", func(t *testing.T, dir string) []byte { return handPayload(t, dir, nil) }, ""},
		{"predicate other than summary.json", func(t *testing.T, dir string) []byte {
			return handPayload(t, dir, []byte(`{"target":"https://sandbox.example","score":0.5}`))
		}, "predicate is not the attested summary.json"},
		{"no predicate", func(t *testing.T, dir string) []byte { return handPayload(t, dir, []byte(`{}`)) }, "predicate is not the attested"},
		{"not a statement", func(*testing.T, string) []byte { return []byte(`{"_type":"https://in-toto.io/Statement/v0.1"}`) }, "not conform's in-toto statement"},
		{"not JSON", func(*testing.T, string) []byte { return []byte(`<statement/>`) }, "not conform's in-toto statement"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir, pub, features := attested(t)
			resign(t, dir, pub, tc.payload(t, dir))
			key, err := os.ReadFile(pub)
			if err != nil {
				t.Fatal(err)
			}
			v, err := Verify(context.Background(), key, dir, features)
			if tc.want == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				if string(v.Summary) != `{"target":"https://sandbox.example","score":1}` {
					t.Errorf("summary %s, want the attested file as written", v.Summary)
				}
				return
			}
			if !errors.Is(err, ErrNotAttested) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want %q", err, tc.want)
			}
		})
	}
}
