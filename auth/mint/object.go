package mint

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/tokeninspector/tokeninspector/auth/jose"
)

// Object is a JSON object as members in order, each value kept as its raw
// bytes: editing one member leaves the others byte for byte as they were.
type Object []jose.Field

// ParseObject reads a JSON object, keeping its members' order and bytes.
func ParseObject(b []byte) (Object, error) {
	fs, dups, err := jose.ParseObject(b)
	if err != nil {
		return nil, err
	}
	if len(dups) > 0 {
		return nil, fmt.Errorf("member %q appears more than once", dups[0])
	}
	return Object(fs), nil
}

// Get returns the raw value of name.
func (o Object) Get(name string) (json.RawMessage, bool) {
	for _, f := range o {
		if f.Name == name {
			return f.Raw, true
		}
	}
	return nil, false
}

// Set replaces the value of name where it is, or appends it.
func (o *Object) Set(name string, raw json.RawMessage) {
	for i := range *o {
		if (*o)[i].Name == name {
			(*o)[i] = jose.Field{Name: name, Raw: raw}
			return
		}
	}
	*o = append(*o, jose.Field{Name: name, Raw: raw})
}

// SetValue sets name to v encoded as JSON.
func (o *Object) SetValue(name string, v any) {
	b, err := json.Marshal(v)
	if err != nil { // only for values json cannot encode, which callers never pass
		panic(err)
	}
	o.Set(name, b)
}

// Unset removes name; it reports whether it was there.
func (o *Object) Unset(name string) bool {
	for i := range *o {
		if (*o)[i].Name == name {
			*o = append((*o)[:i:i], (*o)[i+1:]...)
			return true
		}
	}
	return false
}

// Bytes is the object as compact JSON, members in order.
func (o Object) Bytes() []byte {
	var buf bytes.Buffer
	jose.FieldsObject(&buf, o)
	return buf.Bytes()
}

// Clone copies the member list (raw values are shared: they are never
// modified in place).
func (o Object) Clone() Object { return append(Object(nil), o...) }
