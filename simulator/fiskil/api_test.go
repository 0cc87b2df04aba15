package fiskil

import (
	"net/http"
	"sort"
	"strings"
	"testing"
	"time"
)

// apiCase is one request to a documented operation and what must come back.
type apiCase struct {
	name string
	op   string
	// auth picks the bearer token: "" none, "write" (demo client), "read"
	// (read-only client), "expired", "unknown", or a literal header value
	// after "header:".
	auth string
	ct   string // Content-Type; application/json when empty
	body string
	// setup runs before the request (faults, clock).
	setup  func(e *env)
	status int
	name_  string // the goa-error name; "" for a success
	check  func(t *testing.T, e *env, r response)
}

const demoToken = `{"client_id":"fiskil-demo-client","client_secret":"fiskil-demo-secret"}`

func apiCases() []apiCase {
	return []apiCase{
		// createToken
		{name: "token/ok", op: "createToken", body: demoToken, status: 200, check: func(t *testing.T, e *env, r response) {
			m := r.json(t)
			if m["expires_in"] != float64(900) || m["token_type"] != "Bearer" || !strings.HasPrefix(m["token"].(string), "tok_") {
				t.Errorf("token = %v", m)
			}
		}},
		{name: "token/missing secret", op: "createToken", body: `{"client_id":"fiskil-demo-client"}`, status: 400, name_: "missing_field"},
		{name: "token/missing both", op: "createToken", body: `{}`, status: 400, name_: "missing_field"},
		{name: "token/secret not a string", op: "createToken", body: `{"client_id":"fiskil-demo-client","client_secret":5}`, status: 400, name_: "decode_payload"},
		{name: "token/null id", op: "createToken", body: `{"client_id":null,"client_secret":"x"}`, status: 400, name_: "decode_payload"},
		{name: "token/not JSON", op: "createToken", body: `client_id=x`, status: 400, name_: "decode_payload"},
		{name: "token/array", op: "createToken", body: `[]`, status: 400, name_: "decode_payload"},
		{name: "token/empty body", op: "createToken", body: ``, status: 400, name_: "missing_payload"},
		{name: "token/text content type", op: "createToken", ct: "text/plain", body: demoToken, status: 400, name_: "decode_payload"},
		{name: "token/form content type", op: "createToken", ct: "application/x-www-form-urlencoded", body: demoToken, status: 415, name_: "unsupported_media_type"},
		{name: "token/charset content type", op: "createToken", ct: "application/json; charset=UTF-8", body: demoToken, status: 200},
		{name: "token/unknown client", op: "createToken", body: `{"client_id":"nobody","client_secret":"x"}`, status: 401, name_: "unauthorized"},
		{name: "token/wrong secret", op: "createToken", body: `{"client_id":"fiskil-demo-client","client_secret":"wrong"}`, status: 401, name_: "unauthorized"},
		{name: "token/fault 500", op: "createToken", body: demoToken, setup: faultOn("createToken", 500, ""), status: 500, name_: "fault",
			check: flags(false, true)},
		{name: "token/fault 503", op: "createToken", body: demoToken, setup: faultOn("createToken", 503, ""), status: 503, name_: "service_unavailable",
			check: flags(true, false)},
		{name: "token/fault 400 with code", op: "createToken", body: demoToken, setup: faultOn("createToken", 400, "decode_payload"), status: 400, name_: "decode_payload"},
		{name: "token/fault 415", op: "createToken", body: demoToken, setup: faultOn("createToken", 415, ""), status: 415, name_: "unsupported_media_type"},
		{name: "token/fault 400 foreign code", op: "createToken", body: demoToken, setup: faultOn("createToken", 400, "invalid_institution_id"), status: 400, name_: "missing_field"},
		{name: "token/fault 401", op: "createToken", body: demoToken, setup: faultOn("createToken", 401, ""), status: 401, name_: "unauthorized"},
		{name: "token/fault 200 serves normally", op: "createToken", body: demoToken, setup: faultOn("createToken", 200, ""), status: 200},
		{name: "token/fault 200 still validates", op: "createToken", body: `{"client_id":"fiskil-demo-client","client_secret":1}`, setup: faultOn("createToken", 200, ""), status: 400, name_: "decode_payload"},

		// createEndUser
		{name: "end user/ok", op: "createEndUser", auth: "write", body: `{"email":"grace@example.com","name":"Grace","phone":"+61412345678","abn":"51824753556"}`, status: 200,
			check: func(t *testing.T, e *env, r response) {
				id := r.json(t)["end_user_id"].(string)
				if !strings.HasPrefix(id, "eu_") || len(id) != 30 {
					t.Errorf("end_user_id = %q", id)
				}
				// The new end user can consent at once.
				tok := e.token("fiskil-demo-client", "fiskil-demo-secret")
				if s := e.postJSON("/v1/auth/session", tok, `{"end_user_id":"`+id+`"}`); s.status != 200 {
					t.Errorf("session for new end user: %d %s", s.status, s.body)
				}
				// Its e-mail is now taken.
				if again := e.postJSON("/v1/end-users", tok, `{"email":"grace@example.com"}`); again.header.Get("goa-error") != "end_user_already_exists" {
					t.Errorf("second create: %d %s", again.status, again.body)
				}
			}},
		{name: "end user/email only", op: "createEndUser", auth: "write", body: `{"email":"min@example.com"}`, status: 200},
		{name: "end user/no field at all", op: "createEndUser", auth: "write", body: `{}`, status: 200},
		{name: "end user/the docs' example", op: "createEndUser", auth: "write", body: `{"abn":"51 824 753 556","email":"john_starmer@gmail.com","name":"John Starmer","phone":"+614123456789"}`, status: 200},
		{name: "end user/email exists", op: "createEndUser", auth: "write", body: `{"email":"ada@example.com"}`, status: 400, name_: "end_user_already_exists"},
		{name: "end user/email exists other case", op: "createEndUser", auth: "write", body: `{"email":"ADA@Example.com"}`, status: 400, name_: "end_user_already_exists"},
		{name: "end user/no email, twice", op: "createEndUser", auth: "write", body: `{"name":"Nobody"}`, status: 200, check: func(t *testing.T, e *env, r response) {
			tok := e.token("fiskil-demo-client", "fiskil-demo-secret")
			if again := e.postJSON("/v1/end-users", tok, `{"name":"Nobody"}`); again.status != 200 {
				t.Errorf("a second end user without e-mail: %d %s", again.status, again.body)
			}
		}},
		{name: "end user/name not a string", op: "createEndUser", auth: "write", body: `{"email":"x@example.com","name":5}`, status: 400, name_: "decode_payload"},
		{name: "end user/email not a string", op: "createEndUser", auth: "write", body: `{"email":["x@example.com"]}`, status: 400, name_: "decode_payload"},
		{name: "end user/empty body", op: "createEndUser", auth: "write", body: ``, status: 400, name_: "missing_payload"},
		{name: "end user/form body", op: "createEndUser", auth: "write", ct: "application/x-www-form-urlencoded", body: `email=x`, status: 415, name_: "unsupported_media_type"},
		{name: "end user/bad email", op: "createEndUser", auth: "write", body: `{"email":"not-an-email"}`, status: 400, name_: "invalid_format"},
		{name: "end user/bad phone", op: "createEndUser", auth: "write", body: `{"email":"p@example.com","phone":"0412345678"}`, status: 400, name_: "invalid_pattern"},
		{name: "end user/abn is free text", op: "createEndUser", auth: "write", body: `{"email":"p@example.com","abn":"123"}`, status: 200},
		{name: "end user/not JSON", op: "createEndUser", auth: "write", body: `{"email":`, status: 400, name_: "decode_payload"},
		{name: "end user/no token", op: "createEndUser", body: `{"email":"n@example.com"}`, status: 401, name_: "unauthorized"},
		{name: "end user/unknown token", op: "createEndUser", auth: "unknown", body: `{"email":"n@example.com"}`, status: 401, name_: "unauthorized"},
		{name: "end user/basic auth", op: "createEndUser", auth: "header:Basic Zm9vOmJhcg==", body: `{"email":"n@example.com"}`, status: 401, name_: "unauthorized"},
		{name: "end user/expired token", op: "createEndUser", auth: "expired", body: `{"email":"n@example.com"}`, status: 401, name_: "unauthorized"},
		{name: "end user/token lacks scope", op: "createEndUser", auth: "read", body: `{"email":"n@example.com"}`, status: 403, name_: "forbidden"},
		{name: "end user/fault 500", op: "createEndUser", auth: "write", body: `{"email":"n@example.com"}`, setup: faultOn("createEndUser", 500, ""), status: 500, name_: "fault"},
		{name: "end user/fault 503", op: "createEndUser", auth: "write", body: `{"email":"n@example.com"}`, setup: faultOn("createEndUser", 503, ""), status: 503, name_: "service_unavailable"},
		{name: "end user/fault 400 default", op: "createEndUser", auth: "write", body: `{"email":"n@example.com"}`, setup: faultOn("createEndUser", 400, ""), status: 400, name_: "end_user_already_exists"},

		// addAuthSession
		{name: "session/ok", op: "addAuthSession", auth: "write",
			body: `{"end_user_id":"eu_demo","institution_id":"10","redirect_uri":"https://acme.com/success","cancel_uri":"https://acme.com/cancel"}`, status: 200,
			check: func(t *testing.T, e *env, r response) {
				m := r.json(t)
				if want := t0.Add(5 * 24 * time.Hour).Unix(); m["expires_at"] != float64(want) {
					t.Errorf("expires_at = %v, want %d", m["expires_at"], want)
				}
				id := m["id"].(string)
				sid, _ := m["session_id"].(string)
				if len(sid) < 32 || sid == id {
					t.Errorf("session_id = %v", m["session_id"])
				}
				if m["auth_url"] != e.srv.URL+"/fiskil/link?sess_id="+sid {
					t.Errorf("auth_url = %v", m["auth_url"])
				}
			}},
		{name: "session/minimal", op: "addAuthSession", auth: "write", body: `{"end_user_id":"eu_demo"}`, status: 200},
		{name: "session/token valid just before 15 minutes", op: "addAuthSession", auth: "nearly expired", body: `{"end_user_id":"eu_demo"}`, status: 200},
		{name: "session/no end user", op: "addAuthSession", auth: "write", body: `{"institution_id":"10"}`, status: 400, name_: "missing_field"},
		{name: "session/end user not a string", op: "addAuthSession", auth: "write", body: `{"end_user_id":42}`, status: 400, name_: "decode_payload"},
		{name: "session/institution not a string", op: "addAuthSession", auth: "write", body: `{"end_user_id":"eu_demo","institution_id":10}`, status: 400, name_: "decode_payload"},
		{name: "session/permissions", op: "addAuthSession", auth: "write", body: `{"end_user_id":"eu_demo","permissions":["ACCOUNTS"]}`, status: 200},
		{name: "session/empty body", op: "addAuthSession", auth: "write", body: ``, status: 400, name_: "missing_payload"},
		{name: "session/form body", op: "addAuthSession", auth: "write", ct: "multipart/form-data; boundary=x", body: `x`, status: 415, name_: "unsupported_media_type"},
		{name: "session/unknown institution", op: "addAuthSession", auth: "write", body: `{"end_user_id":"eu_demo","institution_id":"999"}`, status: 400, name_: "invalid_institution_id"},
		{name: "session/empty institution", op: "addAuthSession", auth: "write", body: `{"end_user_id":"eu_demo","institution_id":""}`, status: 400, name_: "invalid_institution_id"},
		{name: "session/unknown end user", op: "addAuthSession", auth: "write", body: `{"end_user_id":"eu_nobody"}`, status: 400, name_: "invalid_end_user_id"},
		{name: "session/relative redirect_uri", op: "addAuthSession", auth: "write", body: `{"end_user_id":"eu_demo","redirect_uri":"/success"}`, status: 400, name_: "invalid_format"},
		{name: "session/not JSON", op: "addAuthSession", auth: "write", body: `<xml/>`, status: 400, name_: "decode_payload"},
		{name: "session/no token", op: "addAuthSession", body: `{"end_user_id":"eu_demo"}`, status: 401, name_: "unauthorized"},
		{name: "session/unknown token", op: "addAuthSession", auth: "unknown", body: `{"end_user_id":"eu_demo"}`, status: 401, name_: "unauthorized"},
		{name: "session/expired token", op: "addAuthSession", auth: "expired", body: `{"end_user_id":"eu_demo"}`, status: 401, name_: "unauthorized"},
		{name: "session/token lacks scope", op: "addAuthSession", auth: "read", body: `{"end_user_id":"eu_demo"}`, status: 403, name_: "forbidden"},
		{name: "session/fault 500", op: "addAuthSession", auth: "write", body: `{"end_user_id":"eu_demo"}`, setup: faultOn("addAuthSession", 500, "fault"), status: 500, name_: "fault"},
		{name: "session/fault 503", op: "addAuthSession", auth: "write", body: `{"end_user_id":"eu_demo"}`, setup: faultOn("addAuthSession", 503, ""), status: 503, name_: "service_unavailable"},
		{name: "session/fault 403", op: "addAuthSession", auth: "write", body: `{"end_user_id":"eu_demo"}`, setup: faultOn("addAuthSession", 403, ""), status: 403, name_: "forbidden"},
		{name: "session/fault 400 code", op: "addAuthSession", auth: "write", body: `{"end_user_id":"eu_demo"}`, setup: faultOn("addAuthSession", 400, "invalid_institution_id"), status: 400, name_: "invalid_institution_id"},
	}
}

