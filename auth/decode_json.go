package auth

import (
	"encoding/json"
	"fmt"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// This file holds a small JSON reader for token headers and claims. Unlike
// encoding/json it keeps the order of object members and the raw bytes of
// each value, and it returns the members read before a syntax error. It
// accepts exactly what encoding/json accepts and decodes values the same way
// (with UseNumber).

// maxJSONDepth is the nesting limit of encoding/json.
const maxJSONDepth = 10000

// jsonError is a JSON syntax error at a byte offset.
type jsonError struct {
	off int
	msg string
}

func (e *jsonError) Error() string {
	return fmt.Sprintf("invalid JSON at byte %d: %s", e.off, e.msg)
}

// jsonReader reads JSON from s. Values that are strings share s's memory.
type jsonReader struct {
	s     string
	i     int
	depth int
	// spaces counts the whitespace runs skipped so far, so that a caller
	// can tell whether a value's raw bytes need compacting.
	spaces int
}

// parseObject parses b as one JSON object and returns its members in order,
// the names that occur more than once, and the first syntax error. On error
// the members read before it are still returned. Field.Raw values alias b.
func parseObject(b []byte) (fields []Field, dups []string, err error) {
	r := jsonReader{s: string(b)}
	r.skipSpace()
	if !r.more() {
		return nil, nil, r.errorf("empty input; want a JSON object")
	}
	if r.s[r.i] != '{' {
		return nil, nil, r.errorf("found %s; want a JSON object", r.describe())
	}
	r.i++
	r.depth++
	n := strings.Count(r.s, ":")
	fields = make([]Field, 0, min(n, 64))
	var seen map[string]bool // used only for large objects
	r.skipSpace()
	if r.more() && r.s[r.i] == '}' {
		r.i++
		return fields, nil, r.end()
	}
	for {
		r.skipSpace()
		name, err := r.key()
		if err != nil {
			return fields, dups, err
		}
		start, spaces := r.i, r.spaces
		v, err := r.value()
		if err != nil {
			return fields, dups, err
		}
		raw := json.RawMessage(b[start:r.i:r.i])
		if r.spaces != spaces {
			raw = compactJSON(raw)
		}
		if isDuplicate(fields, name, &seen) {
			dups = append(dups, name)
		}
		fields = append(fields, Field{Name: name, Raw: raw, Value: v})
		r.skipSpace()
		if !r.more() {
			return fields, dups, r.errorf("unexpected end of JSON in object")
		}
		switch r.s[r.i] {
		case ',':
			r.i++
		case '}':
			r.i++
			return fields, dups, r.end()
		default:
			return fields, dups, r.errorf("found %s after object member; want , or }", r.describe())
		}
	}
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

// compactJSON returns raw without whitespace outside strings.
func compactJSON(raw []byte) json.RawMessage {
	out := make([]byte, 0, len(raw))
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
		case isJSONSpace(c):
			continue
		}
		out = append(out, c)
	}
	return out[:len(out):len(out)]
}

func isJSONSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r'
}

func (r *jsonReader) more() bool { return r.i < len(r.s) }

func (r *jsonReader) skipSpace() {
	start := r.i
	for r.i < len(r.s) && isJSONSpace(r.s[r.i]) {
		r.i++
	}
	if r.i != start {
		r.spaces++
	}
}

// end checks that only whitespace follows the top-level value.
func (r *jsonReader) end() error {
	r.skipSpace()
	if r.more() {
		return r.errorf("found %s after the JSON object", r.describe())
	}
	return nil
}

func (r *jsonReader) errorf(format string, args ...any) error {
	return &jsonError{off: r.i, msg: fmt.Sprintf(format, args...)}
}

// describe names the byte at the read position for error messages.
func (r *jsonReader) describe() string {
	if !r.more() {
		return "end of input"
	}
	c := r.s[r.i]
	if c >= 0x20 && c < 0x7f {
		return fmt.Sprintf("%q", c)
	}
	return fmt.Sprintf("byte 0x%02x", c)
}

