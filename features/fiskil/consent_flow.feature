@fiskil @consent
Feature: Fiskil's consent page, reached through an auth session's auth_url

  The page is <authServer>?sess_id=<session_id> (the Link SDK's URL). Opened as a
  page (redirect flow) it sends the end user to redirect_uri on approval (conform
  adds consent_id [decided]) or to cancel_uri with error, error_id (err_…),
  error_type, error_description and error_uri, in any order. Opened in the Link
  SDK's iframe it posts {isCompleted, consentID, redirectURL, error, errorID,
  errorType, errorDescription, errorURI} to its parent. The session is single use
  (AUTH_SESSION_INVALID afterwards) and expires after 5 days (CONSENT_TIMEOUT).
  A browser drives the page by its description, as its user would (rule 8).

  Background:
    Given I use the Fiskil API
    And a Fiskil access token
    And a Fiskil end user
    And a Fiskil auth session for the end user that returns to "https://acme.example/success" or cancels to "https://acme.example/cancel"

  Rule: opened as a page, the consent page redirects

    @op:addAuthSession @status:200
    Scenario: the consent page is shown to the end user
      # source: reference/fiskil/README.md §4 ; reference/fiskil/README.md §6
      When the end user opens the consent page
      Then the consent page should be shown

    @op:addAuthSession @status:200
    Scenario: an end user who approves is sent to redirect_uri
      # source: reference/fiskil/README.md §4 ; reference/fiskil/README.md §6
      When the end user approves consent
      Then the end user is sent to "https://acme.example/success"

    @op:addAuthSession @status:200 @code:CONSENT_ENDUSER_DENIED
    Scenario: an end user who denies is sent to cancel_uri with error_type CONSENT_ENDUSER_DENIED
      # source: reference/fiskil/README.md §4 ; reference/fiskil/README.md §6
      When the end user denies consent
      Then the end user is sent to "https://acme.example/cancel" with error_type "CONSENT_ENDUSER_DENIED"

    @op:addAuthSession @status:200 @code:CONSENT_OTP_FAILURE
    Scenario: an end user who fails the one-time password check is sent to cancel_uri with error_type CONSENT_OTP_FAILURE
      # source: reference/fiskil/README.md §4 ; reference/fiskil/README.md §6
      When the end user fails the one-time password check
      Then the end user is sent to "https://acme.example/cancel" with error_type "CONSENT_OTP_FAILURE"

    @op:addAuthSession @status:200 @code:CONSENT_ENDUSER_INELIGIBLE
    Scenario: an ineligible end user is sent to cancel_uri with error_type CONSENT_ENDUSER_INELIGIBLE
      # source: reference/fiskil/README.md §4 ; reference/fiskil/README.md §6
      When the end user is not eligible
      Then the end user is sent to "https://acme.example/cancel" with error_type "CONSENT_ENDUSER_INELIGIBLE"

    @op:addAuthSession @status:200 @code:CONSENT_UPSTREAM_PROCESSING_ERROR
    Scenario: a failure at the institution sends the end user to cancel_uri with error_type CONSENT_UPSTREAM_PROCESSING_ERROR
      # source: reference/fiskil/README.md §4 ; reference/fiskil/README.md §6
      When the end user meets a failure at the institution
      Then the end user is sent to "https://acme.example/cancel" with error_type "CONSENT_UPSTREAM_PROCESSING_ERROR"

    @op:addAuthSession @status:200 @code:AUTH_SESSION_CANCELLED
    Scenario: an end user who cancels is sent to cancel_uri with error_type AUTH_SESSION_CANCELLED
      # source: reference/fiskil/README.md §4 ; reference/fiskil/README.md §6
      When the end user cancels the auth session
      Then the end user is sent to "https://acme.example/cancel" with error_type "AUTH_SESSION_CANCELLED"

    @op:addAuthSession @status:200 @code:AUTH_SESSION_INVALID
    Scenario Outline: a session is single use: after the end user <decision>, the consent page refuses it with AUTH_SESSION_INVALID
      # source: reference/fiskil/README.md §4 ; reference/fiskil/README.md §6
      Given the end user <decision>
      When the end user opens the consent page
      Then the end user is sent to "https://acme.example/cancel" with error_type "AUTH_SESSION_INVALID"

      Examples:
        | decision                          |
        | approves consent                  |
        | denies consent                    |
        | fails the one-time password check |

    @op:addAuthSession @status:200 @code:AUTH_SESSION_INVALID
    Scenario: a used session cannot be approved a second time
      # source: reference/fiskil/README.md §4 ; reference/fiskil/README.md §6
      Given the end user denies consent
      When the end user approves consent
      Then the end user is sent to "https://acme.example/cancel" with error_type "AUTH_SESSION_INVALID"

    @op:addAuthSession @status:200 @code:AUTH_SESSION_INVALID
    Scenario: the consent page of an unknown auth session reports AUTH_SESSION_INVALID
      # source: reference/fiskil/README.md §4 ; reference/fiskil/README.md §6
      When the end user opens the consent page of an auth session that does not exist
      Then the consent page should answer 404 with error_type "AUTH_SESSION_INVALID"

    @op:addAuthSession @status:200
    Scenario: the consent page is still shown just before the session's 5 days are up
      # source: reference/fiskil/README.md §4 ; reference/fiskil/README.md §6
      Given the sandbox clock advances by "authSessionExpiry - 1m"
      When the end user opens the consent page
      Then the consent page should be shown

    @op:addAuthSession @status:200 @code:CONSENT_TIMEOUT
    Scenario: a session opened after its 5 days are up sends the end user to cancel_uri with error_type CONSENT_TIMEOUT
      # source: reference/fiskil/README.md §4 ; reference/fiskil/README.md §6
      Given the sandbox clock advances by "authSessionExpiry + 1s"
      When the end user opens the consent page
      Then the end user is sent to "https://acme.example/cancel" with error_type "CONSENT_TIMEOUT"

    @op:addAuthSession @status:200 @code:CONSENT_TIMEOUT
    Scenario: an expired session cannot be approved
      # source: reference/fiskil/README.md §4 ; reference/fiskil/README.md §6
      Given the sandbox clock advances by "authSessionExpiry + 1s"
      When the end user approves consent
      Then the end user is sent to "https://acme.example/cancel" with error_type "CONSENT_TIMEOUT"

    @op:addAuthSession @status:200 @code:AUTH_SESSION_INVALID
    Scenario: once expired, a session stays refused as AUTH_SESSION_INVALID
      # source: reference/fiskil/README.md §4 ; reference/fiskil/README.md §6
      Given the sandbox clock advances by "authSessionExpiry + 1s"
      And the end user opens the consent page
      When the end user opens the consent page
      Then the end user is sent to "https://acme.example/cancel" with error_type "AUTH_SESSION_INVALID"

  Rule: opened in the Link SDK's iframe, the consent page posts to its parent

    @op:addAuthSession @status:200
    Scenario: an approval in the iframe posts a completed consent with its consentID
      # source: reference/fiskil/README.md §4 ; reference/fiskil/README.md §6
      When the end user approves consent in the Link SDK's iframe
      Then the page posts to its parent a completed consent

    @op:addAuthSession @status:200 @code:CONSENT_ENDUSER_DENIED
    Scenario: a denial in the iframe posts a failure with error_type CONSENT_ENDUSER_DENIED
      # source: reference/fiskil/README.md §4 ; reference/fiskil/README.md §6
      When the end user denies consent in the Link SDK's iframe
      Then the page posts to its parent a failure with error_type "CONSENT_ENDUSER_DENIED"

    @op:addAuthSession @status:200 @code:CONSENT_OTP_FAILURE
    Scenario: a wrong one-time password in the iframe posts a failure with error_type CONSENT_OTP_FAILURE
      # source: reference/fiskil/README.md §4 ; reference/fiskil/README.md §6
      When the end user fails the one-time password check in the Link SDK's iframe
      Then the page posts to its parent a failure with error_type "CONSENT_OTP_FAILURE"

    @op:addAuthSession @status:200 @code:AUTH_SESSION_INVALID
    Scenario: a used session in the iframe posts a failure with error_type AUTH_SESSION_INVALID
      # source: reference/fiskil/README.md §4 ; reference/fiskil/README.md §6
      Given the end user approves consent
      When the end user approves consent in the Link SDK's iframe
      Then the page posts to its parent a failure with error_type "AUTH_SESSION_INVALID"