func faultOn(op string, status int, code string) func(e *env) {
	return func(e *env) { e.fault(op, status, code) }
}

func flags(temporary, fault bool) func(t *testing.T, e *env, r response) {
	return func(t *testing.T, e *env, r response) {
		m := r.json(t)
		if m["temporary"] != temporary || m["fault"] != fault || m["timeout"] != false {
			t.Errorf("flags = temporary %v fault %v timeout %v", m["temporary"], m["fault"], m["timeout"])
		}
	}
}

// bearerFor turns a case's auth into an Authorization header value.
func bearerFor(e *env, auth string) string {
	switch {
	case auth == "":
		return ""
	case auth == "write":
		return "Bearer " + e.token("fiskil-demo-client", "fiskil-demo-secret")
	case auth == "read":
		return "Bearer " + e.token("fiskil-readonly-client", "fiskil-readonly-secret")
	case auth == "expired":
		tok := e.token("fiskil-demo-client", "fiskil-demo-secret")
		e.advance(tokenTTL)
		return "Bearer " + tok
	case auth == "nearly expired":
		tok := e.token("fiskil-demo-client", "fiskil-demo-secret")
		e.advance(tokenTTL - time.Second)
		return "Bearer " + tok
	case auth == "unknown":
		return "Bearer tok_unknown"
	case strings.HasPrefix(auth, "header:"):
		return strings.TrimPrefix(auth, "header:")
	}
	panic("unknown auth " + auth)
}