// key reads an object member name and the colon after it.
func (r *jsonReader) key() (string, error) {
	if !r.more() {
		return "", r.errorf("unexpected end of JSON; want a member name")
	}
	if r.s[r.i] != '"' {
		return "", r.errorf("found %s; want a member name", r.describe())
	}
	name, err := r.str()
	if err != nil {
		return "", err
	}
	r.skipSpace()
	if !r.more() || r.s[r.i] != ':' {
		return "", r.errorf("found %s after member name; want :", r.describe())
	}
	r.i++
	r.skipSpace()
	return name, nil
}

// value reads any JSON value.
func (r *jsonReader) value() (any, error) {
	if !r.more() {
		return nil, r.errorf("unexpected end of JSON; want a value")
	}
	switch c := r.s[r.i]; {
	case c == '"':
		s, err := r.str()
		if err != nil {
			return nil, err
		}
		return s, nil
	case c == '{':
		m, err := r.object()
		if err != nil {
			return nil, err
		}
		return m, nil
	case c == '[':
		a, err := r.array()
		if err != nil {
			return nil, err
		}
		return a, nil
	case c == 't':
		return true, r.literal("true")
	case c == 'f':
		return false, r.literal("false")
	case c == 'n':
		return nil, r.literal("null")
	case c == '-' || '0' <= c && c <= '9':
		n, err := r.number()
		if err != nil {
			return nil, err
		}
		return n, nil
	}
	return nil, r.errorf("found %s; want a value", r.describe())
}

func (r *jsonReader) literal(word string) error {
	if !strings.HasPrefix(r.s[r.i:], word) {
		return r.errorf("found %s; want %s", r.describe(), word)
	}
	r.i += len(word)
	return nil
}

func (r *jsonReader) nest() error {
	r.depth++
	if r.depth > maxJSONDepth {
		return r.errorf("nested too deeply")
	}
	return nil
}

// object reads a nested object into a map; the last duplicate wins.
func (r *jsonReader) object() (map[string]any, error) {
	if err := r.nest(); err != nil {
		return nil, err
	}
	r.i++ // {
	m := make(map[string]any)
	r.skipSpace()
	if r.more() && r.s[r.i] == '}' {
		r.i++
		r.depth--
		return m, nil
	}
	for {
		r.skipSpace()
		k, err := r.key()
		if err != nil {
			return nil, err
		}
		v, err := r.value()
		if err != nil {
			return nil, err
		}
		m[k] = v
		r.skipSpace()
		if !r.more() {
			return nil, r.errorf("unexpected end of JSON in object")
		}
		switch r.s[r.i] {
		case ',':
			r.i++
		case '}':
			r.i++
			r.depth--
			return m, nil
		default:
			return nil, r.errorf("found %s after object member; want , or }", r.describe())
		}
	}
}

// array reads an array.
func (r *jsonReader) array() ([]any, error) {
	if err := r.nest(); err != nil {
		return nil, err
	}
	r.i++ // [
	a := []any{}
	r.skipSpace()
	if r.more() && r.s[r.i] == ']' {
		r.i++
		r.depth--
		return a, nil
	}
	for {
		r.skipSpace()
		v, err := r.value()
		if err != nil {
			return nil, err
		}
		a = append(a, v)
		r.skipSpace()
		if !r.more() {
			return nil, r.errorf("unexpected end of JSON in array")
		}
		switch r.s[r.i] {
		case ',':
			r.i++
		case ']':
			r.i++
			r.depth--
			return a, nil
		default:
			return nil, r.errorf("found %s after array element; want , or ]", r.describe())
		}
	}
}

// number reads a number following the JSON grammar, without converting it.
func (r *jsonReader) number() (json.Number, error) {
	s, start := r.s, r.i
	i := start
	if s[i] == '-' {
		i++
	}
	switch {
	case i < len(s) && s[i] == '0':
		i++
	case i < len(s) && '1' <= s[i] && s[i] <= '9':
		i = skipDigits(s, i)
	default:
		r.i = i
		return "", r.errorf("found %s in number; want a digit", r.describe())
	}
	if i < len(s) && s[i] == '.' {
		i++
		if i >= len(s) || s[i] < '0' || s[i] > '9' {
			r.i = i
			return "", r.errorf("found %s after decimal point; want a digit", r.describe())
		}
		i = skipDigits(s, i)
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		if i >= len(s) || s[i] < '0' || s[i] > '9' {
			r.i = i
			return "", r.errorf("found %s in exponent; want a digit", r.describe())
		}
		i = skipDigits(s, i)
	}
	r.i = i
	return json.Number(s[start:i]), nil
}

