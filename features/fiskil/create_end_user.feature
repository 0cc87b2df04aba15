@fiskil
Feature: Fiskil end users are created before they consent (POST /v1/end-users)

  Creating an end user needs a bearer token with the scope api:user.write. No field
  is required (generated reference); phone is E.164, abn free text (the docs' own
  example is "51 824 753 556"); a given e-mail address is unique. Errors are goa's
  body {name, id, message}; goa-error only on errors the design declares.

  Background:
    Given I use the Fiskil API
    And a Fiskil access token

  @op:createEndUser @status:200
  Scenario: an end user with every field is created and gets an id
    # source: reference/fiskil/README.md §2 ; reference/fiskil/README.md §5 ; reference/fiskil/README.md §7
    Given an unused Fiskil end-user e-mail address as "new_email"
    When I send a POST request to "/v1/end-users" with body:
      """
      {"email": "{{new_email}}", "name": "Jane Citizen", "phone": "+61412345678", "abn": "51824753556"}
      """
    Then the response status should be 200
    And the JSON at "end_user_id" should match "^\S+$"

  @op:createEndUser @status:200
  Scenario: the reference's own example end user is created, its abn with spaces
    # source: reference/fiskil/README.md §2 ; reference/fiskil/README.md §5 ; reference/fiskil/README.md §7
    Given an unused Fiskil end-user e-mail address as "new_email"
    When I send a POST request to "/v1/end-users" with body:
      """
      {"abn": "51 824 753 556", "email": "{{new_email}}", "name": "John Starmer", "phone": "+614123456789"}
      """
    Then the response status should be 200
    And the JSON at "end_user_id" should match "^\S+$"

  @op:createEndUser @status:200
  Scenario Outline: an end user needs no field at all (<case>)
    # source: reference/fiskil/README.md §2 ; reference/fiskil/README.md §5 ; reference/fiskil/README.md §7
    When I send a POST request to "/v1/end-users" with body:
      """
      <body>
      """
    Then the response status should be 200
    And the JSON at "end_user_id" should match "^\S+$"

    Examples:
      | case         | body                                             |
      | empty object | {}                                               |
      | no e-mail    | {"name": "Jane Citizen", "phone": "+61412345678"} |

  @op:createEndUser @status:200
  Scenario: an end user needs nothing but an e-mail address
    # source: reference/fiskil/README.md §2 ; reference/fiskil/README.md §5 ; reference/fiskil/README.md §7
    Given an unused Fiskil end-user e-mail address as "new_email"
    When I send a POST request to "/v1/end-users" with body:
      """
      {"email": "{{new_email}}"}
      """
    Then the response status should be 200
    And the JSON at "end_user_id" should match "^\S+$"

  @op:createEndUser @status:200
  Scenario: a new end user can start an auth session at once
    # source: reference/fiskil/README.md §2 ; reference/fiskil/README.md §5 ; reference/fiskil/README.md §7
    Given an unused Fiskil end-user e-mail address as "new_email"
    And I send a POST request to "/v1/end-users" with body:
      """
      {"email": "{{new_email}}", "name": "Jane Citizen"}
      """
    And I remember the JSON at "end_user_id" as "new_end_user_id"
    When I send a POST request to "/v1/auth/session" with body:
      """
      {"end_user_id": "{{new_end_user_id}}", "redirect_uri": "https://acme.example/success", "cancel_uri": "https://acme.example/cancel"}
      """
    Then the response status should be 200
    And the JSON at "auth_url" should match "^https?://"

  @op:createEndUser @status:400 @code:end_user_already_exists
  Scenario: the e-mail address of an existing end user is refused as goa's declared error end_user_already_exists
    # source: reference/fiskil/README.md §2 ; reference/fiskil/README.md §5 ; reference/fiskil/README.md §7
    Given a Fiskil end user
    When I send a POST request to "/v1/end-users" with body:
      """
      {"email": "{{end_user_email}}", "name": "Someone Else"}
      """
    Then Fiskil answers 400 with the error "end_user_already_exists"

  @op:createEndUser @status:400 @code:end_user_already_exists
  Scenario: creating the same end user twice is refused the second time as goa's declared error end_user_already_exists
    # source: reference/fiskil/README.md §2 ; reference/fiskil/README.md §5 ; reference/fiskil/README.md §7
    Given an unused Fiskil end-user e-mail address as "new_email"
    And I send a POST request to "/v1/end-users" with body:
      """
      {"email": "{{new_email}}"}
      """
    And the response status should be 200
    When I send a POST request to "/v1/end-users" with body:
      """
      {"email": "{{new_email}}"}
      """
    Then Fiskil answers 400 with the error "end_user_already_exists"

  @op:createEndUser @status:400 @code:decode_payload
  Scenario Outline: an end user whose <field> is not a string is refused as goa's decode_payload
    # source: reference/fiskil/README.md §2 ; reference/fiskil/README.md §5 ; reference/fiskil/README.md §7
    Given an unused Fiskil end-user e-mail address as "new_email"
    When I send a POST request to "/v1/end-users" with body:
      """
      <body>
      """
    Then Fiskil answers 400 with the error "decode_payload"

    Examples:
      | field | body                                               |
      | email | {"email": 5}                                       |
      | name  | {"email": "{{new_email}}", "name": 5}              |
      | phone | {"email": "{{new_email}}", "phone": 61412345678}   |
      | abn   | {"email": "{{new_email}}", "abn": 51824753556}     |

  @op:createEndUser @status:400 @code:invalid_pattern
  Scenario Outline: a phone number that is not E.164 is refused as goa's invalid_pattern, or accepted (<value>)
    # source: reference/fiskil/README.md §2 ; reference/fiskil/README.md §5 ; reference/fiskil/README.md §7
    Given an unused Fiskil end-user e-mail address as "new_email"
    When I send a POST request to "/v1/end-users" with body:
      """
      {"email": "{{new_email}}", "phone": "<phone>"}
      """
    Then Fiskil refuses the request with 400 "invalid_pattern", or accepts it

    Examples:
      | value     | phone      |
      | national  | 0412345678 |
      | too short | +6141      |

  @op:createEndUser @status:400 @code:invalid_format
  Scenario: an e-mail address without @ is refused as goa's invalid_format, or accepted
    # source: reference/fiskil/README.md §2 ; reference/fiskil/README.md §5 ; reference/fiskil/README.md §7
    When I send a POST request to "/v1/end-users" with body:
      """
      {"email": "jane.example.com"}
      """
    Then Fiskil refuses the request with 400 "invalid_format", or accepts it

  @op:createEndUser @status:400 @code:decode_payload
  Scenario Outline: an end-user request whose body is <what> is refused as goa's decode_payload
    # source: reference/fiskil/README.md §2 ; reference/fiskil/README.md §5 ; reference/fiskil/README.md §7
    When I send a POST request to "/v1/end-users" with body:
      """
      <body>
      """
    Then Fiskil answers 400 with the error "decode_payload"

    Examples:
      | what         | body                   |
      | not JSON     | email=jane@example.com |
      | a JSON array | []                     |

  @op:createEndUser @status:400 @code:missing_payload
  Scenario: an end-user request without a body is refused as goa's missing_payload
    # source: reference/fiskil/README.md §2 ; reference/fiskil/README.md §5 ; reference/fiskil/README.md §7
    When I send a POST request to "/v1/end-users"
    Then Fiskil answers 400 with the error "missing_payload"

  @op:createEndUser @status:415 @code:unsupported_media_type
  Scenario: an end-user request sent as a form is refused as goa's unsupported_media_type
    # source: reference/fiskil/README.md §2 ; reference/fiskil/README.md §5 ; reference/fiskil/README.md §7
    When I send a POST request to "/v1/end-users" with body:
      """application/x-www-form-urlencoded
      email=jane@example.com
      """
    Then Fiskil answers 415 with the error "unsupported_media_type"

  @op:createEndUser @status:401 @code:unauthorized
  Scenario Outline: an end-user request with <credential> is refused as goa's declared error unauthorized
    # source: reference/fiskil/README.md §2 ; reference/fiskil/README.md §5 ; reference/fiskil/README.md §7
    Given an unused Fiskil end-user e-mail address as "new_email"
    And <setup>
    When I send a POST request to "/v1/end-users" with body:
      """
      {"email": "{{new_email}}"}
      """
    Then Fiskil answers 401 with the error "unauthorized"

    Examples:
      | credential                 | setup                                                             |
      | no Authorization header    | the request omits the header "Authorization"                      |
      | an unknown token           | I authenticate with "tok_conform_not_a_token"                     |
      | a token not sent as Bearer | the request header "Authorization" is "Token {{access_token}}"    |

  @op:createEndUser @status:403 @code:forbidden
  Scenario: a token lacking the scope api:user.write cannot create end users
    # source: reference/fiskil/README.md §2 ; reference/fiskil/README.md §5 ; reference/fiskil/README.md §7
    Given a Fiskil access token lacking the scope api:user.write
    And an unused Fiskil end-user e-mail address as "new_email"
    When I send a POST request to "/v1/end-users" with body:
      """
      {"email": "{{new_email}}"}
      """
    Then the response status should be 403, or another error status the operation documents

  @op:createEndUser @status:200
  Scenario: a token is still accepted 14 minutes 59 seconds after it was issued
    # source: reference/fiskil/README.md §2 ; reference/fiskil/README.md §5 ; reference/fiskil/README.md §7
    Given the sandbox clock advances by "tokenLifetime - 1s"
    And an unused Fiskil end-user e-mail address as "new_email"
    When I send a POST request to "/v1/end-users" with body:
      """
      {"email": "{{new_email}}"}
      """
    Then the response status should be 200
    And the JSON at "end_user_id" should match "^\S+$"

  @op:createEndUser @status:401 @code:unauthorized
  Scenario: a token is refused as goa's declared error unauthorized 15 minutes 1 second after it was issued
    # source: reference/fiskil/README.md §2 ; reference/fiskil/README.md §5 ; reference/fiskil/README.md §7
    Given the sandbox clock advances by "tokenLifetime + 1s"
    And an unused Fiskil end-user e-mail address as "new_email"
    When I send a POST request to "/v1/end-users" with body:
      """
      {"email": "{{new_email}}"}
      """
    Then Fiskil answers 401 with the error "unauthorized"

  @op:createEndUser
  Scenario Outline: a server-side failure of end-user creation is goa's <name> error
    # source: reference/fiskil/README.md §2 ; reference/fiskil/README.md §5 ; reference/fiskil/README.md §7
    Given the next call to fiskil "createEndUser" fails with status <status>
    And an unused Fiskil end-user e-mail address as "new_email"
    When I send a POST request to "/v1/end-users" with body:
      """
      {"email": "{{new_email}}"}
      """
    Then Fiskil answers <status> with the error "<name>"
    And the JSON at "<flag>" should be true

    @status:500 @code:fault
    Examples: internal error
      | status | name           | flag      |
      | 500    | fault          | fault     |

    @status:503 @code:service_unavailable
    Examples: service unavailable
      | status | name                | flag      |
      | 503    | service_unavailable | temporary |
