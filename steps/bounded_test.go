package steps

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/conformhq/conform/specs/redact"
)

// TestRecordBodyBounded: an exchange keeps at most MaxRecorded bytes of a
// body, with its whole size and digest; secrets stay masked in what is
// kept, by structure and by value.
func TestRecordBodyBounded(t *testing.T) {
	env := &Env{MaxRecorded: 1024}
	w := &World{env: env, Secrets: &redact.Secrets{}}
	w.Secrets.Add("s3cr3t-value")
	big := `{"token":"tok-abc","echo":"s3cr3t-value","pad":"` + strings.Repeat("x", 4<<20) + `"}`
	sum := sha256.Sum256([]byte(big))
	tests := []struct {
		name     string
		body     string
		wantSize int
		maxLen   int
		want     []string
		not      []string
	}{
		{"small, whole", `{"a":1}`, 7, 64, []string{`{"a":1}`}, nil},
		{"4 MiB, cut with its size and digest", big, len(big), 1024 + 200, []string{"of " + itoa(len(big)) + " bytes shown", hex.EncodeToString(sum[:])}, []string{"tok-abc", "s3cr3t-value"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			kept, size, digest := w.recordBody([]byte(tc.body))
			if size != tc.wantSize || len(kept) > tc.maxLen {
				t.Errorf("size %d, kept %d bytes; want %d and at most %d", size, len(kept), tc.wantSize, tc.maxLen)
			}
			if s := sha256.Sum256([]byte(tc.body)); digest != hex.EncodeToString(s[:]) {
				t.Errorf("digest %s is not the whole body's", digest)
			}
			for _, s := range tc.want {
				if !strings.Contains(kept, s) {
					t.Errorf("kept lacks %q: %.200s", s, kept)
				}
			}
			for _, s := range tc.not {
				if strings.Contains(kept, s) {
					t.Errorf("kept shows the secret %q", s)
				}
			}
			if msg := w.RedactBody([]byte(tc.body)); len(msg) > tc.maxLen {
				t.Errorf("a failure message quotes %d bytes of the body, want at most %d", len(msg), tc.maxLen)
			}
		})
	}
}

// TestBoundHeader: headers are kept while they fit, the rest counted.
func TestBoundHeader(t *testing.T) {
	h := http.Header{}
	for i := range 2000 {
		h.Set("X-Hostile-"+itoa(i), strings.Repeat("h", 100))
	}
	h.Set("Content-Type", "application/json")
	got, dropped := boundHeader(h, 4096)
	size := 0
	for k, vs := range got {
		size += len(k) + len(vs[0])
	}
	if size > 4096 || dropped == 0 || len(got)+dropped != len(h) {
		t.Errorf("kept %d headers (%d bytes), dropped %d, of %d", len(got), size, dropped, len(h))
	}
	if small, n := boundHeader(http.Header{"A": {"b"}}, 4096); n != 0 || small.Get("A") != "b" {
		t.Errorf("a small header set was cut")
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

// TestRegression_ReadBodyAllocatesOnce: a body of announced length is read
// into one buffer of about that size. A buffer of exactly its length plus
// one was doubled by bytes.Buffer.ReadFrom before its last read, so every
// large answer cost twice its size (4 MB answers: part of a run's peak).
func TestRegression_ReadBodyAllocatesOnce(t *testing.T) {
	const n = 4_000_000
	body := bytes.Repeat([]byte(" "), n)
	resp := &http.Response{Body: io.NopCloser(bytes.NewReader(body)), ContentLength: n}
	b, err := readBody(resp)
	if err != nil {
		t.Fatal(err)
	}
	if len(b) != n {
		t.Fatalf("read %d bytes, want %d", len(b), n)
	}
	if cap(b) > n+bytes.MinRead+1 {
		t.Errorf("read into a buffer of %d bytes for a body of %d: it grew while reading", cap(b), n)
	}
}
