package jose

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/go-json-experiment/json/jsontext"
)

// This file reads one JSON object member by member: ReadToken for the
// braces, ReadValue for member names and scalars, and arrays and objects
// token by token. That keeps what a map would lose (the members' order,
// their raw bytes, repeated names) and, on a syntax error, the members read
// before it and the error's byte offset.
//
// The tokens come from github.com/go-json-experiment/json/jsontext, not
// from encoding/json's Decoder. That module is the Go team's, and the
// standard library's encoding/json/jsontext (still behind
// GOEXPERIMENT=jsonv2) is made from it; the import can become the standard
// one when that is on by default. encoding/json (v1) has no token reader
// that is fast enough: in Token mode its Decoder scans every member name
// and scalar as a top-level value and builds, then drops, a SyntaxError for
// the byte after each one, about three allocations per token. That made
// decoding a JWT 1.8-2.8 times slower than golang-jwt's ParseUnverified;
// jsontext reads straight from the input and allocates nothing per token.
//
// The results stay encoding/json's: jsontext is set to accept what it
// accepts, readValue builds the values it builds (with UseNumber; tests
// and FuzzParseObject compare each one with encoding/json's), strings with
// escapes are unquoted by it, and a syntax error's offset and message come
// from its own check of the input.

// maxJSONDepth is encoding/json's nesting limit (its maxNestingDepth).
// jsontext has the same one and applies it from the object's own level.
const maxJSONDepth = 10000

// jsonError is a JSON syntax error at a byte offset of the object's text.
type jsonError struct {
	off int64
	msg string
}

func (e *jsonError) Error() string {
	return fmt.Sprintf("invalid JSON at byte %d: %s", e.off, e.msg)
}

// objectReader is a jsontext Decoder with the buffer it reads from. Both
// are reused through objectReaders: a new Decoder costs each object 3-4
// allocations and ~430 bytes (itself and its state stacks), a third of what
// a JWT's two objects allocate in all.
type objectReader struct {
	in  bytes.Buffer // wraps the object's text, which the Decoder reads without copying
	dec jsontext.Decoder
}

// objectReaders holds idle objectReaders. It is a cache of allocations,
// not state: a reader is reset before use, and before it goes back it is
// pointed at an empty buffer, so it keeps no reference to the last input
// (a token's claims).
var objectReaders = sync.Pool{New: func() any { return new(objectReader) }}

// jsonReadOptions make jsontext accept what encoding/json accepts:
// repeated names (parseObject reports them) and invalid UTF-8 (decoded as
// U+FFFD).
var jsonReadOptions = []jsontext.Options{jsontext.AllowDuplicateNames(true), jsontext.AllowInvalidUTF8(true)}

// reader returns an objectReader reading b; release gives it back.
// jsontext reads a bytes.Buffer's contents in place, without a copy.
func reader(b []byte) *objectReader {
	r := objectReaders.Get().(*objectReader)
	r.in = *bytes.NewBuffer(b)
	r.dec.Reset(&r.in, jsonReadOptions...)
	return r
}

func (r *objectReader) release() {
	r.in = bytes.Buffer{}
	r.dec.Reset(&r.in) // drops the Decoder's view of the last input
	objectReaders.Put(r)
}

// parseObject parses b as one JSON object and returns its members in order,
// the names that occur more than once, and the first syntax error. On error
// the members read before it are still returned. It accepts exactly the
// objects encoding/json accepts, and each Field.Value is what encoding/json
// (with UseNumber) decodes from its Field.Raw.
func ParseObject(b []byte) (fields []Field, dups []string, err error) {
	r := reader(b)
	defer r.release()
	dec := &r.dec
	tok, err := dec.ReadToken()
	if err != nil {
		if errors.Is(err, io.EOF) { // nothing but whitespace
			return nil, nil, &jsonError{off: int64(len(b)), msg: "empty input; want a JSON object"}
		}
		return nil, nil, jsonErrorFrom(err, b)
	}
	if tok.Kind() != '{' {
		return nil, nil, &jsonError{off: dec.InputOffset(), msg: fmt.Sprintf("found %s; want a JSON object", describeKind(tok.Kind()))}
	}
	// All raw values share one buffer (they cannot be longer than b), and
	// names and string values without escapes are substrings of one copy
	// of b.
	arena := make([]byte, 0, len(b))
	text := string(b)
	fields = make([]Field, 0, min(bytes.Count(b, []byte{':'}), 64))
	var seen map[string]bool // used only for large objects
	var compact bytes.Buffer
	for dec.PeekKind() != '}' { // on a syntax error, ReadValue reports it
		quoted, err := dec.ReadValue() // the name; jsontext allows only a string here
		if err != nil {
			return fields, dups, jsonErrorFrom(err, b)
		}
		name, err := rawString(quoted, inputText(text, dec, len(quoted)))
		if err != nil { // cannot happen for a string jsontext accepted
			return fields, dups, &jsonError{off: dec.InputOffset(), msg: err.Error()}
		}
		before := dec.InputOffset()
		v, err := readValue(dec, text)
		if err != nil {
			return fields, dups, jsonErrorFrom(err, b)
		}
		in := b[before:dec.InputOffset()]
		for in[0] == ':' || isJSONSpace(in[0]) { // the value follows the colon
			in = in[1:]
		}
		start := len(arena)
		arena = append(arena, in...) // never grows: the values are parts of b
		raw := json.RawMessage(arena[start:len(arena):len(arena)])
		// Only arrays and objects can hold space outside strings.
		if (raw[0] == '{' || raw[0] == '[') && bytes.ContainsAny(raw, " \t\r\n") {
			raw = compactRaw(raw, &compact)
		}
		if isDuplicate(fields, name, &seen) {
			dups = append(dups, name)
		}
		fields = append(fields, Field{Name: name, Raw: raw, Value: v})
	}
	if _, err := dec.ReadToken(); err != nil { // the closing brace
		return fields, dups, jsonErrorFrom(err, b)
	}
	for i := dec.InputOffset(); i < int64(len(b)); i++ {
		if !isJSONSpace(b[i]) {
			return fields, dups, &jsonError{off: i, msg: fmt.Sprintf("found %s after the JSON object", describeByte(b[i]))}
		}
	}
	return fields, dups, nil
}

