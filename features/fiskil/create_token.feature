@fiskil
Feature: Fiskil client credentials are exchanged for a bearer token (POST /v1/token)

  A client exchanges its id and secret for a bearer token, valid for 15 minutes
  (newest guide: token, token_type "Bearer", expires_in 900; the Platform API omits
  token_type). Errors are goa's body {name, id, message}; goa sets the goa-error
  header only on the errors the design declares (unauthorized), never on its
  built-in decoding and validation errors.

  Background:
    Given I use the Fiskil API
    And the Fiskil client credentials

  @op:createToken @status:200
  Scenario: valid client credentials get a bearer token valid for 900 seconds
    # source: reference/fiskil/README.md §1 ; reference/fiskil/README.md §5 ; reference/fiskil/README.md §7
    When I send a POST request to "/v1/token" with body:
      """
      {"client_id": "{{fiskil_client_id}}", "client_secret": "{{fiskil_client_secret}}"}
      """
    Then the response status should be 200
    And the JSON at "token" should match "^\S+$"
    And the JSON at "expires_in" should be the seconds of "tokenLifetime"

  @op:createToken @status:200
  Scenario: the token request may say charset=UTF-8, as the API reference's example does
    # source: reference/fiskil/README.md §1 ; reference/fiskil/README.md §5 ; reference/fiskil/README.md §7
    When I send a POST request to "/v1/token" with body:
      """application/json; charset=UTF-8
      {"client_id": "{{fiskil_client_id}}", "client_secret": "{{fiskil_client_secret}}"}
      """
    Then the response status should be 200
    And the JSON at "token" should match "^\S+$"

  @op:createToken @status:400 @code:missing_field
  Scenario Outline: a token request without <missing> is refused as goa's built-in missing_field
    # source: reference/fiskil/README.md §1 ; reference/fiskil/README.md §5 ; reference/fiskil/README.md §7
    When I send a POST request to "/v1/token" with body:
      """
      <body>
      """
    Then Fiskil answers 400 with the error "missing_field"

    Examples:
      | missing                    | body                                                |
      | client_secret              | {"client_id": "{{fiskil_client_id}}"}               |
      | client_id                  | {"client_secret": "{{fiskil_client_secret}}"}       |
      | client_id or client_secret | {}                                                  |

  @op:createToken @status:400 @code:decode_payload
  Scenario Outline: a token request whose body does not decode (<what>) is refused as goa's decode_payload
    # source: reference/fiskil/README.md §1 ; reference/fiskil/README.md §5 ; reference/fiskil/README.md §7
    When I send a POST request to "/v1/token" with body:
      """
      <body>
      """
    Then Fiskil answers 400 with the error "decode_payload"

    Examples:
      | what                       | body                                                                      |
      | client_secret not a string | {"client_id": "{{fiskil_client_id}}", "client_secret": 5}                 |
      | client_id an array         | {"client_id": ["x"], "client_secret": "{{fiskil_client_secret}}"}         |
      | not JSON                   | client_id=x&secret=y                                                      |
      | a JSON array               | []                                                                        |
      | a JSON string              | "credentials"                                                             |

  @op:createToken @status:400 @code:missing_payload
  Scenario: a token request without a body is refused as goa's missing_payload
    # source: reference/fiskil/README.md §1 ; reference/fiskil/README.md §5 ; reference/fiskil/README.md §7
    When I send a POST request to "/v1/token"
    Then Fiskil answers 400 with the error "missing_payload"

  @op:createToken @status:400
  Scenario: a token request sent as text/plain is refused
    # source: reference/fiskil/README.md §1 ; reference/fiskil/README.md §5 ; reference/fiskil/README.md §7
    When I send a POST request to "/v1/token" with body:
      """text/plain
      {"client_id": "{{fiskil_client_id}}", "client_secret": "{{fiskil_client_secret}}"}
      """
    Then the response status should be 400, or another error status the operation documents

  @op:createToken @status:415 @code:unsupported_media_type
  Scenario: a token request sent as a form is refused as goa's unsupported_media_type
    # source: reference/fiskil/README.md §1 ; reference/fiskil/README.md §5 ; reference/fiskil/README.md §7
    When I send a POST request to "/v1/token" with body:
      """application/x-www-form-urlencoded
      client_id={{fiskil_client_id}}&client_secret={{fiskil_client_secret}}
      """
    Then Fiskil answers 415 with the error "unsupported_media_type"

  @op:createToken @status:401 @code:unauthorized
  Scenario: a wrong client secret is refused as goa's declared error unauthorized
    # source: reference/fiskil/README.md §1 ; reference/fiskil/README.md §5 ; reference/fiskil/README.md §7
    When I send a POST request to "/v1/token" with body:
      """
      {"client_id": "{{fiskil_client_id}}", "client_secret": "not-the-secret"}
      """
    Then Fiskil answers 401 with the error "unauthorized"
    And the JSON at "token" should not exist

  @op:createToken @status:401 @code:unauthorized
  Scenario: an unknown client id is refused as goa's declared error unauthorized
    # source: reference/fiskil/README.md §1 ; reference/fiskil/README.md §5 ; reference/fiskil/README.md §7
    When I send a POST request to "/v1/token" with body:
      """
      {"client_id": "cli_conform_no_such_client", "client_secret": "{{fiskil_client_secret}}"}
      """
    Then Fiskil answers 401 with the error "unauthorized"

  @op:createToken
  Scenario Outline: a server-side failure of the token exchange is goa's <name> error
    # source: reference/fiskil/README.md §1 ; reference/fiskil/README.md §5 ; reference/fiskil/README.md §7
    Given the next call to fiskil "createToken" fails with status <status>
    When I send a POST request to "/v1/token" with body:
      """
      {"client_id": "{{fiskil_client_id}}", "client_secret": "{{fiskil_client_secret}}"}
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
