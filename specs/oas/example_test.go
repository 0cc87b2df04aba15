package oas_test

import (
	"fmt"
	"net/http"

	"github.com/conformhq/conform/specs/oas"
)

// A response that breaks the Weavr spec: the violations name operation,
// status, JSON pointer and reason.
func ExampleSpec_ValidateResponse() {
	spec, err := oas.Load("weavr-3.32")
	if err != nil {
		panic(err)
	}
	_, vs := spec.ValidateResponse(oas.Response{
		Method: "POST", Path: "/login_with_password", Status: 200,
		Header: http.Header{"Content-Type": {"application/json"}, "Request-Ref": {"r1"}},
		Body:   []byte(`{"token": "t", "tokenType": "TEMPORARY", "identity": {"type": "CONSUMER", "id": "1"}, "credentials": {"type": "ROOT", "id": "2"}}`),
	})
	for _, v := range vs {
		fmt.Println(v)
	}
	// Output: weavr-3.32 loginWithPassword 200 at /tokenType: value is not one of the allowed values ["AUTH","ACCESS"]
}
