package config

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tokeninspector/tokeninspector/auth"
)

func TestConfigTruncatedStartsWithBuiltinsAndKeepsTheFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.json")
	broken := "{\n  \"default_profile\": \"mine\",\n  \"profiles\": [\n    {\"name\": \"mine\", \"client_id\": \"c\""
	if err := os.WriteFile(path, []byte(broken), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, err := LoadConfig(path)
	if cfg == nil {
		t.Fatal("LoadConfig returned no config for a truncated file")
	}
	var ce *ConfigError
	if !errors.As(err, &ce) || ce.Path != path || ce.Line != 4 || ce.Column != 38 {
		t.Fatalf("error = %#v; want a *ConfigError at %s:4:38 (just past the end)", err, path)
	}
	if msg := err.Error(); !strings.Contains(msg, path+":4:38") || !strings.Contains(msg, "built-in profiles") {
		t.Errorf("message %q lacks the place or what happens next", msg)
	}
	if cfg.LoadError() == nil {
		t.Error("LoadError is nil after a failed load")
	}
	if _, ok := cfg.Find(auth.DemoProfileName); !ok || len(cfg.Profiles) != 0 {
		t.Errorf("profiles after a failed load: user %v, demo found %v", cfg.Profiles, ok)
	}
	if b, _ := os.ReadFile(path); string(b) != broken {
		t.Fatal("loading rewrote the broken file")
	}

	// Saving keeps the old file as .bak, once.
	cfg.Put(auth.Profile{Name: "new", Client: auth.Client{ClientID: "n"}})
	if err := cfg.Save(); err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(path + ".bak"); err != nil || string(b) != broken {
		t.Fatalf(".bak = %q, %v; want the broken file", b, err)
	}
	if fi, err := os.Stat(path + ".bak"); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf(".bak mode: %v %v", fi, err)
	}
	again, err := LoadConfig(path)
	if err != nil || len(again.Profiles) != 1 || again.Profiles[0].Name != "new" {
		t.Fatalf("after save: %v, %+v", err, again.Profiles)
	}
	if cfg.LoadError() != nil {
		t.Error("LoadError still set after a save")
	}
	cfg.Put(auth.Profile{Name: "newer", Client: auth.Client{ClientID: "n"}})
	if err := cfg.Save(); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(path + ".bak"); string(b) != broken {
		t.Error("a second save replaced the .bak of the broken file")
	}
}

func TestConfigErrorsNameTheirPlace(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct {
		name, body string
		line, col  int
	}{
		{"empty", "", 1, 1},
		{"syntax", "{\"profiles\": [\n  {\"name\": \"a\",, }\n]}", 2, 16},
		{"type", "{\"profiles\": [\n  {\"name\": \"a\", \"redirect_ports\": \"8080\"}\n]}", 2, 41}, // just past the value
		{"not an object", "[1, 2]", 1, 2},
	} {
		path := filepath.Join(dir, c.name+".json")
		os.WriteFile(path, []byte(c.body), 0o600)
		cfg, err := LoadConfig(path)
		var ce *ConfigError
		if cfg == nil || !errors.As(err, &ce) || ce.Line != c.line || ce.Column != c.col {
			t.Errorf("%s: cfg %v, err %v (%+v); want line %d col %d", c.name, cfg != nil, err, ce, c.line, c.col)
		}
	}
	// Unreadable: a directory where the file should be.
	path := filepath.Join(dir, "isdir")
	os.Mkdir(path, 0o700)
	cfg, err := LoadConfig(path)
	var ce *ConfigError
	if cfg == nil || !errors.As(err, &ce) || ce.Line != 0 || !strings.Contains(err.Error(), path) {
		t.Errorf("directory: cfg %v, err %v", cfg != nil, err)
	}
}

func TestConfigUnknownFieldsWarnNotFail(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.json")
	os.WriteFile(path, []byte(`{
  "default_profile": "a",
  "theme": "dark",
  "profiles": [
    {"name": "a", "client_id": "c", "auth_params": {"locale": "fr"}},
    {"name": "b", "clientid": "x", "Client_ID": "y",
     "nested": {"deep": [1, {"x": 2}]}}
  ]
}`), 0o600)
	cfg, err := LoadConfig(path)
	if err != nil {
		t.Fatalf("unknown fields are fatal: %v", err)
	}
	if p, ok := cfg.Find("b"); !ok || p.ClientID != "y" {
		t.Errorf("profile b = %+v (encoding/json matches Client_ID case-insensitively)", p)
	}
	w := strings.Join(cfg.Warnings(), "\n")
	for _, want := range []string{
		path + `:3:3: unknown field "theme"`,
		path + `:6:19: unknown field "profiles[1].clientid"`,
		path + `:7:6: unknown field "profiles[1].nested"`,
	} {
		if !strings.Contains(w, want) {
			t.Errorf("warnings lack %q:\n%s", want, w)
		}
	}
	if n := len(cfg.Warnings()); n != 3 {
		t.Errorf("%d warnings; want 3 (auth_params keys and Client_ID are known):\n%s", n, w)
	}
}
