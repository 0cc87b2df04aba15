package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"

	"github.com/conformhq/conform/internal/attest"
	"github.com/conformhq/conform/internal/provider"
	"github.com/conformhq/conform/internal/runner"
)

// keygen makes the ed25519 key pair `conform run --attest` signs with.
func keygen(args []string, stdout, stderr io.Writer) int {
	fl := newFlagSet("conform keygen")
	out := fl.String("out", "conform", "the key files' prefix: PREFIX.key (private, 0600) and PREFIX.pub")
	if err := parse(fl, args, stderr); err != nil {
		return parseExit(err)
	}
	if err := attest.Keygen(*out+".key", *out+".pub"); err != nil {
		fmt.Fprintf(stderr, "conform keygen: %v\n", err)
		return ExitUsage
	}
	pub, _ := os.ReadFile(*out + ".pub")
	id, _ := attest.KeyID(pub)
	fmt.Fprintf(stdout, "wrote %s.key (keep it private) and %s.pub (hand it to whoever checks your reports); key id %s\n", *out, *out, id)
	return ExitOK
}

// verify checks an attested report folder: the signature, then every
// report and feature file against its digest.
func verify(ctx context.Context, providers provider.List, args []string, stdout, stderr io.Writer) int {
	fl := newFlagSet("conform verify")
	key := fl.String("key", "", "the signer's public key (PEM), from conform keygen")
	featuresDir := fl.String("features", "", "the feature files the run used, when not the built-in ones")
	positional, err := parseArgs(fl, args, stderr)
	if err != nil {
		return parseExit(err)
	}
	if *key == "" || len(positional) != 1 {
		fmt.Fprintf(stderr, "conform verify: usage: conform verify --key KEY.pub [--features DIR] REPORT_DIR\n")
		return ExitUsage
	}
	pub, err := os.ReadFile(*key)
	if err != nil {
		fmt.Fprintf(stderr, "conform verify: --key: %v\n", err)
		return ExitUsage
	}
	if _, err := attest.KeyID(pub); err != nil {
		fmt.Fprintf(stderr, "conform verify: --key %s: %v (conform keygen writes one: PREFIX.pub)\n", *key, err)
		return ExitUsage
	}
	var tree fs.FS = runner.FeatureTree(providers)
	if *featuresDir != "" {
		tree = os.DirFS(*featuresDir)
	}
	v, err := attest.Verify(ctx, pub, positional[0], tree)
	if errors.Is(err, attest.ErrNotAttested) {
		fmt.Fprintf(stdout, "NOT VERIFIED: %v\n", err)
		return ExitFailed
	}
	if err != nil {
		fmt.Fprintf(stderr, "conform verify: %v\n", err)
		return ExitUsage
	}
	var summary struct {
		Target   string            `json:"target"`
		Versions map[string]string `json:"versions"`
		Score    float64           `json:"score"`
		Checked  int               `json:"checked"`
		Codes    struct {
			Documented int `json:"documented"`
		} `json:"codes"`
	}
	_ = json.Unmarshal(v.Summary, &summary)
	fmt.Fprintf(stdout, "VERIFIED: signed by key %s; %d files unchanged since signing:\n", v.KeyID, len(v.Files))
	for _, f := range v.Files {
		fmt.Fprintf(stdout, "  %s\n", f)
	}
	fmt.Fprintf(stdout, "the run: target %s, versions %v, %d of %d documented codes checked, score %.4f\n",
		summary.Target, summary.Versions, summary.Checked, summary.Codes.Documented, summary.Score)
	return ExitOK
}
