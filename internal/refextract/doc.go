// Package refextract reduces a provider's published OpenAPI document to the
// operations conform covers, keeping only facts: paths, methods, parameters,
// request bodies, responses (statuses including `default`, headers,
// schemas, enums), security requirements and every component they reference,
// transitively. Prose (descriptions, summaries, titles), examples, tags,
// external docs, servers and x- extensions are dropped, and so are the
// components nothing kept refers to.
//
// The extracts are committed under specs/testdata so that tests can judge
// the simulator by the provider's own words without the whole document.
// Regenerate them from the module root, with shared/ beside the clone:
//
//	go run ./internal/refextract/cmd/refextract
//
// which reads ../shared/reference/weavr and writes
// specs/testdata/weavr-official-<version>.yaml (see -h for the flags).
package refextract
