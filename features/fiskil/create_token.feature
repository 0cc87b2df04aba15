@fiskil
Feature: Fiskil client credentials are exchanged for a bearer token (POST /v1/token)

  A client exchanges its id and secret for a bearer token, valid for 15 minutes.
  Every error is goa's error body, and the goa-error header names the same error.

  Background:
    Given I use the Fiskil API
    And the Fiskil client credentials

  @op:createToken @status:200
  Scenario: valid client credentials get a bearer token valid for 900 seconds
    When I send a POST request to "/v1/token" with body:
      """
      {"client_id": "{{fiskil_client_id}}", "client_secret": "{{fiskil_client_secret}}"}
      """
    Then the response status should be 200
    And the JSON at "token" should match "^\S+$"
    And the JSON at "expires_in" should be 900

  @op:createToken @status:400 @code:missing_field
  Scenario Outline: a token request without <missing> is refused as missing_field
    When I send a POST request to "/v1/token" with body:
      """
      <body>
      """
    Then Fiskil answers 400 with the error "missing_field"
    And the JSON at "fault" should be false

    Examples:
      | missing                    | body                                                |
      | client_secret              | {"client_id": "{{fiskil_client_id}}"}               |
      | client_id                  | {"client_secret": "{{fiskil_client_secret}}"}       |
      | client_id or client_secret | {}                                                  |

  @op:createToken @status:400 @code:invalid_field_type
  Scenario Outline: a token request whose <field> is not a string is refused as invalid_field_type
    When I send a POST request to "/v1/token" with body:
      """
      <body>
      """
    Then Fiskil answers 400 with the error "invalid_field_type"

    Examples:
      | field         | body                                                                      |
      | client_secret | {"client_id": "{{fiskil_client_id}}", "client_secret": 5}                 |
      | client_id     | {"client_id": 5, "client_secret": "{{fiskil_client_secret}}"}             |
      | client_id     | {"client_id": ["x"], "client_secret": "{{fiskil_client_secret}}"}         |

  @op:createToken @status:400 @code:bad_request
  Scenario Outline: a token request whose body is <what> is refused as bad_request
    When I send a POST request to "/v1/token" with body:
      """
      <body>
      """
    Then Fiskil answers 400 with the error "bad_request"

    Examples:
      | what                | body                  |
      | not JSON            | client_id=x&secret=y  |
      | a JSON array        | []                    |
      | a JSON string       | "credentials"         |

  @op:createToken @status:400 @code:bad_request
  Scenario: a token request without a body is refused as bad_request
    When I send a POST request to "/v1/token"
    Then Fiskil answers 400 with the error "bad_request"

  @op:createToken @status:400 @code:bad_request
  Scenario: a token request that is not sent as JSON is refused as bad_request
    When I send a POST request to "/v1/token" with body:
      """text/plain
      {"client_id": "{{fiskil_client_id}}", "client_secret": "{{fiskil_client_secret}}"}
      """
    Then Fiskil answers 400 with the error "bad_request"

  @op:createToken @status:401 @code:unauthorized
  Scenario: a wrong client secret is refused as unauthorized
    When I send a POST request to "/v1/token" with body:
      """
      {"client_id": "{{fiskil_client_id}}", "client_secret": "not-the-secret"}
      """
    Then Fiskil answers 401 with the error "unauthorized"
    And the JSON at "token" should not exist

  @op:createToken @status:401 @code:unauthorized
  Scenario: an unknown client id is refused as unauthorized
    When I send a POST request to "/v1/token" with body:
      """
      {"client_id": "cli_conform_no_such_client", "client_secret": "{{fiskil_client_secret}}"}
      """
    Then Fiskil answers 401 with the error "unauthorized"

  @op:createToken @needs-control
  Scenario Outline: a server-side failure of the token exchange is goa's <name> error
    Given the next call to fiskil "createToken" fails with status <status>
    When I send a POST request to "/v1/token" with body:
      """
      {"client_id": "{{fiskil_client_id}}", "client_secret": "{{fiskil_client_secret}}"}
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
