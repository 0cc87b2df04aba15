package steps

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/cucumber/godog"

	"github.com/conformhq/conform/steps/pool"
)

// Tag family prefixes: what a scenario covers (@op:, @status:, @code:),
// the provider version it applies to (@version:), what it needs of the
// target (NeedsTagPrefix) and the fixtures it claims (exclusiveTag,
// consumesTag).
const (
	opTag      = "@op:"
	statusTag  = "@status:"
	codeTag    = "@code:"
	versionTag = "@version:"
)

// Tags is what a scenario's tags say, read once by ParseTags for every
// reader: the run's report and coverage (Ops, Statuses, Codes), the needs
// (Needs), the fixture pools (Claims).
type Tags struct {
	// Ops are the operation ids of its @op:<operationId> tags.
	Ops []string
	// Statuses are the HTTP statuses of its @status:<code> tags.
	Statuses []int
	// Codes are the error codes of its @code:<code> tags.
	Codes []string
	// Versions are the provider versions of its @version:<v> tags.
	Versions []string
	// Needs are the capabilities of its @needs:<capability> tags.
	Needs []Capability
	// Claims are its fixture claims (@exclusive:, @consumes:): a kind
	// claimed both ways is consumed, a kind claimed twice the same way is
	// one claim.
	Claims []pool.Claim
	// Other are the tags of no family above, with their @ (the provider's,
	// @consent, the legacy @needs-control).
	Other []string
}

// TagError is a tag of a known family that is malformed: the whole run
// refuses it, rather than a scenario that covers nothing or a need nobody
// sees.
type TagError struct {
	// Tag is the tag as written, with its @.
	Tag string
	// Reason says what the family's tags look like.
	Reason string
	// Err is the underlying error, if any (an *ErrCapability for @needs:).
	Err error
}

func (e *TagError) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("tag %s: %s: %v", e.Tag, e.Reason, e.Err)
	}
	return fmt.Sprintf("tag %s: %s", e.Tag, e.Reason)
}

// Unwrap returns the underlying error.
func (e *TagError) Unwrap() error { return e.Err }

// ParseTags reads a scenario's tags (each with its @) into their families.
// A malformed tag of a family (an empty operation, a status that is no
// HTTP status, an unknown capability, a claim without its kind) is a
// *TagError.
func ParseTags(tags []string) (Tags, error) {
	var out Tags
	for _, t := range tags {
		if err := out.add(t); err != nil {
			return Tags{}, err
		}
	}
	return out, nil
}

// ScenarioTags is ParseTags of a scenario's (a pickle's) tags.
func ScenarioTags(sc *godog.Scenario) (Tags, error) {
	names := make([]string, len(sc.Tags))
	for i, t := range sc.Tags {
		names[i] = t.Name
	}
	return ParseTags(names)
}

// add files one tag under its family.
func (ts *Tags) add(t string) error {
	word := func(rest, reason string) (string, error) {
		if rest == "" || strings.ContainsAny(rest, " \t") {
			return "", &TagError{Tag: t, Reason: reason}
		}
		return rest, nil
	}
	switch {
	case strings.HasPrefix(t, opTag):
		op, err := word(strings.TrimPrefix(t, opTag), "an operation is @op:<operationId>")
		if err != nil {
			return err
		}
		ts.Ops = append(ts.Ops, op)
	case strings.HasPrefix(t, statusTag):
		n, err := strconv.Atoi(strings.TrimPrefix(t, statusTag))
		if err != nil || n < 100 || n > 599 {
			return &TagError{Tag: t, Reason: "a status is @status:<HTTP status, 100 to 599>", Err: err}
		}
		ts.Statuses = append(ts.Statuses, n)
	case strings.HasPrefix(t, codeTag):
		c, err := word(strings.TrimPrefix(t, codeTag), "an error code is @code:<code>")
		if err != nil {
			return err
		}
		ts.Codes = append(ts.Codes, c)
	case strings.HasPrefix(t, versionTag):
		v, err := word(strings.TrimPrefix(t, versionTag), "a version is @version:<version>")
		if err != nil {
			return err
		}
		ts.Versions = append(ts.Versions, v)
	case strings.HasPrefix(t, NeedsTagPrefix):
		c, err := ParseCapability(strings.TrimPrefix(t, NeedsTagPrefix))
		if err != nil {
			return &TagError{Tag: t, Reason: "a need is @needs:<capability>", Err: err}
		}
		ts.Needs = append(ts.Needs, c)
	case strings.HasPrefix(t, pool.ExclusiveTag), strings.HasPrefix(t, pool.ConsumesTag):
		c, err := parseClaim(t)
		if err != nil {
			return err
		}
		ts.claim(c)
	default:
		ts.Other = append(ts.Other, t)
	}
	return nil
}

// claim adds c, merged with a claim of the same kind.
func (ts *Tags) claim(c pool.Claim) {
	for i := range ts.Claims {
		if ts.Claims[i].Pool() == c.Pool() {
			ts.Claims[i].Consumes = ts.Claims[i].Consumes || c.Consumes
			return
		}
	}
	ts.Claims = append(ts.Claims, c)
}
