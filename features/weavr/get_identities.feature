@weavr
Feature: Weavr identities of the token
  GET /identities lists the identities the token's credentials may act as: a bare array in 3.32,
  a page {identities, count, responseCount} chosen by offset and limit in 3.63 (the steps read
  both). It takes an AUTH or ACCESS token; a temporary token (password expired) is forbidden.
  Every token is valid for 5 minutes from its last use.

  Background:
    Given I use the Weavr API

  @op:userIdentities @status:200
  Scenario: an AUTH token lists the user's identity
    # source: reference/weavr/multi-current.yml#/paths/~1identities/get/responses/200 ; seeds/weavr-multi-auth.txt
    Given a Weavr user
    And the Weavr user is logged in
    When I send a GET request to "/identities"
    Then the response status should be 200
    And the response should have the header "request-ref"
    And the Weavr identities listed should number 1
    And the Weavr identities listed should include "{{identityId}}" of type "{{identityType}}"
    And every Weavr identity listed should have a name

  @op:userIdentities @status:200
  Scenario: an ACCESS token lists the user's identity too
    # source: reference/weavr/multi-current.yml#/paths/~1identities/get/responses/200 ; seeds/weavr-multi-auth.txt
    Given a Weavr user
    And the Weavr user has an access token
    When I send a GET request to "/identities"
    Then the response status should be 200
    And the Weavr identities listed should include "{{identityId}}" of type "{{identityType}}"

  @op:userIdentities @status:200
  Scenario: a user with two identities sees both
    # source: reference/weavr/multi-current.yml#/paths/~1identities/get/responses/200 ; seeds/weavr-multi-auth.txt
    Given a Weavr user with a consumer and a corporate identity
    And the Weavr user is logged in
    When I send a GET request to "/identities"
    Then the response status should be 200
    And the Weavr identities listed should number 2
    And the Weavr identities listed should include "{{consumerId}}" of type "CONSUMER"
    And the Weavr identities listed should include "{{corporateId}}" of type "CORPORATE"

  @op:userIdentities @status:200 @version:3.32
  Scenario: in 3.32 the identities are a bare array, whatever the query
    # source: reference/weavr/multi-3.32.1-generated.yaml#/paths/~1identities/get/responses/200 ; seeds/weavr-multi-auth.txt
    Given a Weavr user with a consumer and a corporate identity
    And the Weavr user is logged in
    When I send a GET request to "/identities?offset=1&limit=1"
    Then the response status should be 200
    And the JSON at "." should have 2 items

  @op:userIdentities @status:200 @version:3.63
  Scenario: in 3.63 offset and limit choose a page, and count gives the total
    # source: reference/weavr/multi-current.yml#/paths/~1identities/get/responses/200 ; seeds/weavr-multi-auth.txt
    Given a Weavr user with a consumer and a corporate identity
    And the Weavr user is logged in
    When I send a GET request to "/identities?offset=1&limit=1"
    Then the response status should be 200
    And the JSON at "count" should be 2
    And the JSON at "responseCount" should be 1
    And the JSON at "identities" should have 1 item
    When I send a GET request to "/identities?limit=1"
    Then the response status should be 200
    And the JSON at "count" should be 2
    And the JSON at "identities" should have 1 item
    When I send a GET request to "/identities?offset=2"
    Then the response status should be 200
    And the JSON at "count" should be 2
    And the JSON at "responseCount" should be 0
    And the JSON at "identities" should have 0 items

  @op:userIdentities @status:400 @version:3.63
  Scenario Outline: in 3.63 a page limit of <limit> is refused naming the parameter
    # source: reference/weavr/multi-current.yml#/paths/~1identities/get/responses/400 ; seeds/weavr-multi-auth.txt
    Given a Weavr user
    And the Weavr user is logged in
    When I send a GET request to "/identities?limit=<limit>"
    Then the response status should be 400
    And the response should have the header "request-ref"
    And the JSON at "syntaxErrors.invalidFields.0.fieldName" should be "limit" [decided]

    Examples:
      | limit |
      | 0     |
      | 101   |

  @op:userIdentities @status:400
  Scenario: a bad request, provoked by fault control, names its problem in Weavr's format
    # source: reference/weavr/multi-current.yml#/paths/~1identities/get/responses/400 ; seeds/weavr-multi-auth.txt
    Given a Weavr user
    And the Weavr user is logged in
    And the next call to weavr "userIdentities" fails with status 400
    When I send a GET request to "/identities"
    Then the response status should be 400
    And the response should have the header "request-ref"

  @op:userIdentities @status:401
  Scenario: a request without a token is unauthorized
    # source: reference/weavr/multi-current.yml#/paths/~1identities/get/responses/401 ; seeds/weavr-multi-auth.txt
    Given a Weavr user
    And the request omits the header "Authorization"
    When I send a GET request to "/identities"
    Then the response status should be 401
    And the response should have the header "request-ref"
    And the response should have no body

  @op:userIdentities @status:401
  Scenario: an unknown token is unauthorized
    # source: reference/weavr/multi-current.yml#/paths/~1identities/get/responses/401 ; seeds/weavr-multi-auth.txt
    Given a Weavr user
    And I authenticate with "not-a-weavr-token"
    When I send a GET request to "/identities"
    Then the response status should be 401
    And the response should have no body

  @op:userIdentities @status:401
  Scenario: a valid token with an unknown api key is unauthorized
    # source: reference/weavr/multi-current.yml#/paths/~1identities/get/responses/401 ; seeds/weavr-multi-auth.txt
    Given a Weavr user
    And the Weavr user is logged in
    And the request header "api-key" is "not-a-weavr-api-key"
    When I send a GET request to "/identities"
    Then the response status should be 401
    And the response should have no body

  @op:userIdentities @status:200
  Scenario: a token unused for 4 minutes 59 seconds is still valid
    # source: reference/weavr/multi-current.yml#/paths/~1identities/get/responses/200 ; seeds/weavr-multi-auth.txt
    Given a Weavr user
    And the Weavr user is logged in
    And the sandbox clock advances by "tokenIdleLifetime - 1s"
    When I send a GET request to "/identities"
    Then the response status should be 200
    And the Weavr identities listed should include "{{identityId}}" of type "{{identityType}}"

  @op:userIdentities @status:401
  Scenario: a token unused for 5 minutes 1 second is refused
    # source: reference/weavr/multi-current.yml#/paths/~1identities/get/responses/401 ; seeds/weavr-multi-auth.txt
    Given a Weavr user
    And the Weavr user is logged in
    And the sandbox clock advances by "tokenIdleLifetime + 1s"
    When I send a GET request to "/identities"
    Then the response status should be 401
    And the response should have no body

  @op:userIdentities @status:200
  Scenario: each use of a token extends its life by 5 minutes
    # source: reference/weavr/multi-current.yml#/paths/~1identities/get/responses/200 ; seeds/weavr-multi-auth.txt
    Given a Weavr user
    And the Weavr user is logged in
    And the sandbox clock advances by "4/5 tokenIdleLifetime"
    When I send a GET request to "/identities"
    Then the response status should be 200
    Given the sandbox clock advances by "4/5 tokenIdleLifetime"
    When I send a GET request to "/identities"
    Then the response status should be 200
    And the Weavr identities listed should include "{{identityId}}" of type "{{identityType}}"

  @op:userIdentities @status:401
  Scenario: an ACCESS token unused for 5 minutes 1 second is refused too
    # source: reference/weavr/multi-current.yml#/paths/~1identities/get/responses/401 ; seeds/weavr-multi-auth.txt
    Given a Weavr user
    And the Weavr user has an access token
    And the sandbox clock advances by "tokenIdleLifetime + 1s"
    When I send a GET request to "/identities"
    Then the response status should be 401

  @op:userIdentities @status:403 @code:INSUFFICIENT_PERMISSIONS
  Scenario: a temporary token is forbidden
    # source: reference/weavr/multi-current.yml#/paths/~1identities/get/responses/403 ; seeds/weavr-multi-auth.txt
    Given a Weavr user whose password has expired
    And the Weavr user has logged in with the expired password
    When I send a GET request to "/identities"
    Then the response status should be 403 [decided]
    And the response should have the header "request-ref"
    And the response body, if any, should have the errorCode "INSUFFICIENT_PERMISSIONS"

  @op:userIdentities @status:404
  Scenario: a not-found answer, provoked by fault control, is Weavr's Error
    # source: reference/weavr/multi-current.yml#/paths/~1identities/get/responses/404 ; seeds/weavr-multi-auth.txt
    Given a Weavr user
    And the Weavr user is logged in
    And the next call to weavr "userIdentities" answers with status 404
    When I send a GET request to "/identities"
    Then the response status should be 404
    And the response should have the header "request-ref"

  @op:userIdentities @status:409 @code:IDENTITY_TYPE_NOT_SUPPORTED
  Scenario: a conflict, provoked by fault control, carries IDENTITY_TYPE_NOT_SUPPORTED
    # source: reference/weavr/multi-current.yml#/paths/~1identities/get/responses/409 ; seeds/weavr-multi-auth.txt
    Given a Weavr user
    And the Weavr user is logged in
    And the next call to weavr "userIdentities" answers with status 409 and code "IDENTITY_TYPE_NOT_SUPPORTED"
    When I send a GET request to "/identities"
    Then the response status should be 409
    And the JSON at "errorCode" should be "IDENTITY_TYPE_NOT_SUPPORTED"

 
  Scenario Outline: listing identities while the service fails answers <status> without a body
    # source: reference/weavr/multi-current.yml#/paths/~1identities/get/responses/500 ; reference/weavr/multi-current.yml#/paths/~1identities/get/responses/503 ; seeds/weavr-multi-auth.txt
    Given a Weavr user
    And the Weavr user is logged in
    And the next call to weavr "userIdentities" fails with status <status>
    When I send a GET request to "/identities"
    Then the response status should be <status>
    And the response should have the header "request-ref"
    And the response should have no body

    @op:userIdentities @status:500
    Examples: an internal error
      | status |
      | 500    |

    @op:userIdentities @status:503
    Examples: the service unavailable
      | status |
      | 503    |
