package weavr

import (
	"net/http"
	"slices"
	"strings"

	"github.com/conformhq/conform/simulator/core"
)

// The 409 error codes the handlers give; each handler gives only those of
// the sandbox's version (see the specs' enums).
const (
	codeStateInvalid             = "STATE_INVALID"
	codeChannelNotSupported      = "CHANNEL_NOT_SUPPORTED"
	codeChannelNotRegistered     = "CHANNEL_NOT_REGISTERED"
	codeChannelAlreadyRegistered = "CHANNEL_ALREADY_REGISTERED"
	codeCodeExpired              = "VERIFICATION_CODE_EXPIRED"
	codeCodeInvalid              = "VERIFICATION_CODE_INVALID"
	codeOneAttemptLeft           = "ONE_CHALLENGE_LIMIT_REMAINING"
	codeLimitExceeded            = "CHALLENGE_LIMIT_EXCEEDED"
	codeRetryIn15Sec             = "RETRY_IN_15SEC"
	codeAlreadyVerified          = "ALREADY_VERIFIED"
	codePasswordIncorrect        = "PASSWORD_INCORRECT"
	codePasswordTooShort         = "PASSWORD_TOO_SHORT"
	codePasswordTooLong          = "PASSWORD_TOO_LONG"
	codePasswordAlreadyUsed      = "PASSWORD_ALREADY_USED"
	codeInsufficientPermissions  = "INSUFFICIENT_PERMISSIONS"
	codeTokenNotFound            = "TOKEN_NOT_FOUND"
	codeTokenExpired             = "TOKEN_EXPIRED"
)

// syntaxError is Weavr's 400 body.
type syntaxError struct {
	Message      string       `json:"message,omitempty"`
	SyntaxErrors syntaxErrors `json:"syntaxErrors"`
}

type syntaxErrors struct {
	InvalidFields []invalidField `json:"invalidFields"`
}

type invalidField struct {
	Params    []string `json:"params,omitempty"`
	FieldName string   `json:"fieldName"`
	Error     string   `json:"error"`
}

// errorBody is Weavr's `Error` schema, the body of 404, 405 and `default`.
type errorBody struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

func badRequest(c *core.Call, message string, fields []invalidField) {
	if fields == nil {
		fields = []invalidField{}
	}
	c.JSON(http.StatusBadRequest, syntaxError{Message: message, SyntaxErrors: syntaxErrors{InvalidFields: fields}})
}

func conflict(c *core.Call, code string) { refuse(c, http.StatusConflict, code) }

// refuse answers an error status in the shape the sandbox's version
// documents for the operation (its listed response, else `default`), so
// that one helper serves both versions:
//   - the request-ref header only where that response declares it (not on
//     409s, the 403s of login and access_token, nor `default`);
//   - no body where it declares none (3.32's 403, 401, 423, 429, 5xx);
//   - {errorCode} where its body has an errorCode enum: code when the enum
//     has it, else the enum's first value;
//   - Weavr's Error {code, message} otherwise (404, 405, default).
func refuse(c *core.Call, status int, code string) {
	if c.Op == nil || c.Op.Response(status) == nil {
		c.Empty(status)
		return
	}
	resp := c.Op.Response(status)
	if resp.Headers["request-ref"] == nil {
		c.W.Header().Del("request-ref")
	}
	if len(resp.Content) == 0 {
		c.Empty(status)
		return
	}
	if codes := c.ErrorCodes(status); len(codes) > 0 {
		if !slices.Contains(codes, code) {
			code = codes[0]
		}
		c.JSON(status, map[string]string{"errorCode": code})
		return
	}
	if code == "" {
		// Weavr's Error.code is free text; the status's name, as a code.
		code = strings.ToUpper(strings.ReplaceAll(http.StatusText(status), " ", "_"))
	}
	c.JSON(status, errorBody{Code: code, Message: http.StatusText(status)})
}

// forbidden answers 403: 3.63 documents {errorCode: INSUFFICIENT_PERMISSIONS},
// 3.32 no body; login's and access_token's own 403 has neither body nor
// request-ref in both.
func forbidden(c *core.Call) { refuse(c, http.StatusForbidden, codeInsufficientPermissions) }
