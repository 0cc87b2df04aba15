package fiskil

import _ "embed"

// DefaultFixtures is the fiskil section of `conform serve`'s default sandbox:
//   - client "fiskil-demo-client" / secret "fiskil-demo-secret", scope
//     api:user.write: gets tokens that create end users and auth sessions;
//   - client "fiskil-readonly-client" / secret "fiskil-readonly-secret", scope
//     api:user.read only: its tokens get 401 on POST /v1/end-users and 403 on
//     POST /v1/auth/session;
//   - end user "eu_demo" (ada@example.com, Ada Lovelace);
//   - institutions "10" Demo Bank, "11" Sample Credit Union, "12" Example
//     Mutual.
//
// A walk-through, against `conform serve` on :8080:
//
//	TOKEN=$(curl -s localhost:8080/fiskil/v1/token -H 'Content-Type: application/json' \
//	  -d '{"client_id":"fiskil-demo-client","client_secret":"fiskil-demo-secret"}' | jq -r .token)
//	AUTH_URL=$(curl -s localhost:8080/fiskil/v1/auth/session -H "Authorization: Bearer $TOKEN" \
//	  -H 'Content-Type: application/json' \
//	  -d '{"end_user_id":"eu_demo","institution_id":"10","redirect_uri":"https://example.com/ok","cancel_uri":"https://example.com/cancel"}' \
//	  | jq -r .auth_url)
//	# open $AUTH_URL in a browser, or approve without one:
//	curl -si -X POST "$AUTH_URL" -d decision=approve   # 302 to https://example.com/ok?session_id=...
//
//go:embed default_fixtures.json
var DefaultFixtures []byte
