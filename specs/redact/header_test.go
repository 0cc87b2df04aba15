package redact

import (
	"net/http"
	"reflect"
	"testing"
)

func TestHeader(t *testing.T) {
	tests := []struct {
		name string
		in   http.Header
		want http.Header
	}{
		{"nil", nil, nil},
		{
			name: "bearer keeps scheme",
			in:   http.Header{"Authorization": {"Bearer eyJhbGciOi.payload.sig"}},
			want: http.Header{"Authorization": {"Bearer " + Mask}},
		},
		{
			name: "basic keeps scheme",
			in:   http.Header{"Proxy-Authorization": {"Basic dXNlcjpwYXNz"}},
			want: http.Header{"Proxy-Authorization": {"Basic " + Mask}},
		},
		{
			name: "authorization without scheme masked whole",
			in:   http.Header{"Authorization": {"rawtoken123"}},
			want: http.Header{"Authorization": {Mask}},
		},
		{
			name: "non-canonical lower-case names",
			in: http.Header{
				"api-key":       {"k-123456"},
				"authorization": {"Bearer abcdef"},
				"x-api-key":     {"xyz12345"},
				"api-secret":    {"s3cr3t!!"},
			},
			want: http.Header{
				"api-key":       {Mask},
				"authorization": {"Bearer " + Mask},
				"x-api-key":     {Mask},
				"api-secret":    {Mask},
			},
		},
		{
			name: "mixed-case names",
			in:   http.Header{"API-KEY": {"k-123456"}, "Api-Secret": {"s3cr3t!!"}},
			want: http.Header{"API-KEY": {Mask}, "Api-Secret": {Mask}},
		},
		{
			name: "cookie keeps names",
			in:   http.Header{"Cookie": {"session=abc123; theme=dark"}},
			want: http.Header{"Cookie": {"session=" + Mask + "; theme=" + Mask}},
		},
		{
			name: "set-cookie keeps attributes",
			in:   http.Header{"Set-Cookie": {"sid=abc123; Path=/; HttpOnly", "b=2"}},
			want: http.Header{"Set-Cookie": {"sid=" + Mask + "; Path=/; HttpOnly", "b=" + Mask}},
		},
		{
			name: "other headers untouched",
			in:   http.Header{"Content-Type": {"application/json"}, "X-Request-Id": {"r-1"}},
			want: http.Header{"Content-Type": {"application/json"}, "X-Request-Id": {"r-1"}},
		},
		{
			name: "every value of a repeated header",
			in:   http.Header{"Authorization": {"Bearer one1", "Bearer two2"}},
			want: http.Header{"Authorization": {"Bearer " + Mask, "Bearer " + Mask}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Header(tt.in)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Header(%v) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}

func TestHeaderCopies(t *testing.T) {
	in := http.Header{"Authorization": {"Bearer abcdef"}}
	_ = Header(in)
	if in.Get("Authorization") != "Bearer abcdef" {
		t.Errorf("Header modified its argument: %v", in)
	}
}
