package cli

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/tokeninspector/tokeninspector/auth"
	"github.com/tokeninspector/tokeninspector/auth/config"
	"github.com/tokeninspector/tokeninspector/auth/demoidp"
)

// login --register: a public native client registered at the demo
// provider, kept in the named profile, then the login with it; the JSON
// shows the registration.
func TestCLILoginRegister(t *testing.T) {
	withFakeBrowser(t)
	srv, err := demoidp.New(demoidp.Options{AutoApprove: true})
	if err != nil {
		t.Fatal(err)
	}
	issuer, err := srv.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	cfgPath := filepath.Join(t.TempDir(), "config.json")
	cfg, _ := config.LoadConfig(cfgPath)
	cfg.Put(auth.Profile{Name: "dynp", Issuer: issuer, Client: auth.Client{ClientAuth: auth.AuthNone}, GrantOptions: auth.GrantOptions{Scopes: []string{"openid"}}})
	if err := cfg.Save(); err != nil {
		t.Fatal(err)
	}
	var out struct {
		AccessToken  string `json:"access_token"`
		Registration struct {
			ClientID              string `json:"client_id"`
			ClientIDIssuedAt      int64  `json:"client_id_issued_at"`
			ClientSecretExpiresAt *int64 `json:"client_secret_expires_at"`
			AuthMethod            string `json:"token_endpoint_auth_method"`
		} `json:"registration"`
	}
	errs := runJSON(t, &out, "", "login", "--register", "--profile", "dynp", "--config", cfgPath)
	r := out.Registration
	if out.AccessToken == "" || !strings.HasPrefix(r.ClientID, "dyn-") || r.ClientIDIssuedAt == 0 || r.ClientSecretExpiresAt == nil || r.AuthMethod != "none" {
		t.Fatalf("login --register printed %+v; want tokens and the registration with its times", out)
	}
	if !strings.Contains(errs, "Registered client "+r.ClientID) {
		t.Errorf("stderr %q does not name the registered client", errs)
	}
	saved, _ := config.LoadConfig(cfgPath)
	if p, ok := saved.Find("dynp"); !ok || p.ClientID != r.ClientID || p.ClientIDIssuedAt != r.ClientIDIssuedAt {
		t.Errorf("the profile kept %+v; want the registered client and its issue time", p.Client)
	}
}
