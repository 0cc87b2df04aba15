@fiskil
Feature: Fiskil auth sessions start an end user's consent flow (POST /v1/auth/session)

  An auth session needs a bearer token with the scope api:user.write and an
  existing end user; redirect_uri and cancel_uri are optional (newer references).
  It is single use and expires 5 days after it was created. Its auth_url is
  <authServer>?sess_id=<session_id>, the URL the Link SDK opens. Opened as a page,
  the consent page sends the end user to redirect_uri on approval, or to
  cancel_uri?error=…&error_id=err_…&error_type=…&error_description=…&error_uri=…
  on failure; opened in the SDK's iframe it posts the outcome to its parent.
  Errors are goa's body {name, id, message}; goa-error only on declared errors.

  Background:
    Given I use the Fiskil API
    And a Fiskil access token
    And a Fiskil end user

  Rule: an auth session is created for an existing end user

    @op:addAuthSession @status:200
    Scenario: an auth session is created with a consent page URL, ids and an expiry
      # source: reference/fiskil/README.md §3 ; reference/fiskil/README.md §5 ; reference/fiskil/README.md §7
      When I send a POST request to "/v1/auth/session" with body:
        """
        {"end_user_id": "{{end_user_id}}", "redirect_uri": "https://acme.example/success", "cancel_uri": "https://acme.example/cancel"}
        """
      Then the response status should be 200
      And the JSON at "auth_url" should match "^https?://[^/\s]+"
      And the auth_url should be the consent page with the session_id as sess_id
      And the JSON at "id" should match "^\S+$"
      And the JSON at "session_id" should match "^\S+$"
      And the auth session should expire "authSessionExpiry" after its creation

    @op:addAuthSession @status:200
    Scenario: an auth session needs nothing but the end user
      # source: reference/fiskil/README.md §3 ; reference/fiskil/README.md §5 ; reference/fiskil/README.md §7
      When I send a POST request to "/v1/auth/session" with body:
        """
        {"end_user_id": "{{end_user_id}}"}
        """
      Then the response status should be 200
      And the JSON at "auth_url" should match "^https?://"
      And the auth session should expire "authSessionExpiry" after its creation

    @op:addAuthSession @status:200
    Scenario: an auth session may ask for permissions (hand-written reference)
      # source: reference/fiskil/README.md §3 ; reference/fiskil/README.md §5 ; reference/fiskil/README.md §7
      When I send a POST request to "/v1/auth/session" with body:
        """
        {"end_user_id": "{{end_user_id}}", "permissions": ["ACCOUNT_BASIC_ACCESS"]}
        """
      Then the response status should be 200
      And the auth_url should be the consent page with the session_id as sess_id

    @op:addAuthSession @status:200
    Scenario: an auth session may preselect one of the sandbox's institutions
      # source: reference/fiskil/README.md §3 ; reference/fiskil/README.md §5 ; reference/fiskil/README.md §7
      Given a Fiskil institution
      When I send a POST request to "/v1/auth/session" with body:
        """
        {"end_user_id": "{{end_user_id}}", "institution_id": "{{institution_id}}", "redirect_uri": "https://acme.example/success", "cancel_uri": "https://acme.example/cancel"}
        """
      Then the response status should be 200
      And the JSON at "auth_url" should match "^https?://"

    @op:addAuthSession @status:400 @code:missing_field
    Scenario Outline: an auth session without end_user_id is refused as goa's built-in missing_field (<case>)
      # source: reference/fiskil/README.md §3 ; reference/fiskil/README.md §5 ; reference/fiskil/README.md §7
      When I send a POST request to "/v1/auth/session" with body:
        """
        <body>
        """
      Then Fiskil answers 400 with the error "missing_field"

      Examples:
        | case             | body                                                                                      |
        | empty object     | {}                                                                                        |
        | other fields set | {"redirect_uri": "https://acme.example/success", "cancel_uri": "https://acme.example/cancel"} |

    @op:addAuthSession @status:400 @code:decode_payload
    Scenario Outline: an auth session whose <field> is not a string is refused as goa's decode_payload
      # source: reference/fiskil/README.md §3 ; reference/fiskil/README.md §5 ; reference/fiskil/README.md §7
      When I send a POST request to "/v1/auth/session" with body:
        """
        <body>
        """
      Then Fiskil answers 400 with the error "decode_payload"

      Examples:
        | field          | body                                                    |
        | end_user_id    | {"end_user_id": 42}                                     |
        | cancel_uri     | {"end_user_id": "{{end_user_id}}", "cancel_uri": 5}     |
        | redirect_uri   | {"end_user_id": "{{end_user_id}}", "redirect_uri": true} |
        | institution_id | {"end_user_id": "{{end_user_id}}", "institution_id": 10} |

    @op:addAuthSession @status:400 @code:invalid_institution_id
    Scenario: an institution the sandbox does not have is refused as goa's declared error invalid_institution_id
      # source: reference/fiskil/README.md §3 ; reference/fiskil/README.md §5 ; reference/fiskil/README.md §7
      When I send a POST request to "/v1/auth/session" with body:
        """
        {"end_user_id": "{{end_user_id}}", "institution_id": "conform-no-such-institution"}
        """
      Then Fiskil answers 400 with the error "invalid_institution_id"

    @op:addAuthSession @status:400 @code:invalid_end_user_id
    Scenario: an auth session for an end user who does not exist is refused
      # source: reference/fiskil/README.md §3 ; reference/fiskil/README.md §5 ; reference/fiskil/README.md §7
      When I send a POST request to "/v1/auth/session" with body:
        """
        {"end_user_id": "eu_conform_no_such_end_user"}
        """
      Then the response status should be 400, or another error status the operation documents

    @op:addAuthSession @status:400 @code:invalid_format
    Scenario Outline: an auth session whose <field> is not an absolute URI is refused as goa's invalid_format, or accepted
      # source: reference/fiskil/README.md §3 ; reference/fiskil/README.md §5 ; reference/fiskil/README.md §7
      When I send a POST request to "/v1/auth/session" with body:
        """
        {"end_user_id": "{{end_user_id}}", "<field>": "<value>"}
        """
      Then Fiskil refuses the request with 400 "invalid_format", or accepts it

      Examples:
        | field        | value    |
        | redirect_uri | /success |
        | cancel_uri   | cancel   |

    @op:addAuthSession @status:400 @code:decode_payload
    Scenario Outline: an auth-session request whose body is <what> is refused as goa's decode_payload
      # source: reference/fiskil/README.md §3 ; reference/fiskil/README.md §5 ; reference/fiskil/README.md §7
      When I send a POST request to "/v1/auth/session" with body:
        """
        <body>
        """
      Then Fiskil answers 400 with the error "decode_payload"

      Examples:
        | what         | body             |
        | not JSON     | end_user_id=eu_1 |
        | a JSON array | []               |

    @op:addAuthSession @status:400 @code:missing_payload
    Scenario: an auth-session request without a body is refused as goa's missing_payload
      # source: reference/fiskil/README.md §3 ; reference/fiskil/README.md §5 ; reference/fiskil/README.md §7
      When I send a POST request to "/v1/auth/session"
      Then Fiskil answers 400 with the error "missing_payload"

    @op:addAuthSession @status:415 @code:unsupported_media_type
    Scenario: an auth-session request sent as a form is refused as goa's unsupported_media_type
      # source: reference/fiskil/README.md §3 ; reference/fiskil/README.md §5 ; reference/fiskil/README.md §7
      When I send a POST request to "/v1/auth/session" with body:
        """application/x-www-form-urlencoded
        end_user_id={{end_user_id}}
        """
      Then Fiskil answers 415 with the error "unsupported_media_type"

    @op:addAuthSession @status:401 @code:unauthorized
    Scenario Outline: an auth-session request with <credential> is refused as goa's declared error unauthorized
      # source: reference/fiskil/README.md §3 ; reference/fiskil/README.md §5 ; reference/fiskil/README.md §7
      Given <setup>
      When I send a POST request to "/v1/auth/session" with body:
        """
        {"end_user_id": "{{end_user_id}}"}
        """
      Then Fiskil answers 401 with the error "unauthorized"

      Examples:
        | credential                 | setup                                                          |
        | no Authorization header    | the request omits the header "Authorization"                   |
        | an unknown token           | I authenticate with "tok_conform_not_a_token"                  |
        | a token not sent as Bearer | the request header "Authorization" is "Token {{access_token}}" |

    @op:addAuthSession @status:403 @code:forbidden
    Scenario: a token lacking the scope api:user.write is forbidden to create auth sessions
      # source: reference/fiskil/README.md §3 ; reference/fiskil/README.md §5 ; reference/fiskil/README.md §7
      Given a Fiskil access token lacking the scope api:user.write
      When I send a POST request to "/v1/auth/session" with body:
        """
        {"end_user_id": "{{end_user_id}}"}
        """
      Then the response status should be 403, or another error status the operation documents

    @op:addAuthSession @status:200
    Scenario: a token is still accepted 14 minutes 59 seconds after it was issued
      # source: reference/fiskil/README.md §3 ; reference/fiskil/README.md §5 ; reference/fiskil/README.md §7
      Given the sandbox clock advances by "tokenLifetime - 1s"
      When I send a POST request to "/v1/auth/session" with body:
        """
        {"end_user_id": "{{end_user_id}}"}
        """
      Then the response status should be 200
      And the JSON at "auth_url" should match "^https?://"

    @op:addAuthSession @status:401 @code:unauthorized
    Scenario: a token is refused as goa's declared error unauthorized 15 minutes 1 second after it was issued
      # source: reference/fiskil/README.md §3 ; reference/fiskil/README.md §5 ; reference/fiskil/README.md §7
      Given the sandbox clock advances by "tokenLifetime + 1s"
      When I send a POST request to "/v1/auth/session" with body:
        """
        {"end_user_id": "{{end_user_id}}"}
        """
      Then Fiskil answers 401 with the error "unauthorized"

    @op:addAuthSession
    Scenario Outline: a server-side failure of auth-session creation is goa's <name> error
      # source: reference/fiskil/README.md §3 ; reference/fiskil/README.md §5 ; reference/fiskil/README.md §7
      Given the next call to fiskil "addAuthSession" fails with status <status>
      When I send a POST request to "/v1/auth/session" with body:
        """
        {"end_user_id": "{{end_user_id}}"}
        """
      Then Fiskil answers <status> with the error "<name>"
      And the JSON at "<flag>" should be true

      @status:500 @code:fault
      Examples: internal error
        | status | name                | flag      |
        | 500    | fault               | fault     |

      @status:503 @code:service_unavailable
      Examples: service unavailable
        | status | name                | flag      |
        | 503    | service_unavailable | temporary |
