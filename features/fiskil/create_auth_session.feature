@fiskil
Feature: Fiskil auth sessions start an end user's consent flow (POST /v1/auth/session)

  An auth session needs a bearer token with the scope api:user.write and an
  existing end user. It is single use and expires 5 days after it was created.
  Its auth_url leads to the consent page: on approval the end user is sent to
  redirect_uri; on denial or failure to
  cancel_uri?error=access_denied&error_type=...&error_description=...
  Every API error is goa's error body, and the goa-error header names the same error.

  Background:
    Given I use the Fiskil API
    And a Fiskil access token
    And a Fiskil end user

  Rule: an auth session is created for an existing end user

    @op:createAuthSession @status:200
    Scenario: an auth session is created with a consent page URL, ids and an expiry
      When I send a POST request to "/v1/auth/session" with body:
        """
        {"end_user_id": "{{end_user_id}}", "redirect_uri": "https://acme.example/success", "cancel_uri": "https://acme.example/cancel"}
        """
      Then the response status should be 200
      And the JSON at "auth_url" should match "^https?://[^/\s]+/\S*$"
      And the JSON at "id" should match "^\S+$"
      And the JSON at "session_id" should match "^\S+$"
      And the auth session should expire 5 days after its creation

    @op:createAuthSession @status:200
    Scenario: an auth session needs nothing but the end user
      When I send a POST request to "/v1/auth/session" with body:
        """
        {"end_user_id": "{{end_user_id}}"}
        """
      Then the response status should be 200
      And the JSON at "auth_url" should match "^https?://"
      And the auth session should expire 5 days after its creation

    @op:createAuthSession @status:200
    Scenario: an auth session may preselect one of the sandbox's institutions
      Given a Fiskil institution
      When I send a POST request to "/v1/auth/session" with body:
        """
        {"end_user_id": "{{end_user_id}}", "institution_id": "{{institution_id}}", "redirect_uri": "https://acme.example/success", "cancel_uri": "https://acme.example/cancel"}
        """
      Then the response status should be 200
      And the JSON at "auth_url" should match "^https?://"

    @op:createAuthSession @status:400 @code:missing_field
    Scenario Outline: an auth session without end_user_id is refused as missing_field (<case>)
      When I send a POST request to "/v1/auth/session" with body:
        """
        <body>
        """
      Then Fiskil answers 400 with the error "missing_field"

      Examples:
        | case             | body                                                                                      |
        | empty object     | {}                                                                                        |
        | other fields set | {"redirect_uri": "https://acme.example/success", "cancel_uri": "https://acme.example/cancel"} |

    @op:createAuthSession @status:400 @code:invalid_field_type
    Scenario Outline: an auth session whose <field> is not a string is refused as invalid_field_type
      When I send a POST request to "/v1/auth/session" with body:
        """
        <body>
        """
      Then Fiskil answers 400 with the error "invalid_field_type"

      Examples:
        | field          | body                                                    |
        | end_user_id    | {"end_user_id": 42}                                     |
        | cancel_uri     | {"end_user_id": "{{end_user_id}}", "cancel_uri": 5}     |
        | redirect_uri   | {"end_user_id": "{{end_user_id}}", "redirect_uri": true} |
        | institution_id | {"end_user_id": "{{end_user_id}}", "institution_id": 10} |

    @op:createAuthSession @status:400 @code:invalid_institution_id
    Scenario: an institution the sandbox does not have is refused as invalid_institution_id
      When I send a POST request to "/v1/auth/session" with body:
        """
        {"end_user_id": "{{end_user_id}}", "institution_id": "conform-no-such-institution"}
        """
      Then Fiskil answers 400 with the error "invalid_institution_id"

    @op:createAuthSession @status:400 @code:bad_request
    Scenario: an auth session for an end user who does not exist is refused as bad_request
      When I send a POST request to "/v1/auth/session" with body:
        """
        {"end_user_id": "eu_conform_no_such_end_user"}
        """
      Then Fiskil answers 400 with the error "bad_request"

    @op:createAuthSession @status:400 @code:bad_request
    Scenario Outline: an auth session whose <field> is not an absolute URI is refused as bad_request
      When I send a POST request to "/v1/auth/session" with body:
        """
        {"end_user_id": "{{end_user_id}}", "<field>": "<value>"}
        """
      Then Fiskil answers 400 with the error "bad_request"

      Examples:
        | field        | value    |
        | redirect_uri | /success |
        | cancel_uri   | cancel   |

    @op:createAuthSession @status:400 @code:bad_request
    Scenario Outline: an auth-session request whose body is <what> is refused as bad_request
      When I send a POST request to "/v1/auth/session" with body:
        """
        <body>
        """
      Then Fiskil answers 400 with the error "bad_request"

      Examples:
        | what         | body             |
        | not JSON     | end_user_id=eu_1 |
        | a JSON array | []               |

    @op:createAuthSession @status:401 @code:unauthorized
    Scenario Outline: an auth-session request with <credential> is refused as unauthorized
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

    @op:createAuthSession @status:403 @code:forbidden
    Scenario: a token lacking the scope api:user.write is forbidden to create auth sessions
      Given a Fiskil access token lacking the scope api:user.write
      When I send a POST request to "/v1/auth/session" with body:
        """
        {"end_user_id": "{{end_user_id}}"}
        """
      Then Fiskil answers 403 with the error "forbidden"

    @op:createAuthSession @status:200 @needs-control
    Scenario: a token is still accepted 14 minutes 59 seconds after it was issued
      Given the sandbox clock advances by "14m59s"
      When I send a POST request to "/v1/auth/session" with body:
        """
        {"end_user_id": "{{end_user_id}}"}
        """
      Then the response status should be 200
      And the JSON at "auth_url" should match "^https?://"

    @op:createAuthSession @status:401 @code:unauthorized @needs-control
    Scenario: a token is refused as unauthorized 15 minutes 1 second after it was issued
      Given the sandbox clock advances by "15m1s"
      When I send a POST request to "/v1/auth/session" with body:
        """
        {"end_user_id": "{{end_user_id}}"}
        """
      Then Fiskil answers 401 with the error "unauthorized"

    @op:createAuthSession @needs-control
    Scenario Outline: a server-side failure of auth-session creation is goa's <name> error
      Given the next call to fiskil "createAuthSession" fails with status <status>
      When I send a POST request to "/v1/auth/session" with body:
        """
        {"end_user_id": "{{end_user_id}}"}
        """
      Then Fiskil answers <status> with the error "<name>"
      And the JSON at "<flag>" should be true

      @status:500 @code:internal_error
      Examples: internal error
        | status | name           | flag      |
        | 500    | internal_error | fault     |

      @status:503 @code:service_unavailable
      Examples: service unavailable
        | status | name                | flag      |
        | 503    | service_unavailable | temporary |

  @consent
  Rule: the auth session's auth_url leads to a single-use consent page

    Background:
      Given a Fiskil auth session for the end user that returns to "https://acme.example/success" or cancels to "https://acme.example/cancel"

    @op:createAuthSession @status:200
    Scenario: the consent page is shown to the end user
      When the end user opens the consent page
      Then the consent page should be shown

    @op:createAuthSession @status:200
    Scenario: an end user who approves is sent to redirect_uri
      When the end user approves consent
      Then the end user is sent to "https://acme.example/success"

    @op:createAuthSession @status:200 @code:CONSENT_ENDUSER_DENIED
    Scenario: an end user who denies is sent to cancel_uri with error_type CONSENT_ENDUSER_DENIED
      When the end user denies consent
      Then the end user is sent to "https://acme.example/cancel" with error_type "CONSENT_ENDUSER_DENIED"

    @op:createAuthSession @status:200 @code:CONSENT_OTP_FAILURE
    Scenario: an end user who fails the one-time password check is sent to cancel_uri with error_type CONSENT_OTP_FAILURE
      When the end user fails the one-time password check
      Then the end user is sent to "https://acme.example/cancel" with error_type "CONSENT_OTP_FAILURE"

    @op:createAuthSession @status:200 @code:AUTH_SESSION_TERMINAL
    Scenario Outline: a session is single use: after the end user <decision>, the consent page refuses it with AUTH_SESSION_TERMINAL
      Given the end user <decision>
      When the end user opens the consent page
      Then the end user is sent to "https://acme.example/cancel" with error_type "AUTH_SESSION_TERMINAL"

      Examples:
        | decision                          |
        | approves consent                  |
        | denies consent                    |
        | fails the one-time password check |

    @op:createAuthSession @status:200 @code:AUTH_SESSION_TERMINAL
    Scenario: a used session cannot be approved a second time
      Given the end user denies consent
      When the end user approves consent
      Then the end user is sent to "https://acme.example/cancel" with error_type "AUTH_SESSION_TERMINAL"

    @op:createAuthSession @status:200 @code:AUTH_SESSION_NOT_FOUND
    Scenario: the consent page of an unknown auth session reports AUTH_SESSION_NOT_FOUND
      When the end user opens the consent page of an auth session that does not exist
      Then the consent page should answer 404 with error_type "AUTH_SESSION_NOT_FOUND"

    @op:createAuthSession @status:200 @needs-control
    Scenario: the consent page is still shown just before the session's 5 days are up
      Given the sandbox clock advances by "119h59m"
      When the end user opens the consent page
      Then the consent page should be shown

    @op:createAuthSession @status:200 @code:CONSENT_TIMEOUT @needs-control
    Scenario: a session opened after its 5 days are up sends the end user to cancel_uri with error_type CONSENT_TIMEOUT
      Given the sandbox clock advances by "120h1s"
      When the end user opens the consent page
      Then the end user is sent to "https://acme.example/cancel" with error_type "CONSENT_TIMEOUT"

    @op:createAuthSession @status:200 @code:CONSENT_TIMEOUT @needs-control
    Scenario: an expired session cannot be approved
      Given the sandbox clock advances by "120h1s"
      When the end user approves consent
      Then the end user is sent to "https://acme.example/cancel" with error_type "CONSENT_TIMEOUT"

    @op:createAuthSession @status:200 @code:AUTH_SESSION_TERMINAL @needs-control
    Scenario: once expired, a session stays refused as AUTH_SESSION_TERMINAL
      Given the sandbox clock advances by "120h1s"
      And the end user opens the consent page
      When the end user opens the consent page
      Then the end user is sent to "https://acme.example/cancel" with error_type "AUTH_SESSION_TERMINAL"