// TestOperations reaches every documented (operation, status, goa name) and
// then checks, by walking the spec, that none was forgotten.
func TestOperations(t *testing.T) {
	cov := newCoverage()
	for _, tc := range apiCases() {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, string(DefaultFixtures), cov)
			h := map[string]string{"Content-Type": "application/json"}
			if tc.ct != "" {
				h["Content-Type"] = tc.ct
			}
			if a := bearerFor(e, tc.auth); a != "" {
				h["Authorization"] = a
			}
			if tc.setup != nil {
				tc.setup(e)
			}
			r := e.do(http.MethodPost, paths[tc.op], h, tc.body)
			if r.status != tc.status {
				t.Fatalf("status = %d, want %d: %s", r.status, tc.status, r.body)
			}
			// goa sets goa-error only on the errors the design declares.
			want := ""
			if isDeclared(tc.name_) {
				want = tc.name_
			}
			if got := r.header.Get("goa-error"); got != want {
				t.Errorf("goa-error = %q, want %q", got, want)
			}
			if tc.name_ != "" {
				m := r.json(t)
				if m["name"] != tc.name_ || m["message"] == "" || m["id"] == "" {
					t.Errorf("body = %s", r.body)
				}
				if ct := r.header.Get("Content-Type"); ct != "application/json" {
					t.Errorf("Content-Type = %q", ct)
				}
			}
			if tc.check != nil {
				tc.check(t, e, r)
			}
		})
	}

	p, err := New()
	if err != nil {
		t.Fatal(err)
	}
	var missing []string
	for _, o := range p.Spec.Operations() {
		for _, status := range o.Statuses {
			want := p.ErrorCodes(o.ID, status)
			if len(want) == 0 {
				want = []string{""}
			}
			for _, name := range want {
				if k := coverKey(o.ID, status, name); !cov.seen[k] {
					missing = append(missing, k)
				}
			}
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Errorf("documented responses no case reached:\n  %s", strings.Join(missing, "\n  "))
	}
}
