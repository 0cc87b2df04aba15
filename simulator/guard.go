package simulator

import (
	"crypto/subtle"
	"mime"
	"net"
	"net/http"
	"net/url"
	"strings"

	"github.com/conformhq/conform/simulator/core"
)

// ControlTokenHeader carries the control token on control API requests
// when the simulator requires one (Options.ControlToken).
const ControlTokenHeader = "Conform-Control-Token"

// guardControl refuses a control API request that a browser sent from
// another site (any web page a developer visits could otherwise drive the
// simulator), that lacks the control token when one is required, or whose
// body is not JSON or YAML. It reports whether the request may go on. The
// provider APIs stay as open as the providers are: only /_control is
// guarded.
func (s *Simulator) guardControl(w http.ResponseWriter, r *http.Request) bool {
	if !s.ownHost(r.Host) {
		core.ControlError(w, http.StatusForbidden, "the control API answers only its own host names (loopback, its listen address, --allowed-hosts), not %q", r.Host)
		return false
	}
	if crossSite(r) {
		core.ControlError(w, http.StatusForbidden, "the control API refuses requests a browser sends from another site (Origin %q)", r.Header.Get("Origin"))
		return false
	}
	if s.controlToken != "" {
		got := r.Header.Get(ControlTokenHeader)
		if subtle.ConstantTimeCompare([]byte(got), []byte(s.controlToken)) != 1 {
			core.ControlError(w, http.StatusUnauthorized, "the control API needs its token in the %s header (conform serve printed it at start, or took it from --control-token)", ControlTokenHeader)
			return false
		}
	}
	if hasBody(r) && !controlMediaType(r.Header.Get("Content-Type")) {
		core.ControlError(w, http.StatusUnsupportedMediaType, "the control API takes application/json or application/yaml, not %q", r.Header.Get("Content-Type"))
		return false
	}
	return true
}

// ownHost reports whether host (with or without a port) names this
// simulator: any when no list is set; otherwise an IP literal (a rebinding
// needs a DNS name), a loopback name (localhost, *.localhost), or a name of
// the list.
func (s *Simulator) ownHost(host string) bool {
	if s.allowedHosts == nil {
		return true
	}
	name := host
	if h, _, err := net.SplitHostPort(host); err == nil {
		name = h
	}
	name = strings.ToLower(strings.TrimSuffix(strings.Trim(name, "[]"), "."))
	if net.ParseIP(name) != nil || name == "localhost" || strings.HasSuffix(name, ".localhost") {
		return true
	}
	for _, a := range s.allowedHosts {
		if strings.EqualFold(strings.TrimSuffix(a, "."), name) {
			return true
		}
	}
	return false
}

// crossSite reports a request a browser made on behalf of another site:
// Fetch metadata says so, or its Origin is not this server.
func crossSite(r *http.Request) bool {
	switch r.Header.Get("Sec-Fetch-Site") {
	case "cross-site", "same-site":
		return true
	}
	origin := r.Header.Get("Origin")
	if origin == "" {
		return false
	}
	u, err := url.Parse(origin)
	return err != nil || !strings.EqualFold(u.Host, r.Host)
}

func hasBody(r *http.Request) bool {
	return r.ContentLength > 0 || r.ContentLength == -1 && r.Body != nil && r.Body != http.NoBody
}

// controlMediaType accepts JSON and YAML, the fixtures' two spellings; a
// browser's form or text/plain post (a "simple" cross-origin request that
// needs no preflight) is refused.
func controlMediaType(ct string) bool {
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil {
		return false
	}
	switch mt {
	case "application/json", "application/yaml", "application/x-yaml":
		return true
	}
	return false
}
