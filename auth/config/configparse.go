package config

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"reflect"
	"strings"

	"github.com/tokeninspector/tokeninspector/auth"
)

// ConfigError says why a config file could not be used: which file, and
// where in it when the problem is its content.
type ConfigError struct {
	Path         string
	Line, Column int // 1-based; 0 when the problem has no position
	Err          error
}

// Error implements error, as "config FILE:LINE:COL: problem (...)".
func (e *ConfigError) Error() string {
	where := e.Path
	if e.Line > 0 {
		where = fmt.Sprintf("%s:%d:%d", e.Path, e.Line, e.Column)
	}
	return fmt.Sprintf("config %s: %v (the built-in profiles are used; the file is left as it is until you save)", where, e.Err)
}

// Unwrap returns the underlying read or JSON error.
func (e *ConfigError) Unwrap() error { return e.Err }

// parseConfig decodes a config file's content. On a syntax or type error it
// returns a *ConfigError with the position of the problem; unknown fields
// come back as warnings.
func parseConfig(path string, b []byte) (*Config, []string, *ConfigError) {
	c := &Config{}
	if err := json.Unmarshal(b, c); err != nil {
		line, col := 0, 0
		var syn *json.SyntaxError
		var typ *json.UnmarshalTypeError
		switch {
		case errors.As(err, &syn):
			// Offset is just past the offending byte; point at that byte,
			// or just past the end when the input stops early.
			off := syn.Offset
			if off < int64(len(b)) {
				off--
			}
			line, col = lineCol(b, off)
		case errors.As(err, &typ): // Offset is just past the value
			line, col = lineCol(b, typ.Offset)
		}
		return nil, nil, &ConfigError{Path: path, Line: line, Column: col, Err: err}
	}
	for i := range c.Profiles {
		c.Profiles[i].MigrateAuthParams()
		if c.Profiles[i].ClientSecret != "" {
			c.Profiles[i].SecretSource = auth.SecretFromConfig
		}
	}
	var warnings []string
	for _, u := range unknownFields(b, reflect.TypeFor[Config]()) {
		line, col := lineCol(b, u.offset)
		warnings = append(warnings, fmt.Sprintf("config %s:%d:%d: unknown field %q (ignored)", path, line, col, u.path))
	}
	return c, warnings, nil
}

// lineCol turns a byte offset into a 1-based line and column (in bytes).
// Offsets past the end point just after the last byte.
func lineCol(b []byte, offset int64) (line, col int) {
	off := int(min(max(offset, 0), int64(len(b))))
	before := b[:off]
	line = bytes.Count(before, []byte{'\n'}) + 1
	col = off - (bytes.LastIndexByte(before, '\n') + 1) + 1
	return line, col
}

// unknownField is a member name the config types do not have.
type unknownField struct {
	path   string // such as "profiles[1].client_scret"
	offset int64  // where its name starts
}

// unknownFields lists the object members of b (valid JSON) that t has no
// field for, recursing through structs, slices and maps. encoding/json's
// DisallowUnknownFields stops at the first one and gives no position, so
// this walks the document with its tokenizer instead.
func unknownFields(b []byte, t reflect.Type) []unknownField {
	dec := json.NewDecoder(bytes.NewReader(b))
	var out []unknownField
	walkValue(dec, b, t, "", &out)
	return out
}

// walkValue reads one JSON value from dec, judging it against type t (nil
// means anything goes), and records unknown members in out.
func walkValue(dec *json.Decoder, b []byte, t reflect.Type, path string, out *[]unknownField) {
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	tok, err := dec.Token()
	if err != nil {
		return
	}
	delim, ok := tok.(json.Delim)
	if !ok {
		return // a scalar: nothing below it
	}
	switch delim {
	case '[':
		var elem reflect.Type
		if t != nil && (t.Kind() == reflect.Slice || t.Kind() == reflect.Array) {
			elem = t.Elem()
		}
		for i := 0; dec.More(); i++ {
			walkValue(dec, b, elem, fmt.Sprintf("%s[%d]", path, i), out)
		}
	case '{':
		for dec.More() {
			keyTok, err := dec.Token()
			if err != nil {
				return
			}
			key, _ := keyTok.(string)
			name := key
			if path != "" {
				name = path + "." + key
			}
			var child reflect.Type
			switch {
			case t == nil:
			case t.Kind() == reflect.Map:
				child = t.Elem()
			case t.Kind() == reflect.Struct:
				f, found := structField(t, key)
				if !found {
					*out = append(*out, unknownField{path: name, offset: keyStart(b, dec.InputOffset())})
				} else {
					child = f
				}
			}
			walkValue(dec, b, child, name, out)
		}
	}
	_, _ = dec.Token() // the closing delimiter
}

// keyStart returns the offset of the opening quote of the member name
// that ends just before end in b.
func keyStart(b []byte, end int64) int64 {
	for i := min(end, int64(len(b))) - 2; i >= 0; i-- {
		if b[i] != '"' {
			continue
		}
		escapes := 0
		for j := i - 1; j >= 0 && b[j] == '\\'; j-- {
			escapes++
		}
		if escapes%2 == 0 {
			return i
		}
	}
	return 0
}

// structField finds the type of t's field that encoding/json would fill
// from member key (exact tag or name first, then case-insensitively).
func structField(t reflect.Type, key string) (reflect.Type, bool) {
	var fold reflect.Type
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" {
			continue
		}
		if f.Anonymous && name == "" && f.Type.Kind() == reflect.Struct {
			// An embedded struct's fields are the outer object's members
			// (Profile's groups), as encoding/json reads them.
			if ft, ok := structField(f.Type, key); ok {
				return ft, true
			}
			continue
		}
		if name == "" {
			name = f.Name
		}
		if name == key {
			return f.Type, true
		}
		if fold == nil && strings.EqualFold(name, key) {
			fold = f.Type
		}
	}
	return fold, fold != nil
}

// backUp copies the config file at path to path + ".bak" (mode 0600),
// before Save replaces a file that LoadConfig could not use.
func backUp(path string) error {
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("config: keeping a copy of %s: %w", path, err)
	}
	if err := os.WriteFile(path+".bak", b, 0o600); err != nil {
		return fmt.Errorf("config: keeping a copy of %s: %w", path, err)
	}
	return nil
}
