package auth

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// This file reads one JSON object member by member with encoding/json's
// Decoder: Token for the braces and member names, Decode into a
// json.RawMessage for each value. That keeps what a map would lose (the
// members' order, their raw bytes, repeated names) and, on a syntax error,
// the members read before it and the error's byte offset.

// maxJSONDepth is encoding/json's nesting limit (its maxNestingDepth).
const maxJSONDepth = 10000

// jsonError is a JSON syntax error at a byte offset of the object's text.
type jsonError struct {
	off int64
	msg string
}

func (e *jsonError) Error() string {
	return fmt.Sprintf("invalid JSON at byte %d: %s", e.off, e.msg)
}

// parseObject parses b as one JSON object and returns its members in order,
// the names that occur more than once, and the first syntax error. On error
// the members read before it are still returned. It accepts exactly the
// objects encoding/json accepts, and each Field.Value is what encoding/json
// (with UseNumber) decodes from its Field.Raw.
func parseObject(b []byte) (fields []Field, dups []string, err error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	tok, err := dec.Token()
	if err != nil {
		if errors.Is(err, io.EOF) { // nothing but whitespace
			return nil, nil, &jsonError{off: int64(len(b)), msg: "empty input; want a JSON object"}
		}
		return nil, nil, jsonErrorFrom(err, b)
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return nil, nil, &jsonError{off: dec.InputOffset(), msg: fmt.Sprintf("found %s; want a JSON object", describeToken(tok))}
	}
	// All raw values share one buffer (they cannot be longer than b), and
	// string values without escapes are substrings of one copy of b.
	arena := make([]byte, 0, len(b))
	text := string(b)
	fields = make([]Field, 0, min(bytes.Count(b, []byte{':'}), 64))
	var seen map[string]bool // used only for large objects
	var compact bytes.Buffer
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return fields, dups, jsonErrorFrom(err, b)
		}
		name, ok := tok.(string)
		if !ok { // Token checks the grammar, so this is only defensive.
			return fields, dups, &jsonError{off: dec.InputOffset(), msg: fmt.Sprintf("found %s; want a member name", describeToken(tok))}
		}
		raw := json.RawMessage(arena[len(arena):len(arena):cap(arena)])
		if err := dec.Decode(&raw); err != nil {
			return fields, dups, jsonErrorFrom(err, b)
		}
		if cap(raw) == cap(arena)-len(arena) { // appended in place
			arena = arena[:len(arena)+len(raw)]
		}
		raw = raw[:len(raw):len(raw)]
		end := dec.InputOffset() // the Decoder stops right after the value
		inText := text[end-int64(len(raw)) : end]
		if len(raw) > 2*(maxJSONDepth-1) && nestingDepth(raw) >= maxJSONDepth {
			// The Decoder counts the depth of each value from zero; the
			// object around it is one level more.
			return fields, dups, &jsonError{off: dec.InputOffset(), msg: "exceeded max depth"}
		}
		if bytes.ContainsAny(raw, " \t\r\n") {
			raw = compactRaw(raw, &compact)
		}
		v, err := rawValue(raw, inText)
		if err != nil { // cannot happen for a value the Decoder accepted
			return fields, dups, &jsonError{off: dec.InputOffset(), msg: err.Error()}
		}
		if isDuplicate(fields, name, &seen) {
			dups = append(dups, name)
		}
		fields = append(fields, Field{Name: name, Raw: raw, Value: v})
	}
	if _, err := dec.Token(); err != nil { // the closing brace
		return fields, dups, jsonErrorFrom(err, b)
	}
	off := dec.InputOffset()
	for i := off; i < int64(len(b)); i++ {
		if !isJSONSpace(b[i]) {
			return fields, dups, &jsonError{off: i, msg: fmt.Sprintf("found %s after the JSON object", describeByte(b[i]))}
		}
	}
	return fields, dups, nil
}

