// Package redact keeps secrets out of logs and reports.
//
// It masks secrets three ways, because no single one is enough: by where
// they sit (credential headers, secret JSON fields, secret query parameters),
// and by what they are (literal values remembered in a Secrets), which
// catches a token quoted in an error message or echoed in a URL path.
//
// Masking is deliberately coarse: a secret is replaced as a whole, never
// shortened or hashed, so no prefix or suffix of it survives.
package redact

// Mask replaces every secret value.
const Mask = "[REDACTED]"
