package reports

import "time"

// Provenance says where a run's verdicts come from, so that a reader can
// tell a real run from an edited one: which conform, which specs and
// scenarios (by digest), against what, with which options, when.
type Provenance struct {
	// Conform is the build: version, commit and Go version.
	Conform string `json:"conform"`
	// Specs are the digests of the specs the answers were judged by.
	Specs []Digest `json:"specs"`
	// Features are the digests of the feature files that ran.
	Features []Digest `json:"features"`
	// FeaturesNote says whether the feature files are the ones built into
	// this conform, and which differ when not.
	FeaturesNote string `json:"features_note"`
	// BaseURLs are the providers' base URLs at the target.
	BaseURLs map[string]string `json:"base_urls,omitempty"`
	// Image and ImageID name a container image the run started.
	Image   string `json:"image,omitempty"`
	ImageID string `json:"image_id,omitempty"`
	// Options are the run's options, as given.
	Options map[string]string `json:"options,omitempty"`
	// EndedAt is when the run ended (Run.StartedAt when it began).
	EndedAt time.Time `json:"ended_at"`
}

// Digest is a named file's SHA-256, in hex.
type Digest struct {
	Name   string `json:"name"`
	SHA256 string `json:"sha256"`
}
