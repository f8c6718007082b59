package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tokeninspector/tokeninspector/auth"
)

func TestConfigUserEntryFillsInThePreset(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.json")
	// The README's example: a client id and a redirect port for the Decathlon preset.
	os.WriteFile(path, []byte(`{"default_profile":"decathlon-eu","profiles":[
		{"name":"decathlon-eu","client_id":"my-api-key","redirect_ports":[8080],"auth_params":{"locale":"fr"}},
		{"name":"keycloak-dev","issuer":"https://sso.dev.example.com/realms/main","client_id":"token-inspector","client_auth":"none"}]}`), 0o600)
	cfg, err := LoadConfig(path)
	if err != nil {
		t.Fatal(err)
	}
	p, ok := cfg.Find(auth.DecathlonProfileName)
	if !ok {
		t.Fatal("decathlon-eu missing")
	}
	if p.TokenURL != "https://api-eu.decathlon.net/connect/oauth/token" || p.ClientID != "my-api-key" || p.RedirectPorts[0] != 8080 || len(p.Scopes) != 3 || p.Auth() != auth.AuthPost {
		t.Errorf("merged profile = %+v", p)
	}
	p.ClientSecret = "from-env"
	if err := p.Validate(); err != nil {
		t.Errorf("Validate: %v", err)
	}
	cfg.Put(auth.Profile{Name: auth.DecathlonProfileName, Issuer: "https://staging.example.test", Client: auth.Client{ClientID: "x"}})
	if p, _ := cfg.Find(auth.DecathlonProfileName); p.TokenURL != "" || p.Issuer != "https://staging.example.test" {
		t.Errorf("another issuer kept the preset's token URL %q", p.TokenURL)
	}
	if _, ok := cfg.Find("keycloak-dev"); !ok {
		t.Error("user profile missing")
	}
	if names := len(cfg.All()); names != 3 {
		t.Errorf("All has %d profiles; want demo, decathlon-eu, keycloak-dev", names)
	}
}

func TestConfigSaveNeverWritesTypedSecrets(t *testing.T) {
	path := filepath.Join(t.TempDir(), "dir", "config.json")
	cfg, _ := LoadConfig(path)
	cfg.Put(auth.Profile{Name: "typed", Client: auth.Client{ClientID: "c", ClientSecret: "typed-s3cret", SecretSource: auth.SecretTyped}})
	cfg.Put(auth.Profile{Name: "env", Client: auth.Client{ClientID: "c", ClientSecret: "env-s3cret", SecretSource: auth.SecretFromEnv}})
	cfg.Put(auth.Profile{Name: "file", Client: auth.Client{ClientID: "c", ClientSecret: "file-s3cret", SecretSource: auth.SecretFromConfig}})
	if err := cfg.Save(); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(path)
	if strings.Contains(string(b), "typed-s3cret") || strings.Contains(string(b), "env-s3cret") || !strings.Contains(string(b), "file-s3cret") {
		t.Errorf("config file:\n%s", b)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Errorf("mode = %v; want 0600", fi.Mode().Perm())
	}
}
