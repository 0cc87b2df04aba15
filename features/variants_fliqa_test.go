package features_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
)

// fliqaVariants answer the way a deployment following Fliqa's reference
// may, differently from the simulator (API.md v2, Fliqa account API; ref
// §1, §4, §6): errors without the fields the reference does not require,
// documentationUrl with its #errorSubCode, consents reduced to what the
// documented behaviour needs or carrying every optional field, other
// ConsentScope values, another language, token answers without expiresIn.
// Each picks its answers by operation or by what the answer says, so that
// every scenario still sees a consistent deployment.
func fliqaVariants() []variant {
	return []variant{
		{name: "fliqa errors: no requestId/resourceId on token errors, no documentationUrl on its 403s", provider: "fliqa",
			rewrite: fliqaJSON(func(r *http.Request, status int, doc map[string]any) {
				if status < 400 || !strings.Contains(r.URL.Path, "/account/auth/token/") {
					return
				}
				delete(doc, "requestId")
				delete(doc, "resourceId")
				if status == http.StatusForbidden {
					delete(doc, "documentationUrl")
				}
			})},
		{name: "fliqa errors: documentationUrl with #errorSubCode on login errors", provider: "fliqa",
			rewrite: fliqaJSON(func(r *http.Request, status int, doc map[string]any) {
				sub, _ := doc["errorSubCode"].(string)
				if status < 400 || !strings.HasSuffix(r.URL.Path, "/account/login") || sub == "" {
					return
				}
				doc["documentationUrl"] = doc["documentationUrl"].(string) + "#" + sub
			})},
		{name: "fliqa errors: consent errors with only errorCode, errorMessage and documentationUrl", provider: "fliqa",
			rewrite: fliqaJSON(func(r *http.Request, status int, doc map[string]any) {
				if status < 400 || !strings.HasSuffix(r.URL.Path, "/account/consent") {
					return
				}
				for k := range doc {
					if k != "errorCode" && k != "errorMessage" && k != "documentationUrl" {
						delete(doc, k)
					}
				}
			})},
		{name: "fliqa consent: only consentId and status for an e-mail owner", provider: "fliqa",
			rewrite: fliqaJSON(func(r *http.Request, status int, doc map[string]any) {
				owner, _ := doc["owner"].(map[string]any)
				if status != http.StatusCreated || owner["email"] == nil {
					return
				}
				for k := range doc {
					if k != "consentId" && k != "status" {
						delete(doc, k)
					}
				}
			})},
		{name: "fliqa consent: every optional field, other scopes, msisdn without +, English only", provider: "fliqa",
			rewrite: fliqaJSON(func(r *http.Request, status int, doc map[string]any) {
				owner, _ := doc["owner"].(map[string]any)
				if status != http.StatusCreated || owner["msisdn"] == nil {
					return
				}
				owner["msisdn"] = strings.TrimPrefix(owner["msisdn"].(string), "+")
				doc["consentData"] = []any{map[string]any{
					"name": "iban", "label": "Your IBAN", "additional_data": "The account to check",
					"properties": []any{map[string]any{"value": "", "label": "IBAN", "description": "SI56 …"}},
				}}
				data, _ := doc["data"].([]any)
				switch {
				case r.URL.Query().Get("locale") == "sl":
					doc["scope"] = "balances"
				case len(data) > 0:
					doc["scope"] = "transactions"
				default:
					doc["scope"] = "accounts"
				}
				doc["locale"] = "en" // Slovenian not supported
				doc["country"] = "AT"
				doc["created"] = "2025-10-30T12:01:00+01:00"
			})},
		{name: "fliqa token: an unknown inquiry refused with 401, another documented status (rule 4)", provider: "fliqa",
			rewrite: func(r *http.Request, status int, hdr http.Header, body []byte) (int, []byte) {
				if status != http.StatusForbidden || !strings.Contains(r.URL.Path, "/no-such-inquiry-") {
					return status, body
				}
				return http.StatusUnauthorized, []byte(`{"errorCode":"unauthorized","errorSubCode":"not_authorized","errorMessage":"Not authorized","documentationUrl":"https://documentation.fliqa.io/api/errors/unauthorized"}`)
			}},
		{name: "fliqa errors: 403s with errorCode not_allowed (the reference pairs no errorCode with 403)", provider: "fliqa",
			rewrite: fliqaJSON(func(r *http.Request, status int, doc map[string]any) {
				if status != http.StatusForbidden || doc["errorCode"] != "forbidden" {
					return
				}
				doc["errorCode"] = "not_allowed"
				if _, ok := doc["documentationUrl"]; ok {
					doc["documentationUrl"] = "https://documentation.fliqa.io/api/errors/not_allowed"
				}
			})},
		{name: "fliqa token: no expiresIn over the sdk channel", provider: "fliqa",
			rewrite: fliqaJSON(func(r *http.Request, status int, doc map[string]any) {
				if status == http.StatusOK && strings.Contains(r.URL.Path, "/account/auth/token/") && strings.Contains(r.URL.Path, "/sdk/") {
					delete(doc, "expiresIn")
				}
			})},
	}
}

// fliqaJSON adapts an edit of a JSON object answer into a variant's
// rewrite; answers that are not a JSON object pass unchanged.
func fliqaJSON(edit func(r *http.Request, status int, doc map[string]any)) func(*http.Request, int, http.Header, []byte) (int, []byte) {
	return func(r *http.Request, status int, hdr http.Header, body []byte) (int, []byte) {
		if !isJSON(hdr) {
			return status, body
		}
		dec := json.NewDecoder(bytes.NewReader(body))
		dec.UseNumber()
		var doc map[string]any
		if err := dec.Decode(&doc); err != nil || doc == nil {
			return status, body
		}
		edit(r, status, doc)
		out, err := json.Marshal(doc)
		if err != nil {
			return status, body
		}
		return status, out
	}
}
