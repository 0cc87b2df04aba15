package simulator

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// fixturesTree decodes a fixtures document into maps, slices and scalars,
// as yaml.v3 does into an `any`. Most documents are JSON objects (every
// scenario's sandbox is made with one), and YAML parsing was most of the
// cost of making a sandbox, so those are decoded as JSON, into the very
// values yaml.v3 gives (numbers as int, uint64 or float64); anything else,
// and any JSON that yaml.v3 might judge otherwise (a duplicate key, a
// character YAML does not allow, an escape, trailing data), is left to
// yaml.v3.
func fixturesTree(doc []byte) (any, error) {
	if tree, ok := jsonTree(doc); ok {
		return tree, nil
	}
	var tree any
	err := yaml.Unmarshal(doc, &tree)
	return tree, err
}

// errNotPlainJSON sends a document back to yaml.v3.
var errNotPlainJSON = errors.New("not a plain JSON object")

// jsonTree decodes doc if it is one JSON object without duplicate keys.
func jsonTree(doc []byte) (any, bool) {
	trimmed := bytes.TrimSpace(doc)
	// A backslash would be an escape, and yaml.v3 does not read all of
	// JSON's the same (it refuses `\/`): such documents are rare.
	if len(trimmed) == 0 || trimmed[0] != '{' || !yamlPrintable(doc) || bytes.IndexByte(doc, '\\') >= 0 {
		return nil, false
	}
	dec := json.NewDecoder(bytes.NewReader(trimmed))
	dec.UseNumber()
	v, err := jsonValue(dec, 0)
	if err != nil {
		// yaml.v3 then reads it, and refuses what nests too deep with
		// its own message.
		return nil, false
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, false
	}
	return v, true
}

// yamlPrintable reports whether doc is UTF-8 of characters YAML allows in
// a document (tab, line breaks and the printable ones), which yaml.v3
// checks and JSON does not.
func yamlPrintable(doc []byte) bool {
	for len(doc) > 0 {
		r, n := utf8.DecodeRune(doc)
		doc = doc[n:]
		switch {
		case r == utf8.RuneError && n <= 1:
			return false
		case r == '\t', r == '\n', r == '\r', r >= 0x20 && r <= 0x7e, r == 0x85,
			r >= 0xa0 && r <= 0xd7ff, r >= 0xe000 && r <= 0xfffd && r != 0xfeff, r >= 0x10000 && r <= 0x10ffff:
		default:
			return false
		}
	}
	return true
}

// maxFixtureDepth is how deep a fixtures document may nest, as yaml.v3
// allows: JSON read here must not cost more than the same YAML.
const maxFixtureDepth = 10000

// errTooDeep is a JSON document nested deeper than maxFixtureDepth.
var errTooDeep = fmt.Errorf("the document nests deeper than %d levels", maxFixtureDepth)

func jsonValue(dec *json.Decoder, depth int) (any, error) {
	if depth > maxFixtureDepth {
		return nil, errTooDeep
	}
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '{':
			m := map[string]any{}
			for dec.More() {
				kt, err := dec.Token()
				if err != nil {
					return nil, err
				}
				k, ok := kt.(string)
				if !ok {
					return nil, errNotPlainJSON
				}
				if _, dup := m[k]; dup {
					return nil, errNotPlainJSON
				}
				if m[k], err = jsonValue(dec, depth+1); err != nil {
					return nil, err
				}
			}
			_, err := dec.Token() // '}'
			return m, err
		case '[':
			s := []any{}
			for dec.More() {
				v, err := jsonValue(dec, depth+1)
				if err != nil {
					return nil, err
				}
				s = append(s, v)
			}
			_, err := dec.Token() // ']'
			return s, err
		}
		return nil, errNotPlainJSON
	case json.Number:
		return yamlNumber(t)
	}
	return tok, nil // string, bool or nil
}

// yamlNumber is the value yaml.v3 gives a JSON number: an int when it is
// one that fits, else a uint64, else a float64; one out of a float64's
// range goes back to yaml.v3.
func yamlNumber(n json.Number) (any, error) {
	s := string(n)
	if i, err := strconv.ParseInt(s, 10, 64); err == nil {
		if int64(int(i)) == i {
			return int(i), nil
		}
		return i, nil
	}
	if u, err := strconv.ParseUint(s, 10, 64); err == nil {
		return u, nil
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return nil, errNotPlainJSON
	}
	return f, nil
}
