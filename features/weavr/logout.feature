@weavr
Feature: Weavr logout
  POST /logout ends the session of the token presented (AUTH, ACCESS or temporary): every token
  of the session is refused afterwards (401). Credentials of a third-party auth provider get
  200 with that provider's logout page to visit; Weavr's own get 204.

  Background:
    Given I use the Weavr API

  @op:logout @status:204
  Scenario: logging out ends the session and its AUTH token is refused afterwards
    # source: reference/weavr/multi-current.yml#/paths/~1logout/post/responses/204 ; seeds/weavr-multi-auth.txt
    Given a Weavr user
    And the Weavr user is logged in
    When I send a POST request to "/logout"
    Then the response status should be 204
    And the response should have the header "request-ref"
    And the response should have no body
    When I send a GET request to "/identities"
    Then the response status should be 401

  @op:logout @status:204
  Scenario: logging out with the ACCESS token refuses the session's AUTH token too
    # source: reference/weavr/multi-current.yml#/paths/~1logout/post/responses/204 ; seeds/weavr-multi-auth.txt
    Given a Weavr user
    And the Weavr user has an access token
    When I send a POST request to "/logout"
    Then the response status should be 204
    When I send a GET request to "/identities"
    Then the response status should be 401
    When I authenticate with "{{authToken}}"
    And I send a GET request to "/identities"
    Then the response status should be 401

  @op:logout @status:204
  Scenario: logging out with the AUTH token refuses the session's ACCESS token too
    # source: reference/weavr/multi-current.yml#/paths/~1logout/post/responses/204 ; seeds/weavr-multi-auth.txt
    Given a Weavr user
    And the Weavr user has an access token
    And I authenticate with "{{authToken}}"
    When I send a POST request to "/logout"
    Then the response status should be 204
    When I authenticate with "{{accessToken}}"
    And I send a GET request to "/identities"
    Then the response status should be 401

  @op:logout @status:204
  Scenario: logging out ends only that session, not another login of the same user
    # source: reference/weavr/multi-current.yml#/paths/~1logout/post/responses/204 ; seeds/weavr-multi-auth.txt
    Given a Weavr user
    And the Weavr user is logged in
    And I remember the JSON at "token" as "firstAuthToken"
    And the Weavr user is logged in
    When I send a POST request to "/logout"
    Then the response status should be 204
    When I authenticate with "{{firstAuthToken}}"
    And I send a GET request to "/identities"
    Then the response status should be 200

  @op:logout @status:401
  Scenario: a temporary token cannot log out: it is good only for /passwords/update
    # source: reference/weavr/multi-current.yml#/paths/~1logout/post/responses/401 ; seeds/weavr-multi-auth.txt
    Given a Weavr user whose password has expired
    And the Weavr user has logged in with the expired password
    When I send a POST request to "/logout"
    Then the response status should be 401 [decided]

  @op:logout @status:200
  Scenario: a user of a third-party auth provider is sent to that provider's logout page
    # source: reference/weavr/multi-current.yml#/paths/~1logout/post/responses/200 ; seeds/weavr-multi-auth.txt
    Given a Weavr user of a third-party auth provider
    And the Weavr user is logged in
    When I send a POST request to "/logout"
    Then the response status should be 200
    And the response should have the header "request-ref"
    And the JSON at "url" should be "{{logoutUrl}}"
    When I send a GET request to "/identities"
    Then the response status should be 401

  @op:logout @status:401
  Scenario: a request without a token is unauthorized
    # source: reference/weavr/multi-current.yml#/paths/~1logout/post/responses/401 ; seeds/weavr-multi-auth.txt
    Given a Weavr user
    And the request omits the header "Authorization"
    When I send a POST request to "/logout"
    Then the response status should be 401
    And the response should have the header "request-ref"
    And the response should have no body

  @op:logout @status:401
  Scenario: a session cannot be logged out twice
    # source: reference/weavr/multi-current.yml#/paths/~1logout/post/responses/401 ; seeds/weavr-multi-auth.txt
    Given a Weavr user
    And the Weavr user is logged in
    And the Weavr user has logged out
    When I send a POST request to "/logout"
    Then the response status should be 401
    And the response should have no body

  @op:logout @status:400
  Scenario: a bad request, provoked by fault control, is in Weavr's 400 format
    # source: reference/weavr/multi-current.yml#/paths/~1logout/post/responses/400 ; seeds/weavr-multi-auth.txt
    Given a Weavr user
    And the Weavr user is logged in
    And the next call to weavr "logout" answers with status 400
    When I send a POST request to "/logout"
    Then the response status should be 400
    And the response should have the header "request-ref"

  @op:logout @status:429
  Scenario: logouts beyond the api key's rate limit are refused with the limit's headers
    # source: reference/weavr/multi-current.yml#/paths/~1logout/post/responses/429 ; seeds/weavr-multi-auth.txt
    Given a Weavr user
    And the Weavr user is logged in
    And the sandbox allows 2 requests per "1/5 tokenIdleLifetime" for each api key
    # a fresh rate-limit window, so that the login does not count
    And the sandbox clock advances by "rateLimitWindow"
    When I send a POST request to "/logout"
    Then the response status should be 204
    When the last request is sent again until the api key's rate limit is used up
    When I send a POST request to "/logout"
    Then the response status should be 429
    And the response should have the header "request-ref"
    And the response should announce the rate limit in force, resetting within its window
    And the response should have no body

 
  Scenario Outline: a logout while the service fails answers <status> without a body
    # source: reference/weavr/multi-current.yml#/paths/~1logout/post/responses/500 ; reference/weavr/multi-current.yml#/paths/~1logout/post/responses/503 ; seeds/weavr-multi-auth.txt
    Given a Weavr user
    And the Weavr user is logged in
    And the next call to weavr "logout" fails with status <status>
    When I send a POST request to "/logout"
    Then the response status should be <status>
    And the response should have the header "request-ref"
    And the response should have no body

    @op:logout @status:500
    Examples: an internal error
      | status |
      | 500    |

    @op:logout @status:503
    Examples: the service unavailable
      | status |
      | 503    |
