package core

import (
	"slices"

	"github.com/conformhq/conform/specs/oas"
)

// errorCodes holds a provider's error-code enums by operation and status.
type errorCodes map[codeKey][]string

type codeKey struct {
	op     string
	status int
}

func readErrorCodes(spec *oas.Spec, property string) errorCodes {
	out := errorCodes{}
	if property == "" {
		return out
	}
	for _, op := range spec.Operations() {
		for _, status := range op.Statuses {
			if codes := op.BodyEnum(status, property); len(codes) > 0 {
				out[codeKey{op.ID, status}] = codes
			}
		}
	}
	return out
}

// ErrorCodes returns the error codes the default version's spec allows the
// operation's response of that status to carry (the enum of the provider's
// ErrorCode property), in the spec's order; nil when that response
// documents none, or before Prepare. The slice is the caller's own.
func (p *Provider) ErrorCodes(op string, status int) []string {
	return p.VersionErrorCodes("", op, status)
}

// VersionErrorCodes is ErrorCodes in the named version's spec ("" for the
// default version).
func (p *Provider) VersionErrorCodes(version, op string, status int) []string {
	if v, ok := p.version(version); ok {
		version = v.Name
	}
	return slices.Clone(p.errorCodes[version][codeKey{op, status}])
}

// ErrorCodes returns the error codes documented for the call's operation and
// that status, in the version the call is served in: see
// Provider.ErrorCodes.
func (c *Call) ErrorCodes(status int) []string {
	if c.provider == nil || c.Op == nil {
		return nil
	}
	return c.provider.VersionErrorCodes(c.Version(), c.Op.ID, status)
}
