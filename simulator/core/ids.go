package core

import (
	crand "crypto/rand"
	"encoding/binary"
	"hash/fnv"
	"math/rand/v2"
)

// IDs generates a sandbox's ids, tokens and OTPs. Seeded, it gives the same
// sequence on every run, so that `conform serve --seed N` is reproducible.
type IDs struct {
	r *rand.Rand
}

// NewIDs returns a generator seeded from seed and the sandbox id; a zero seed
// draws a random one.
func NewIDs(seed uint64, sandboxID string) *IDs {
	if seed == 0 {
		var b [8]byte
		_, _ = crand.Read(b[:])
		seed = binary.LittleEndian.Uint64(b[:])
	}
	h := fnv.New64a()
	h.Write([]byte(sandboxID))
	return &IDs{r: rand.New(rand.NewPCG(seed, h.Sum64()))}
}

const (
	hexDigits = "0123456789abcdef"
	alnum     = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	digits    = "0123456789"
)

func (g *IDs) from(alphabet string, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = alphabet[g.r.IntN(len(alphabet))]
	}
	return string(b)
}

// Hex returns n random lower-case hex digits.
func (g *IDs) Hex(n int) string { return g.from(hexDigits, n) }

// Alnum returns n random letters and digits.
func (g *IDs) Alnum(n int) string { return g.from(alnum, n) }

// Digits returns n random decimal digits (an OTP).
func (g *IDs) Digits(n int) string { return g.from(digits, n) }

// UUID returns a random version-4 UUID.
func (g *IDs) UUID() string {
	var b [16]byte
	for i := range b {
		b[i] = byte(g.r.UintN(256))
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	const h = hexDigits
	out := make([]byte, 0, 36)
	for i, x := range b {
		if i == 4 || i == 6 || i == 8 || i == 10 {
			out = append(out, '-')
		}
		out = append(out, h[x>>4], h[x&0x0f])
	}
	return string(out)
}
