@weavr
Feature: Weavr ACCESS token for one identity
  POST /access_token exchanges an AUTH (or ACCESS) token for an ACCESS token for one identity
  of the same credentials, in the same session. A temporary token is forbidden, and credentials
  locked since the login get 423.

  Background:
    Given I use the Weavr API

  @op:requestAccessToken @status:200
  Scenario: an AUTH token is exchanged for an ACCESS token for the user's identity
    # source: reference/weavr/multi-current.yml#/paths/~1access_token/post/responses/200 ; seeds/weavr-multi-auth.txt
    Given a Weavr user
    And the Weavr user is logged in
    When I send a POST request to "/access_token" with body:
      """
      {"identity": {"type": "{{identityType}}", "id": "{{identityId}}"}}
      """
    Then the response status should be 200
    And the response should have the header "request-ref"
    And the JSON at "token" should match "^\S+$"
    And the JSON at "identity.type" should be "{{identityType}}"
    And the JSON at "identity.id" should be "{{identityId}}"
    And the JSON at "credentials.type" should match "^(ROOT|USER)$"
    And the JSON at "tokenType" should not exist

  @op:requestAccessToken @status:200
  Scenario: a user with two identities gets an ACCESS token for the corporate one
    # source: reference/weavr/multi-current.yml#/paths/~1access_token/post/responses/200 ; seeds/weavr-multi-auth.txt
    Given a Weavr user with a consumer and a corporate identity
    And the Weavr user is logged in
    When I send a POST request to "/access_token" with body:
      """
      {"identity": {"type": "CORPORATE", "id": "{{corporateId}}"}}
      """
    Then the response status should be 200
    And the JSON at "identity.type" should be "CORPORATE"
    And the JSON at "identity.id" should be "{{corporateId}}"

  @op:requestAccessToken @status:200
  Scenario: an ACCESS token can itself be exchanged for another ACCESS token
    # source: reference/weavr/multi-current.yml#/paths/~1access_token/post/responses/200 ; seeds/weavr-multi-auth.txt
    Given a Weavr user
    And the Weavr user has an access token
    When I send a POST request to "/access_token" with body:
      """
      {"identity": {"type": "{{identityType}}", "id": "{{identityId}}"}}
      """
    Then the response status should be 200
    And the JSON at "identity.id" should be "{{identityId}}"

  @op:requestAccessToken @status:400
  Scenario Outline: an access token request with <case> is refused naming the field
    # source: reference/weavr/multi-current.yml#/paths/~1access_token/post/responses/400 ; seeds/weavr-multi-auth.txt
    Given a Weavr user
    And the Weavr user is logged in
    When I send a POST request to "/access_token" with body:
      """
      <body>
      """
    Then the response status should be 400
    And the response should have the header "request-ref"
    And the JSON at "syntaxErrors.invalidFields.0.fieldName" should be "<field>" [decided]
    And the JSON at "syntaxErrors.invalidFields.0.error" should be "<error>" [decided]

    Examples:
      | case                         | body                                                 | field         | error    |
      | no identity                  | {}                                                   | identity      | REQUIRED |
      | no identity id               | {"identity": {"type": "{{identityType}}"}}           | identity.id   | REQUIRED |
      | an identity type not in enum | {"identity": {"type": "PERSON", "id": "{{identityId}}"}} | identity.type | IN   |

  @op:requestAccessToken @status:401
  Scenario: a request without a token is unauthorized
    # source: reference/weavr/multi-current.yml#/paths/~1access_token/post/responses/401 ; seeds/weavr-multi-auth.txt
    Given a Weavr user
    And the request omits the header "Authorization"
    When I send a POST request to "/access_token" with body:
      """
      {"identity": {"type": "CONSUMER", "id": "110000000000000001"}}
      """
    Then the response status should be 401 [decided]
    And the response should have the header "request-ref"

  @op:requestAccessToken @status:401
  Scenario: a token whose session was logged out is unauthorized
    # source: reference/weavr/multi-current.yml#/paths/~1access_token/post/responses/401 ; seeds/weavr-multi-auth.txt
    Given a Weavr user
    And the Weavr user is logged in
    And the Weavr user has logged out
    When I send a POST request to "/access_token" with body:
      """
      {"identity": {"type": "{{identityType}}", "id": "{{identityId}}"}}
      """
    Then the response status should be 401 [decided]

  @op:requestAccessToken @status:403
  Scenario: an identity that is not the user's is forbidden
    # source: reference/weavr/multi-current.yml#/paths/~1access_token/post/responses/403 ; seeds/weavr-multi-auth.txt
    Given a Weavr user
    And the Weavr user is logged in
    When I send a POST request to "/access_token" with body:
      """
      {"identity": {"type": "{{identityType}}", "id": "999999999999999999"}}
      """
    Then the response status should be 403 [decided]

  @op:requestAccessToken @status:403
  Scenario: the user's identity id under the other identity type is forbidden
    # source: reference/weavr/multi-current.yml#/paths/~1access_token/post/responses/403 ; seeds/weavr-multi-auth.txt
    Given a Weavr user with a consumer and a corporate identity
    And the Weavr user is logged in
    When I send a POST request to "/access_token" with body:
      """
      {"identity": {"type": "CORPORATE", "id": "{{consumerId}}"}}
      """
    Then the response status should be 403 [decided]

  @op:requestAccessToken @status:403
  Scenario: a temporary token is forbidden
    # source: reference/weavr/multi-current.yml#/paths/~1access_token/post/responses/403 ; seeds/weavr-multi-auth.txt
    Given a Weavr user whose password has expired
    And the Weavr user has logged in with the expired password
    When I send a POST request to "/access_token" with body:
      """
      {"identity": {"type": "CONSUMER", "id": "110000000000000001"}}
      """
    Then the response status should be 403 [decided]

  @op:requestAccessToken @status:423
  @consumes:weavr/sessionLockoutUser
  Scenario: credentials locked after the login get 423, though the token is still valid
    # source: reference/weavr/multi-current.yml#/paths/~1access_token/post/responses/423 ; seeds/weavr-multi-auth.txt
    Given a Weavr user who may be locked out during a session
    And the Weavr user is logged in
    And the Weavr user has failed to log in until the credentials are locked, at most "lockoutThreshold" times
    When I send a POST request to "/access_token" with body:
      """
      {"identity": {"type": "{{identityType}}", "id": "{{identityId}}"}}
      """
    Then the response status should be 423 [decided]
    And the response should have the header "request-ref"
    When I send a GET request to "/identities"
    Then the response status should be 200

  @op:requestAccessToken @status:429
  Scenario: access token requests beyond the api key's rate limit are refused with the limit's headers
    # source: reference/weavr/multi-current.yml#/paths/~1access_token/post/responses/429 ; seeds/weavr-multi-auth.txt
    Given a Weavr user
    And the Weavr user is logged in
    And the sandbox allows 2 requests per "1/5 tokenIdleLifetime" for each api key
    # a fresh rate-limit window, so that the login does not count
    And the sandbox clock advances by "rateLimitWindow"
    When I send a POST request to "/access_token" with body:
      """
      {"identity": {"type": "{{identityType}}", "id": "{{identityId}}"}}
      """
    Then the response status should be 200
    When the last request is sent again until the api key's rate limit is used up
    When I send a POST request to "/access_token" with body:
      """
      {"identity": {"type": "{{identityType}}", "id": "{{identityId}}"}}
      """
    Then the response status should be 429
    And the response should have the header "request-ref"
    And the response should announce the rate limit in force, resetting within its window
    And the response should have no body

 
  Scenario Outline: an access token request while the service fails answers <status> without a body
    # source: reference/weavr/multi-current.yml#/paths/~1access_token/post/responses/500 ; reference/weavr/multi-current.yml#/paths/~1access_token/post/responses/503 ; seeds/weavr-multi-auth.txt
    Given a Weavr user
    And the Weavr user is logged in
    And the next call to weavr "requestAccessToken" fails with status <status>
    When I send a POST request to "/access_token" with body:
      """
      {"identity": {"type": "{{identityType}}", "id": "{{identityId}}"}}
      """
    Then the response status should be <status>
    And the response should have the header "request-ref"
    And the response should have no body

    @op:requestAccessToken @status:500
    Examples: an internal error
      | status |
      | 500    |

    @op:requestAccessToken @status:503
    Examples: the service unavailable
      | status |
      | 503    |
