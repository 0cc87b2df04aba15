package attest

import (
	"crypto/ed25519"
	"crypto/rand"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/secure-systems-lab/go-securesystemslib/signerverifier"
)

// Keygen writes a new ed25519 key pair: the private key as PKCS #8 PEM
// (readable by its owner only) and the public key as PKIX PEM, the forms
// openssl and securesystemslib read.
func Keygen(privatePath, publicPath string) error {
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return err
	}
	privDER, err := x509.MarshalPKCS8PrivateKey(priv)
	if err != nil {
		return err
	}
	pubDER, err := x509.MarshalPKIXPublicKey(pub)
	if err != nil {
		return err
	}
	if err := writeNew(privatePath, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: privDER}), 0o600); err != nil {
		return err
	}
	return writeNew(publicPath, pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: pubDER}), 0o644)
}

// writeNew refuses to overwrite a key: losing one is worse than an error.
func writeNew(path string, b []byte, mode os.FileMode) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, mode)
	if errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("%s exists already, and a key is never overwritten: choose another --out PREFIX, or move it away first", path)
	}
	if err != nil {
		return err
	}
	if _, err := f.Write(b); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// signerVerifier reads an ed25519 key (private or public) in PEM.
func signerVerifier(pemBytes []byte) (*signerverifier.ED25519SignerVerifier, error) {
	key, err := signerverifier.LoadKey(pemBytes)
	if err != nil {
		return nil, fmt.Errorf("not an ed25519 key in PEM: %w", err)
	}
	if key.KeyType != signerverifier.ED25519KeyType {
		return nil, fmt.Errorf("a %s key, not ed25519", key.KeyType)
	}
	return signerverifier.NewED25519SignerVerifierFromSSLibKey(key)
}

// CheckPrivate reports a PEM that is not an ed25519 private key, before a
// run that would sign with it.
func CheckPrivate(pemBytes []byte) error {
	key, err := signerverifier.LoadKey(pemBytes)
	if err != nil {
		return fmt.Errorf("not a key in PEM: %w", err)
	}
	if key.KeyType != signerverifier.ED25519KeyType || key.KeyVal.Private == "" {
		return fmt.Errorf("not an ed25519 private key (conform keygen writes one: PREFIX.key)")
	}
	return nil
}

// KeyID names a key as DSSE envelopes do.
func KeyID(pemBytes []byte) (string, error) {
	sv, err := signerVerifier(pemBytes)
	if err != nil {
		return "", err
	}
	return sv.KeyID()
}
