// Package fiskil is the step vocabulary of Fiskil. Fixture steps create what
// they need in the scenario's sandbox through the control API, or, against a
// deployment without it, take a pre-provisioned fixture from the config file
// (providers.fiskil.fixtures.<kind>); the scenario is not applicable when
// there is none.
//
// Tokens:
//
//	Given the Fiskil client credentials
//	    the scenario's client, as {{fiskil_client_id}} and
//	    {{fiskil_client_secret}} (the sandbox's, or the config's credentials
//	    clientId and clientSecret); not applicable without them.
//	Given a Fiskil access token
//	    exchanges the scenario's client credentials at POST /v1/token and sends
//	    the token as "Authorization: Bearer" on every later Fiskil request
//	    ({{access_token}}).
//	Given a Fiskil client lacking the scope api:user.write
//	    fixture kind "readonly_client" {id, secret}: {{readonly_client_id}},
//	    {{readonly_client_secret}}.
//	Given a Fiskil access token lacking the scope api:user.write
//	    the two steps above together: the bearer token is that client's.
//
// End users, institutions, auth sessions:
//
//	Given a Fiskil end user
//	    fixture kind "end_user" {id, email}: {{end_user_id}}, {{end_user_email}}.
//	Given an unused Fiskil end-user e-mail address as "name"
//	    an address unique to the scenario, in {{name}}.
//	Given a Fiskil institution
//	    fixture kind "institution" {id}: {{institution_id}}.
//	Given a Fiskil auth session for the end user that returns to "URI" or cancels to "URI"
//	    POST /v1/auth/session for {{end_user_id}}: {{auth_url}},
//	    {{auth_session_id}} (id), {{session_id}}.
//
// Consent page (outside the spec: the page {{auth_url}} leads to,
// <authServer>?sess_id=<session_id>), driven in a browser by the page's
// description (config providers.fiskil.consentPage, or conform's own page
// against the simulator: builtinPage) as its end user would: the code typed
// where the page asks for it, the decision's control pressed. Where it sends
// the end user is the first navigation out of the provider's origins, which
// the browser stops; in the Link SDK's iframe, what a parent page listening
// as the SDK does settles on. Not applicable without a browser, without a
// description, or for an auth_url at an undeclared origin:
//
//	When the end user opens the consent page
//	When the end user opens the consent page of an auth session that does not exist
//	When the end user approves consent
//	When the end user denies consent
//	When the end user fails the one-time password check
//	When the end user is not eligible
//	When the end user cancels the auth session
//	When the end user meets a failure at the institution
//	When the end user approves consent in the Link SDK's iframe   (any decision above)
//	Then the consent page should be shown
//	Then the consent page should answer 404 with error_type "AUTH_SESSION_INVALID"
//	Then the end user is sent to "https://acme.example/success"
//	    no error; a WARN without consent_id ([decided]).
//	Then the end user is sent to "https://acme.example/cancel" with error_type "CONSENT_ENDUSER_DENIED"
//	    error (access_denied / server_error where documented), error_id err_…,
//	    error_type, error_description, error_uri; any order.
//	Then the redirect's query parameter "consent_id" should be "..."
//	Then the auth_url should be the consent page with the session_id as sess_id
//	Then the page posts to its parent a completed consent
//	Then the page posts to its parent a failure with error_type "CONSENT_OTP_FAILURE"
//
// Assertions on API responses:
//
//	Then Fiskil answers 400 with the error "missing_field"
//	    status and goa body name; a goa-error header naming another error
//	    FAILS, a missing one on a declared error (or one on a built-in) WARNS.
//	Then Fiskil refuses the request with 400 "invalid_pattern", or accepts it
//	    for validations the references imply but do not document: conform's
//	    refusal passes; acceptance or another refusal WARNS.
//	Then the auth session should expire "authSessionExpiry" after its creation
//	    expires_at of the last response against the sandbox's clock (or
//	    this machine's, within 5 minutes, without the control API).
package fiskil
