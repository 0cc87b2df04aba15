package redact

import (
	"bytes"
	"encoding/json"
	"maps"
	"slices"
	"strings"
)

// JSON returns a copy of body with the values of secret fields (password,
// oldPassword, newPassword, token, accessToken, access_token, refresh_token,
// otp, verificationCode, client_secret, secret, apiSecret, api_secret,
// apiKey, api_key, pin, and value inside a password object) replaced by the
// JSON string Mask, at any depth, matching field names case-insensitively.
//
// Everything else is copied byte for byte, so key order, whitespace and the
// spelling of numbers survive. Null and boolean values are kept (they reveal
// nothing); an array or object under a secret field is masked whole, except
// a password object, whose fields are masked by the same rules.
//
// A body that is not valid JSON is returned unchanged: it cannot be masked by
// structure, only by Secrets.
func JSON(body []byte) []byte {
	if !json.Valid(body) {
		return body
	}
	w := walker{b: body, out: make([]byte, 0, len(body))}
	w.space(w.value(0))
	return w.out
}

// secretValues returns the literal values JSON would mask in body, so that
// Secrets can mask them wherever else they appear.
func secretValues(body []byte) []string {
	if !json.Valid(body) {
		return nil
	}
	var values []string
	w := walker{b: body, found: func(v string) { values = append(values, v) }}
	w.value(0)
	return values
}

// walker copies a valid JSON document to out, masking secret values, and
// reports each masked value to found. It relies on json.Valid having
// accepted b, so it does no error checking of its own.
type walker struct {
	b     []byte
	out   []byte
	found func(string)
}

// space copies the whitespace at i and returns the index after it.
func (w *walker) space(i int) int {
	start := i
	for i < len(w.b) && strings.IndexByte(" \t\r\n", w.b[i]) >= 0 {
		i++
	}
	w.out = append(w.out, w.b[start:i]...)
	return i
}

// value copies the value at i (after any whitespace) and returns the index
// after it.
func (w *walker) value(i int) int {
	i = w.space(i)
	switch w.b[i] {
	case '{':
		return w.object(i, false)
	case '[':
		w.out = append(w.out, '[')
		i = w.space(i + 1)
		if w.b[i] == ']' {
			w.out = append(w.out, ']')
			return i + 1
		}
		for {
			i = w.space(w.value(i))
			w.out = append(w.out, w.b[i])
			if w.b[i] == ']' {
				return i + 1
			}
			i++
		}
	default:
		end := scalarEnd(w.b, i)
		w.out = append(w.out, w.b[i:end]...)
		return end
	}
}

// object copies the object at i, masking the values of secret fields and,
// in a password object, of its "value" field.
func (w *walker) object(i int, password bool) int {
	w.out = append(w.out, '{')
	i = w.space(i + 1)
	if w.b[i] == '}' {
		w.out = append(w.out, '}')
		return i + 1
	}
	for {
		keyEnd := scalarEnd(w.b, i)
		var key string
		_ = json.Unmarshal(w.b[i:keyEnd], &key) // decoded, so escapes cannot hide a name
		w.out = append(w.out, w.b[i:keyEnd]...)
		i = w.space(keyEnd)
		w.out = append(w.out, ':')
		i = w.space(i + 1)
		key = strings.ToLower(key)
		if password && key == "value" {
			key = "password" // masked like the password it stands for
		}
		i = w.space(w.field(key, i))
		w.out = append(w.out, w.b[i])
		if w.b[i] == '}' {
			return i + 1
		}
		i = w.space(i + 1)
	}
}

// field copies the value at i of the field named key (lower-cased).
func (w *walker) field(key string, i int) int {
	if !secretFields[key] {
		return w.value(i)
	}
	switch c := w.b[i]; {
	case c == '{' && passwordObjects[key]:
		return w.object(i, true)
	case c == 'n' || c == 't' || c == 'f':
		return w.value(i)
	default:
		end := skip(w.b, i)
		w.report(w.b[i:end])
		w.out = append(w.out, `"`+Mask+`"`...)
		return end
	}
}

// report passes every string and number in a masked value to found.
func (w *walker) report(raw []byte) {
	if w.found == nil {
		return
	}
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber() // the literal spelling, as it may appear elsewhere
	var v any
	if d.Decode(&v) == nil {
		leaves(v, w.found)
	}
}

// leaves passes every string and number in v (object keys excepted) to f.
func leaves(v any, f func(string)) {
	switch v := v.(type) {
	case string:
		f(v)
	case json.Number:
		f(v.String())
	case []any:
		for _, e := range v {
			leaves(e, f)
		}
	case map[string]any:
		// Sorted so that what is learned does not depend on map order.
		for _, k := range slices.Sorted(maps.Keys(v)) {
			leaves(v[k], f)
		}
	}
}

// scalarEnd returns the index after the string, number or literal at i.
func scalarEnd(b []byte, i int) int {
	if b[i] == '"' {
		for j := i + 1; j < len(b); j++ {
			switch b[j] {
			case '\\':
				j++
			case '"':
				return j + 1
			}
		}
		return len(b)
	}
	j := i
	for j < len(b) && strings.IndexByte(",]} \t\r\n", b[j]) < 0 {
		j++
	}
	return j
}

// skip returns the index after the value at i without copying it.
func skip(b []byte, i int) int {
	if b[i] != '{' && b[i] != '[' {
		return scalarEnd(b, i)
	}
	depth := 0
	for j := i; j < len(b); j++ {
		switch b[j] {
		case '"':
			j = scalarEnd(b, j) - 1
		case '{', '[':
			depth++
		case '}', ']':
			depth--
			if depth == 0 {
				return j + 1
			}
		}
	}
	return len(b)
}
