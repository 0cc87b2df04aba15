package features_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// fiskilVariants vary Fiskil's answers within what its references and goa
// allow (reference/fiskil): the header goa-error absent, the Platform API's
// token without token_type, the generated reference's media type, the
// hand-written docs' error shape and ids, the redirect query in another
// order, validations a deployment need not make.
func fiskilVariants() []variant {
	return []variant{
		{name: "fiskil: no goa-error header on any error", provider: "fiskil", rewrite: func(r *http.Request, status int, hdr http.Header, body []byte) (int, []byte) {
			// goa never sets it on its built-in errors; a deployment whose
			// design declares nothing sets it on none (WARN, not FAIL).
			hdr.Del("goa-error")
			return status, body
		}},
		{name: "fiskil: token_type absent on some tokens (Platform API), present on others (newest guide)", provider: "fiskil",
			rewrite: func(r *http.Request, status int, hdr http.Header, body []byte) (int, []byte) {
				if status != http.StatusOK || !strings.HasSuffix(r.URL.Path, "/v1/token") {
					return status, body
				}
				return status, editObject(body, func(m map[string]any) {
					// Which tokens lose it depends on the token itself, so
					// that one run sees both shapes.
					if tok, _ := m["token"].(string); tok != "" && tok[len(tok)-1]%2 == 0 {
						delete(m, "token_type")
					}
				})
			}},
		{name: "fiskil: errors as application/vnd.goa.error, the generated reference's media type", provider: "fiskil",
			rewrite: func(r *http.Request, status int, hdr http.Header, body []byte) (int, []byte) {
				if status >= 400 && strings.HasPrefix(hdr.Get("Content-Type"), "application/json") {
					hdr.Set("Content-Type", "application/vnd.goa.error")
				}
				return status, body
			}},
		{name: "fiskil: error bodies of the hand-written docs (err_ ids, no false flags, extra fields)", provider: "fiskil",
			rewrite: func(r *http.Request, status int, hdr http.Header, body []byte) (int, []byte) {
				if status < 400 || !isJSON(hdr) {
					return status, body
				}
				return status, editObject(body, func(m map[string]any) {
					m["id"] = "err_acde070d-8c4c-4f0d-9d8a-162843c10333"
					for _, f := range []string{"temporary", "timeout", "fault"} {
						if m[f] == false {
							delete(m, f)
						}
					}
					m["documentation_url"] = "https://docs.fiskil.com/data-api/api-reference/errors"
				})
			}},
		{name: "fiskil: another name for the unknown end user (rule 4)", provider: "fiskil",
			rewrite: func(r *http.Request, status int, hdr http.Header, body []byte) (int, []byte) {
				if !bytes.Contains(body, []byte(`"invalid_end_user_id"`)) {
					return status, body
				}
				hdr.Del("goa-error")
				return status, editObject(body, func(m map[string]any) { m["name"] = "InvalidRequest" })
			}},
		{name: "fiskil: a deployment that validates no phone, e-mail or URI format", provider: "fiskil",
			rewrite: func(r *http.Request, status int, hdr http.Header, body []byte) (int, []byte) {
				if status != http.StatusBadRequest || !strings.HasSuffix(r.URL.Path, "/v1/end-users") ||
					!bytes.Contains(body, []byte(`"invalid_pattern"`)) && !bytes.Contains(body, []byte(`"invalid_format"`)) {
					return status, body
				}
				hdr.Del("goa-error")
				hdr.Set("Content-Type", "application/json")
				return http.StatusOK, []byte(`{"end_user_id":"83064af3-bb81-4514-a6d4-afba340825cd"}`)
			}},
		{name: "fiskil: redirect query reordered, other error ids, an extra parameter, no consent_id", provider: "fiskil",
			rewrite: func(r *http.Request, status int, hdr http.Header, body []byte) (int, []byte) {
				loc := hdr.Get("Location")
				if status != http.StatusFound || loc == "" {
					return status, body
				}
				u, err := url.Parse(loc)
				if err != nil {
					return status, body
				}
				q := u.Query()
				if q.Has("error_id") {
					q.Set("error_id", "err_ce4c9fa8-4d79-4a5c-8769-8e82833bbed1")
				}
				// The success parameters are undocumented: without
				// consent_id the check only WARNS.
				q.Del("consent_id")
				q.Set("state", "variant")
				keys := make([]string, 0, len(q))
				for k := range q {
					keys = append(keys, k)
				}
				slices.Sort(keys)
				slices.Reverse(keys)
				var parts []string
				for _, k := range keys {
					parts = append(parts, url.QueryEscape(k)+"="+url.QueryEscape(q.Get(k)))
				}
				u.RawQuery = strings.Join(parts, "&")
				hdr.Set("Location", u.String())
				return status, body
			}},
	}
}

// editObject applies edit to a JSON object body; any other body is
// returned as it is.
func editObject(body []byte, edit func(map[string]any)) []byte {
	var m map[string]any
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	if err := dec.Decode(&m); err != nil || m == nil {
		return body
	}
	edit(m)
	out, err := json.Marshal(m)
	if err != nil {
		return body
	}
	return out
}
