// Package fiskil simulates the part of the Fiskil Data API v1 (a goa
// service) that starts an end user's consent flow: client-credential
// tokens, end users, auth sessions, and the consent page their auth_url
// leads to. Its behaviour is specs/fiskil.yaml; its fixtures are documented
// on Fixtures.
package fiskil

import (
	"context"
	"net/http"
	"strings"

	"github.com/tidwall/gjson"

	"github.com/conformhq/conform/simulator/core"
	"github.com/conformhq/conform/specs/oas"
	"github.com/conformhq/conform/specs/redact"
)

// Name is the provider's name: its spec, its URL prefix, its fixtures
// section and its state key in a sandbox.
const Name = "fiskil"

// New builds the Fiskil provider.
func New() (*core.Provider, error) {
	spec, err := oas.Load(Name)
	if err != nil {
		return nil, err
	}
	pg, err := newPages()
	if err != nil {
		return nil, err
	}
	p := &core.Provider{
		Name:      Name,
		Spec:      spec,
		ErrorCode: "name",
		Handlers: map[string]core.Handler{
			"createToken":    createToken,
			"createEndUser":  createEndUser,
			"addAuthSession": addAuthSession,
		},
		Resolve:         resolve,
		Invalid:         invalid,
		Fault:           fault,
		NotFound:        notFound,
		Before:          before,
		Fixtures:        applyFixtures,
		DefaultFixtures: DefaultFixtures,
		Pages:           pg,
		LogPath:         logPath,
	}
	if err := p.Prepare(); err != nil {
		return nil, err
	}
	return p, nil
}

// resolve finds the sandbox from the client id in the token request's body
// (read leniently: the pipeline validates the body only after resolution),
// or from the bearer token.
func resolve(c *core.Call) *core.Sandbox {
	if c.Op.ID == "createToken" {
		id := gjson.GetBytes(c.Body, "client_id")
		if id.Type != gjson.String {
			return nil
		}
		return c.Registry.Lookup(kindClient, id.String())
	}
	return c.Registry.Lookup(kindToken, c.Bearer())
}

type registryKey struct{}

// before hands the registry to the consent page through the request's
// context: the pipeline gives Pages only the request, and the page must find
// the session's sandbox.
func before(c *core.Call) {
	c.R = c.R.WithContext(context.WithValue(c.R.Context(), registryKey{}, c.Registry))
}

func registryOf(r *http.Request) *core.Registry {
	reg, _ := r.Context().Value(registryKey{}).(*core.Registry)
	return reg
}

// notFound answers a path no operation documents, as goa's router does.
func notFound(c *core.Call) {
	errorf(c, http.StatusNotFound, "not_found", "no operation at %s %s", c.R.Method, c.R.URL.Path)
}

// logPath masks whatever follows the consent page's path: its session id
// (sess_id) is a capability, since whoever holds the auth_url can consent.
// The log shows only the path, never the query that carries sess_id, but a
// client that puts the id in the path (/link/<id>) must not leak it either.
func logPath(path string) string {
	if rest, ok := strings.CutPrefix(path, linkPath+"/"); ok && rest != "" {
		return linkPath + "/" + redact.Mask
	}
	return path
}
