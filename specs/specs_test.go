package specs

import "testing"

func TestEverySpecLoadsAndValidates(t *testing.T) {
	for _, name := range Names() {
		t.Run(name, func(t *testing.T) {
			b, err := Raw(name)
			if err != nil {
				t.Fatal(err)
			}
			doc, err := Parse(name, b)
			if err != nil {
				t.Fatal(err)
			}
			if len(doc.Paths.Map()) == 0 {
				t.Fatalf("%s.yaml documents no paths", name)
			}
			for _, s := range doc.Servers {
				if len(s.URL) > 0 && s.URL[0] != '/' {
					t.Errorf("%s.yaml: server %q is absolute; paths must be relative to the provider's base URL", name, s.URL)
				}
			}
		})
	}
}