func skipDigits(s string, i int) int {
	for i < len(s) && '0' <= s[i] && s[i] <= '9' {
		i++
	}
	return i
}

// str reads a string. Strings without escapes or invalid UTF-8 are
// returned as substrings of the input, without copying.
func (r *jsonReader) str() (string, error) {
	s := r.s
	start := r.i + 1
	ascii := true
	for i := start; i < len(s); i++ {
		switch c := s[i]; {
		case c == '"':
			v := s[start:i]
			if !ascii && !utf8.ValidString(v) {
				break // invalid UTF-8: the slow path replaces it
			}
			r.i = i + 1
			return v, nil
		case c == '\\':
		case c < 0x20:
			r.i = i
			return "", r.errorf("control character %s in string", r.describe())
		case c >= utf8.RuneSelf:
			ascii = false
			continue
		default:
			continue
		}
		return r.strSlow(start)
	}
	r.i = len(s)
	return "", r.errorf("unexpected end of JSON in string")
}

// strSlow reads a string that has escapes or invalid UTF-8, decoding it
// like encoding/json: bad UTF-8 and lone surrogates become U+FFFD.
func (r *jsonReader) strSlow(start int) (string, error) {
	s := r.s
	b := make([]byte, 0, len(s)-start)
	i := start
	for i < len(s) {
		c := s[i]
		switch {
		case c == '"':
			r.i = i + 1
			return string(b), nil
		case c == '\\':
			if i+1 >= len(s) {
				r.i = len(s)
				return "", r.errorf("unexpected end of JSON in string")
			}
			switch e := s[i+1]; e {
			case '"', '\\', '/':
				b = append(b, e)
			case 'b':
				b = append(b, '\b')
			case 'f':
				b = append(b, '\f')
			case 'n':
				b = append(b, '\n')
			case 'r':
				b = append(b, '\r')
			case 't':
				b = append(b, '\t')
			case 'u':
				c1, ok := hex4(s[i+2:])
				if !ok {
					r.i = i
					return "", r.errorf("invalid \\u escape in string")
				}
				i += 6
				if utf16.IsSurrogate(c1) {
					if len(s) >= i+2 && s[i] == '\\' && s[i+1] == 'u' {
						if c2, ok := hex4(s[i+2:]); ok {
							if dec := utf16.DecodeRune(c1, c2); dec != utf8.RuneError {
								b = utf8.AppendRune(b, dec)
								i += 6
								continue
							}
						}
					}
					c1 = utf8.RuneError
				}
				b = utf8.AppendRune(b, c1)
				continue
			default:
				r.i = i + 1
				return "", r.errorf("invalid escape %s in string", r.describe())
			}
			i += 2
		case c < 0x20:
			r.i = i
			return "", r.errorf("control character %s in string", r.describe())
		case c < utf8.RuneSelf:
			b = append(b, c)
			i++
		default:
			c, size := utf8.DecodeRuneInString(s[i:])
			b = utf8.AppendRune(b, c) // U+FFFD for invalid bytes
			i += size
		}
	}
	r.i = len(s)
	return "", r.errorf("unexpected end of JSON in string")
}

// hex4 decodes the four hex digits at the start of s.
func hex4(s string) (rune, bool) {
	if len(s) < 4 {
		return 0, false
	}
	var v rune
	for i := 0; i < 4; i++ {
		c := s[i]
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c -= 'a' - 10
		case 'A' <= c && c <= 'F':
			c -= 'A' - 10
		default:
			return 0, false
		}
		v = v<<4 | rune(c)
	}
	return v, true
}
