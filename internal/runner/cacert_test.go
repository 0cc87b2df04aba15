package runner

import (
	"context"
	"encoding/pem"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/conformhq/conform/internal/provider/all"
	"github.com/conformhq/conform/simulator"
	"github.com/conformhq/conform/steps/config"
)

// TestRemoteCACert: a target whose certificate chains to a private CA is
// reached with --cacert (config cacert), and refused without it.
func TestRemoteCACert(t *testing.T) {
	sim, err := simulator.New(simulator.Options{Providers: all.Providers().Simulators()})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewTLSServer(sim)
	defer srv.Close()
	ca := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(ca, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw}), 0o600); err != nil {
		t.Fatal(err)
	}
	notPEM := filepath.Join(t.TempDir(), "not.pem")
	os.WriteFile(notPEM, []byte("hello"), 0o600)
	tests := []struct {
		name, cacert, wantErr string
	}{
		{"trusted with its CA", ca, ""},
		{"refused without it", "", "certificate"},
		{"a file without a certificate", notPEM, "no PEM certificate"},
		{"a missing file", filepath.Join(t.TempDir(), "nope.pem"), "--cacert"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			target, err := Remote(context.Background(), &config.Config{Target: srv.URL, Control: "auto", CACert: tc.cacert}, 5*time.Second)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil || target.Control != srv.URL {
				t.Fatalf("err = %v, control %q", err, target.Control)
			}
		})
	}
}
