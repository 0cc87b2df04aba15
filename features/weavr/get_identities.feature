@weavr
Feature: Weavr identities of the token
  GET /identities lists the identities the token's credentials may act as. It takes an AUTH or
  ACCESS token; a temporary token (password expired) is forbidden. Every token is valid for
  5 minutes from its last use.

  Background:
    Given I use the Weavr API

  @op:getIdentities @status:200
  Scenario: an AUTH token lists the user's identity
    Given a Weavr user
    And the Weavr user is logged in
    When I send a GET request to "/identities"
    Then the response status should be 200
    And the response should have the header "request-ref"
    And the JSON at "." should have 1 item
    And the JSON at "0.id.type" should be "{{identityType}}"
    And the JSON at "0.id.id" should be "{{identityId}}"
    And the JSON at "0.name" should exist

  @op:getIdentities @status:200
  Scenario: an ACCESS token lists the user's identity too
    Given a Weavr user
    And the Weavr user has an access token
    When I send a GET request to "/identities"
    Then the response status should be 200
    And the JSON at "0.id.id" should be "{{identityId}}"

  @op:getIdentities @status:200
  Scenario: a user with two identities sees both
    Given a Weavr user with a consumer and a corporate identity
    And the Weavr user is logged in
    When I send a GET request to "/identities"
    Then the response status should be 200
    And the JSON at "." should have 2 items
    And the JSON at "#(id.type==CONSUMER).id.id" should be "{{consumerId}}"
    And the JSON at "#(id.type==CORPORATE).id.id" should be "{{corporateId}}"

  @op:getIdentities @status:200
  Scenario Outline: the type filter keeps only the <type> identity
    Given a Weavr user with a consumer and a corporate identity
    And the Weavr user is logged in
    When I send a GET request to "/identities?type=<type>"
    Then the response status should be 200
    And the JSON at "." should have 1 item
    And the JSON at "0.id.type" should be "<type>"
    And the JSON at "0.id.id" should be "{{<variable>}}"

    Examples:
      | type      | variable    |
      | CONSUMER  | consumerId  |
      | CORPORATE | corporateId |

  @op:getIdentities @status:400
  Scenario: an identity type that is neither CONSUMER nor CORPORATE is refused
    Given a Weavr user
    And the Weavr user is logged in
    When I send a GET request to "/identities?type=PERSON"
    Then the response status should be 400
    And the response should have the header "request-ref"
    And the JSON at "syntaxErrors.invalidFields.0.fieldName" should be "type"
    And the JSON at "syntaxErrors.invalidFields.0.error" should be "IN"

  @op:getIdentities @status:401
  Scenario: a request without a token is unauthorized
    Given a Weavr user
    And the request omits the header "Authorization"
    When I send a GET request to "/identities"
    Then the response status should be 401
    And the response should have the header "request-ref"
    And the response should have no body

  @op:getIdentities @status:401
  Scenario: an unknown token is unauthorized
    Given a Weavr user
    And I authenticate with "not-a-weavr-token"
    When I send a GET request to "/identities"
    Then the response status should be 401
    And the response should have no body

  @op:getIdentities @status:401
  Scenario: a valid token with an unknown api key is unauthorized
    Given a Weavr user
    And the Weavr user is logged in
    And the request header "api-key" is "not-a-weavr-api-key"
    When I send a GET request to "/identities"
    Then the response status should be 401
    And the response should have no body

  @op:getIdentities @status:200 @needs-control
  Scenario: a token unused for 4 minutes 59 seconds is still valid
    Given a Weavr user
    And the Weavr user is logged in
    And the sandbox clock advances by "4m59s"
    When I send a GET request to "/identities"
    Then the response status should be 200
    And the JSON at "0.id.id" should be "{{identityId}}"

  @op:getIdentities @status:401 @needs-control
  Scenario: a token unused for 5 minutes 1 second is refused
    Given a Weavr user
    And the Weavr user is logged in
    And the sandbox clock advances by "5m1s"
    When I send a GET request to "/identities"
    Then the response status should be 401
    And the response should have no body

  @op:getIdentities @status:200 @needs-control
  Scenario: each use of a token extends its life by 5 minutes
    Given a Weavr user
    And the Weavr user is logged in
    And the sandbox clock advances by "4m"
    When I send a GET request to "/identities"
    Then the response status should be 200
    Given the sandbox clock advances by "4m"
    When I send a GET request to "/identities"
    Then the response status should be 200
    And the JSON at "0.id.id" should be "{{identityId}}"

  @op:getIdentities @status:401 @needs-control
  Scenario: an ACCESS token unused for 5 minutes 1 second is refused too
    Given a Weavr user
    And the Weavr user has an access token
    And the sandbox clock advances by "5m1s"
    When I send a GET request to "/identities"
    Then the response status should be 401

  @op:getIdentities @status:403
  Scenario: a temporary token is forbidden
    Given a Weavr user whose password has expired
    And the Weavr user has logged in with the expired password
    When I send a GET request to "/identities"
    Then the response status should be 403
    And the response should have the header "request-ref"
    And the response should have no body

  @op:getIdentities @status:404 @needs-control
  Scenario: a not-found answer, provoked by fault control, has no body
    Given a Weavr user
    And the Weavr user is logged in
    And the next call to weavr "getIdentities" answers with status 404
    When I send a GET request to "/identities"
    Then the response status should be 404
    And the response should have the header "request-ref"
    And the response should have no body

  @op:getIdentities @status:409 @code:STATE_INVALID @needs-control
  Scenario: a state conflict, provoked by fault control, carries STATE_INVALID
    Given a Weavr user
    And the Weavr user is logged in
    And the next call to weavr "getIdentities" answers with status 409 and code "STATE_INVALID"
    When I send a GET request to "/identities"
    Then the response status should be 409
    And the response should have the header "request-ref"
    And the JSON at "errorCode" should be "STATE_INVALID"

  @needs-control
  Scenario Outline: listing identities while the service fails answers <status> without a body
    Given a Weavr user
    And the Weavr user is logged in
    And the next call to weavr "getIdentities" fails with status <status>
    When I send a GET request to "/identities"
    Then the response status should be <status>
    And the response should have the header "request-ref"
    And the response should have no body

    @op:getIdentities @status:500
    Examples: an internal error
      | status |
      | 500    |

    @op:getIdentities @status:503
    Examples: the service unavailable
      | status |
      | 503    |
