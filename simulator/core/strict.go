package core

import (
	"bytes"
	"encoding"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"

	"github.com/conformhq/conform/internal/suggest"
)

// FixtureKeyError is a fixtures key that names no setting: where it is in
// the document (weavr.users[0].pasword) and the nearest key allowed there.
type FixtureKeyError struct {
	Path string
	// Suggestion is the nearest key allowed there, in YAML ("password:");
	// "" when none is near.
	Suggestion string
	Known      []string
}

func (e *FixtureKeyError) Error() string {
	if e.Suggestion != "" {
		return fmt.Sprintf("%s is not a fixtures key; did you mean %s …?", e.Path, e.Suggestion)
	}
	return fmt.Sprintf("%s is not a fixtures key (allowed there: %s)", e.Path, strings.Join(e.Known, ", "))
}

// DecodeStrict decodes a fixtures section (section names it: "weavr") into
// v, refusing unknown keys as a *FixtureKeyError rather than
// encoding/json's "unknown field", which says neither where nor what was
// meant. Its errors quote keys, never values.
func DecodeStrict(section string, raw []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	if err == nil || !strings.HasPrefix(err.Error(), "json: unknown field") {
		return err
	}
	var tree any
	if json.Unmarshal(raw, &tree) == nil {
		if ke := unknownKey(tree, reflect.TypeOf(v), section); ke != nil {
			return ke
		}
	}
	return err
}

var textUnmarshaler = reflect.TypeFor[encoding.TextUnmarshaler]()
var jsonUnmarshaler = reflect.TypeFor[json.Unmarshaler]()

// unknownKey finds the first key of tree that t has no field for, as
// encoding/json matches them (case-insensitively).
func unknownKey(tree any, t reflect.Type, path string) *FixtureKeyError {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if reflect.PointerTo(t).Implements(jsonUnmarshaler) || reflect.PointerTo(t).Implements(textUnmarshaler) {
		return nil
	}
	switch node := tree.(type) {
	case []any:
		if t.Kind() != reflect.Slice && t.Kind() != reflect.Array {
			return nil
		}
		for i, x := range node {
			if e := unknownKey(x, t.Elem(), fmt.Sprintf("%s[%d]", path, i)); e != nil {
				return e
			}
		}
	case map[string]any:
		keys := make([]string, 0, len(node))
		for k := range node {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		switch t.Kind() {
		case reflect.Map:
			for _, k := range keys {
				if e := unknownKey(node[k], t.Elem(), path+"."+k); e != nil {
					return e
				}
			}
		case reflect.Struct:
			fields := jsonFields(t)
			names := make([]string, 0, len(fields))
			for n := range fields {
				names = append(names, n)
			}
			slices.Sort(names)
			for _, k := range keys {
				i := slices.IndexFunc(names, func(n string) bool { return strings.EqualFold(n, k) })
				if i < 0 {
					e := &FixtureKeyError{Path: path + "." + k, Known: names}
					if near := suggest.Closest(k, names); near != "" {
						e.Suggestion = near + ":"
					}
					return e
				}
				if e := unknownKey(node[k], fields[names[i]], path+"."+k); e != nil {
					return e
				}
			}
		}
	}
	return nil
}

// jsonFields are a struct's fields by their JSON names, embedded structs'
// included.
func jsonFields(t reflect.Type) map[string]reflect.Type {
	out := map[string]reflect.Type{}
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		switch {
		case name == "-" || !f.IsExported() && !f.Anonymous:
			continue
		case f.Anonymous && name == "":
			ft := f.Type
			for ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			if ft.Kind() == reflect.Struct {
				for k, v := range jsonFields(ft) {
					out[k] = v
				}
				continue
			}
		}
		if name == "" {
			name = f.Name
		}
		out[name] = f.Type
	}
	return out
}
