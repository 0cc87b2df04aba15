package attest

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"

	intoto "github.com/in-toto/attestation/go/v1"
	"github.com/secure-systems-lab/go-securesystemslib/dsse"

	"github.com/conformhq/conform/reports"
)

// Sign attests the reports in dir and the feature files that ran (their
// URIs, "features/weavr/login.feature", and contents) with the private key
// in PEM, and writes the envelope to dir/File.
func Sign(ctx context.Context, privatePEM []byte, dir string, features map[string][]byte) error {
	sv, err := signerVerifier(privatePEM)
	if err != nil {
		return fmt.Errorf("attest: %w", err)
	}
	var subjects []*intoto.ResourceDescriptor
	var summary []byte
	for _, name := range reports.Files {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			return fmt.Errorf("attest: %w", err)
		}
		subjects = append(subjects, subject(name, b))
		if name == reports.SummaryFile {
			summary = b
		}
	}
	for _, uri := range slices.Sorted(mapsKeys(features)) {
		subjects = append(subjects, subject(uri, features[uri]))
	}
	payload, err := statement(subjects, summary)
	if err != nil {
		return fmt.Errorf("attest: %w", err)
	}
	signer, err := dsse.NewEnvelopeSigner(sv)
	if err != nil {
		return err
	}
	env, err := signer.SignPayload(ctx, PayloadType, payload)
	if err != nil {
		return fmt.Errorf("attest: %w", err)
	}
	out, err := json.MarshalIndent(env, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, File), append(out, '\n'), 0o644)
}

func mapsKeys(m map[string][]byte) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}