// jsonErrorFrom turns a Decoder error into a jsonError at the byte where
// the damage is. In Token mode the Decoder counts SyntaxError.Offset from
// the start of the value it was reading, not of the input, so the offset
// comes from encoding/json's check of the whole input instead: parseObject
// stops at the first syntax error, which is the first one in b.
func jsonErrorFrom(err error, b []byte) error {
	var syn *json.SyntaxError
	if werr := json.Unmarshal(b, new(json.RawMessage)); errors.As(werr, &syn) {
		off := syn.Offset
		if off > 0 && !errors.Is(werr, io.ErrUnexpectedEOF) && syn.Error() != "unexpected end of JSON input" {
			off-- // Offset counts the bytes read, the bad one included
		}
		return &jsonError{off: off, msg: syn.Error()}
	}
	return &jsonError{off: int64(len(b)), msg: err.Error()}
}

// rawValue decodes one compact JSON value like encoding/json with
// UseNumber. Scalars, the bulk of any token, skip the reflection path.
// inText is the value as it stands in the input, as a string: a string
// value without escapes is returned as a part of it, without copying.
func rawValue(raw []byte, inText string) (any, error) {
	switch raw[0] {
	case '"':
		if s := inText[1 : len(inText)-1]; strings.IndexByte(s, '\\') < 0 && utf8.ValidString(s) {
			return s, nil
		}
		var v string
		err := json.Unmarshal(raw, &v)
		return v, err
	case 't':
		return true, nil
	case 'f':
		return false, nil
	case 'n':
		return nil, nil
	case '{', '[':
		var v any
		if !bytes.ContainsAny(raw, "0123456789") { // no numbers: UseNumber changes nothing
			err := json.Unmarshal(raw, &v)
			return v, err
		}
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.UseNumber()
		err := dec.Decode(&v)
		return v, err
	}
	return json.Number(raw), nil
}

// compactRaw returns raw without whitespace outside strings, or raw itself
// when it has none (the space was inside strings).
func compactRaw(raw []byte, buf *bytes.Buffer) json.RawMessage {
	buf.Reset()
	if err := json.Compact(buf, raw); err != nil || buf.Len() == len(raw) {
		return raw
	}
	return bytes.Clone(buf.Bytes())
}

// nestingDepth returns the deepest nesting of arrays and objects in the
// valid JSON value raw.
func nestingDepth(raw []byte) int {
	depth, deepest := 0, 0
	inString, escaped := false, false
	for _, c := range raw {
		switch {
		case inString:
			switch {
			case escaped:
				escaped = false
			case c == '\\':
				escaped = true
			case c == '"':
				inString = false
			}
		case c == '"':
			inString = true
		case c == '{' || c == '[':
			depth++
			deepest = max(deepest, depth)
		case c == '}' || c == ']':
			depth--
		}
	}
	return deepest
}

// isDuplicate reports whether name is already among fields. Small objects
// are searched linearly; large ones use *seen, built on first need.
func isDuplicate(fields []Field, name string, seen *map[string]bool) bool {
	const linear = 16
	if len(fields) < linear {
		for _, f := range fields {
			if f.Name == name {
				return true
			}
		}
		return false
	}
	if *seen == nil {
		*seen = make(map[string]bool, 2*len(fields))
		for _, f := range fields {
			(*seen)[f.Name] = true
		}
	}
	dup := (*seen)[name]
	(*seen)[name] = true
	return dup
}

func isJSONSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r'
}

// describeToken names a Decoder token for error messages.
func describeToken(tok any) string {
	switch v := tok.(type) {
	case json.Delim:
		return fmt.Sprintf("%q", rune(v))
	case string:
		return "a string"
	case json.Number:
		return "a number"
	case bool:
		return "a boolean"
	case nil:
		return "null"
	}
	return fmt.Sprintf("%T", tok)
}

// describeByte names a byte for error messages.
func describeByte(c byte) string {
	if c >= 0x20 && c < 0x7f {
		return fmt.Sprintf("%q", c)
	}
	return fmt.Sprintf("byte 0x%02x", c)
}
