@weavr
Feature: Weavr login with password

  Background:
    Given I use the Weavr API

  @op:loginWithPassword @status:200 @needs-control
  Scenario: a registered user logs in
    Given the request header "x-probe" is "1"
    When I send a POST request to "/login_with_password" with body:
      """
      {"email": "nobody@example.com", "password": {"value": "wrong-password"}}
      """
    Then the response status should be 403
