package fiskil

import (
	"strings"
	"testing"
)

// TestLinkParent: the parent page takes the auth server's origin as a
// JSON string and the iframe's URL escaped for an attribute; a stray %
// verb or an unescaped quote would garble it.
func TestLinkParent(t *testing.T) {
	tests := []struct {
		name, authURL string
		want          []string
		err           bool
	}{
		{name: "a plain URL", authURL: "https://auth.vendor.example/consent?sess_id=abc",
			want: []string{`var allowedOrigin = "https://auth.vendor.example";`, `src="https://auth.vendor.example/consent?sess_id=abc"`, `width:100%;`}},
		{name: "a quote in the URL stays in the attribute", authURL: `http://127.0.0.1:8080/fiskil/link?sess_id=a"b&x=<y>`,
			want: []string{`var allowedOrigin = "http://127.0.0.1:8080";`, `src="http://127.0.0.1:8080/fiskil/link?sess_id=a&#34;b&amp;x=&lt;y&gt;"`}},
		{name: "not absolute", authURL: "/fiskil/link?sess_id=x", err: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u, page, err := linkParent(tt.authURL)
			if tt.err {
				if err == nil {
					t.Fatal("accepted")
				}
				return
			}
			if err != nil || u != linkParentURL {
				t.Fatalf("linkParent = %q, %v", u, err)
			}
			for _, w := range tt.want {
				if !strings.Contains(page, w) {
					t.Errorf("the page lacks %s", w)
				}
			}
			if strings.Contains(page, "%!") {
				t.Errorf("a formatting verb went wrong")
			}
		})
	}
}
