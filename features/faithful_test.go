package features_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/conformhq/conform/internal/provider/all"
	"github.com/conformhq/conform/reports"
	"github.com/conformhq/conform/simulator"
)

// variant rewrites the simulator's answers the way another deployment may
// answer while following the provider's reference: the whole suite must
// still pass through it (contract rule 1: no false alarm).
type variant struct {
	name string
	// provider limits the variant to one provider's API ("" for all).
	provider string
	rewrite  func(r *http.Request, status int, hdr http.Header, body []byte) (int, []byte)
}

// genericVariants vary what no reference constrains: extra response
// fields, key order, whitespace, the charset of JSON.
func genericVariants() []variant {
	return []variant{
		{name: "extra fields, reversed key order, indented", rewrite: func(r *http.Request, status int, hdr http.Header, body []byte) (int, []byte) {
			if !isJSON(hdr) {
				return status, body
			}
			out, err := reshape(body)
			if err != nil {
				return status, body
			}
			return status, out
		}},
		{name: "charset on JSON", rewrite: func(r *http.Request, status int, hdr http.Header, body []byte) (int, []byte) {
			if ct := hdr.Get("Content-Type"); isJSON(hdr) && !strings.Contains(ct, "charset") {
				hdr.Set("Content-Type", ct+"; charset=utf-8")
			}
			return status, body
		}},
	}
}

func isJSON(hdr http.Header) bool {
	ct := hdr.Get("Content-Type")
	return strings.HasPrefix(ct, "application/json") || strings.HasPrefix(ct, "application/vnd.goa.error")
}

// reshape re-encodes a JSON document with every object's keys in reverse
// order, an extra field in every object, and indentation. Numbers keep
// their spelling.
func reshape(body []byte) ([]byte, error) {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	v, err := decodeOrdered(dec)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	encodeOrdered(&b, v, "")
	return b.Bytes(), nil
}

type member struct {
	key   string
	value any
}

func decodeOrdered(dec *json.Decoder) (any, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '{':
			var obj []member
			for dec.More() {
				k, err := dec.Token()
				if err != nil {
					return nil, err
				}
				v, err := decodeOrdered(dec)
				if err != nil {
					return nil, err
				}
				obj = append(obj, member{k.(string), v})
			}
			_, err := dec.Token()
			return obj, err
		case '[':
			arr := []any{}
			for dec.More() {
				v, err := decodeOrdered(dec)
				if err != nil {
					return nil, err
				}
				arr = append(arr, v)
			}
			_, err := dec.Token()
			return arr, err
		}
	}
	return tok, nil
}

func encodeOrdered(b *bytes.Buffer, v any, indent string) {
	switch t := v.(type) {
	case []member:
		members := append(slices.Clone(t), member{"x_conform_variant", "extra"})
		slices.Reverse(members)
		b.WriteString("{\n")
		for i, m := range members {
			k, _ := json.Marshal(m.key)
			b.WriteString(indent + "  " + string(k) + ": ")
			encodeOrdered(b, m.value, indent+"  ")
			if i < len(members)-1 {
				b.WriteString(",")
			}
			b.WriteString("\n")
		}
		b.WriteString(indent + "}")
	case []any:
		b.WriteString("[")
		for i, x := range t {
			if i > 0 {
				b.WriteString(", ")
			}
			encodeOrdered(b, x, indent)
		}
		b.WriteString("]")
	case json.Number:
		b.WriteString(t.String())
	default:
		out, _ := json.Marshal(t)
		b.Write(out)
	}
}

// faithful serves h, rewriting the provider APIs' answers (never the
// control API's) with every variant that applies.
func faithful(h http.Handler, variants []variant) http.Handler {
	return mutant(h, func(r *http.Request, status int, hdr http.Header, body []byte) (int, []byte) {
		if strings.HasPrefix(r.URL.Path, "/_control") {
			return status, body
		}
		for _, v := range variants {
			if v.provider == "" || strings.HasPrefix(r.URL.Path, "/"+v.provider+"/") {
				status, body = v.rewrite(r, status, hdr, body)
			}
		}
		return status, body
	})
}

// TestSuitePassesFaithfulVariants runs the whole suite through a proxy that
// varies every answer within what the providers' references allow: no
// scenario may fail (rule 1). The variants of each provider are in
// variants_<provider>_test.go.
func TestSuitePassesFaithfulVariants(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the whole suite through a proxy")
	}
	variants := append(genericVariants(), providerVariants()...)
	sim, err := simulator.New(simulator.Options{Providers: all.Providers().Simulators()})
	if err != nil {
		t.Fatal(err)
	}
	target := served(t, faithful(sim, variants))
	for _, p := range all.Providers() {
		t.Run(p.Name, func(t *testing.T) {
			run := runProviders(t, target, p.Name)
			total := reports.CountScenarios(run)
			if total.Scenarios == 0 {
				t.Fatal("no scenario ran")
			}
			for _, f := range run.Features {
				for _, s := range f.Scenarios {
					if s.Outcome == reports.Failed {
						t.Errorf("false alarm: %s:%d %q: %s", f.URI, s.Line, s.Name, run.Secrets.String(s.Reason))
					}
				}
			}
			t.Logf("%d scenarios through %d variants: %d passed, %d failed", total.Scenarios, len(variants), total.Passed, total.Failed)
		})
	}
}

// TestReshape: the generic variant keeps the document's meaning.
func TestReshape(t *testing.T) {
	in := `{"a":1,"b":[true,null,{"c":"d"}],"e":1.50}`
	out, err := reshape([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	var got, want map[string]any
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	_ = json.Unmarshal([]byte(in), &want)
	if got["x_conform_variant"] != "extra" || !strings.Contains(string(out), "1.50") || strings.Index(string(out), `"e"`) > strings.Index(string(out), `"a"`) {
		t.Errorf("reshape(%s) =\n%s", in, out)
	}
	delete(got, "x_conform_variant")
	inner := got["b"].([]any)[2].(map[string]any)
	delete(inner, "x_conform_variant")
	gb, _ := json.Marshal(got)
	wb, _ := json.Marshal(want)
	if !bytes.Equal(gb, wb) {
		t.Errorf("meaning changed:\n%s\n%s", gb, wb)
	}
}
