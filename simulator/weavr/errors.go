package weavr

import (
	"net/http"

	"github.com/conformhq/conform/simulator/core"
)

// The 409 error codes the handlers give.
const (
	codeStateInvalid             = "STATE_INVALID"
	codeChannelNotSupported      = "CHANNEL_NOT_SUPPORTED"
	codeChannelNotRegistered     = "CHANNEL_NOT_REGISTERED"
	codeChannelAlreadyRegistered = "CHANNEL_ALREADY_REGISTERED"
	codeCodeExpired              = "VERIFICATION_CODE_EXPIRED"
	codeCodeInvalid              = "VERIFICATION_CODE_INVALID"
	codePasswordIncorrect        = "PASSWORD_INCORRECT"
	codePasswordTooShort         = "PASSWORD_TOO_SHORT"
	codePasswordAlreadyUsed      = "PASSWORD_ALREADY_USED"
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

func badRequest(c *core.Call, message string, fields []invalidField) {
	if fields == nil {
		fields = []invalidField{}
	}
	c.JSON(http.StatusBadRequest, syntaxError{Message: message, SyntaxErrors: syntaxErrors{InvalidFields: fields}})
}

func conflict(c *core.Call, code string) {
	c.JSON(http.StatusConflict, map[string]string{"errorCode": code})
}