// inputText returns the n bytes of text that dec has just read, as a
// string (ReadValue's result is only valid until the next read).
func inputText(text string, dec *jsontext.Decoder, n int) string {
	end := dec.InputOffset()
	return text[end-int64(n) : end]
}

// jsonErrorFrom turns a jsontext error into a jsonError at the byte where
// the damage is, with encoding/json's offset and message: parseObject
// stops at the first syntax error, which is the first one in b, so
// encoding/json's check of the whole input finds the same one.
func jsonErrorFrom(err error, b []byte) error {
	var syn *json.SyntaxError
	if werr := json.Unmarshal(b, new(json.RawMessage)); errors.As(werr, &syn) {
		off := syn.Offset
		if off > 0 && !errors.Is(werr, io.ErrUnexpectedEOF) && syn.Error() != "unexpected end of JSON input" {
			off-- // Offset counts the bytes read, the bad one included
		}
		return &jsonError{off: off, msg: syn.Error()}
	}
	// encoding/json accepts b: not expected, as jsontext is set up to
	// accept the same grammar; keep jsontext's own account.
	var jerr *jsontext.SyntacticError
	if errors.As(err, &jerr) {
		return &jsonError{off: min(max(jerr.ByteOffset, 0), int64(len(b))), msg: jerr.Err.Error()}
	}
	return &jsonError{off: int64(len(b)), msg: err.Error()}
}

// rawString decodes the JSON string raw like encoding/json. inText is raw
// as it stands in the input: without escapes, the result is a part of it.
func rawString(raw []byte, inText string) (string, error) {
	if s := inText[1 : len(inText)-1]; strings.IndexByte(s, '\\') < 0 && utf8.ValidString(s) {
		return s, nil
	}
	var v string
	err := json.Unmarshal(raw, &v)
	return v, err
}

// readValue reads the next value from dec and returns what encoding/json
// with UseNumber decodes from it: string, json.Number, bool, nil, []any or
// map[string]any (the last of repeated names wins, as there). text is the
// whole input as a string: strings without escapes and numbers are parts
// of it, not copies.
func readValue(dec *jsontext.Decoder, text string) (any, error) {
	switch dec.PeekKind() {
	case '[':
		if _, err := dec.ReadToken(); err != nil { // too deep
			return nil, err
		}
		elems := make([]any, 0)
		for dec.PeekKind() != ']' { // on a syntax error, the read reports it
			v, err := readValue(dec, text)
			if err != nil {
				return nil, err
			}
			elems = append(elems, v)
		}
		_, err := dec.ReadToken()
		return elems, err
	case '{':
		if _, err := dec.ReadToken(); err != nil {
			return nil, err
		}
		members := make(map[string]any)
		for dec.PeekKind() != '}' {
			name, err := readValue(dec, text) // jsontext allows only a string here
			if err != nil {
				return nil, err
			}
			v, err := readValue(dec, text)
			if err != nil {
				return nil, err
			}
			members[name.(string)] = v
		}
		_, err := dec.ReadToken()
		return members, err
	}
	raw, err := dec.ReadValue()
	if err != nil {
		return nil, err
	}
	inText := inputText(text, dec, len(raw))
	switch raw[0] {
	case '"':
		return rawString(raw, inText)
	case 't':
		return true, nil
	case 'f':
		return false, nil
	case 'n':
		return nil, nil
	}
	return json.Number(inText), nil
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

// describeKind names the kind of a jsontext token for error messages.
func describeKind(k jsontext.Kind) string {
	switch k {
	case '"':
		return "a string"
	case '0':
		return "a number"
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	}
	return fmt.Sprintf("%q", rune(k))
}

// describeByte names a byte for error messages.
func describeByte(c byte) string {
	if c >= 0x20 && c < 0x7f {
		return fmt.Sprintf("%q", c)
	}
	return fmt.Sprintf("byte 0x%02x", c)
}
