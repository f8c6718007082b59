package cli

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/tokeninspector/tokeninspector/auth/demoidp"
	"github.com/tokeninspector/tokeninspector/auth/demoidp/demoidptest"
	"github.com/tokeninspector/tokeninspector/auth/keyring"
	"github.com/tokeninspector/tokeninspector/auth/remembered"
)

// defaultsJSON is what login prints of the settings it chose.
type defaultsJSON struct {
	Scope    string `json:"scope"`
	Defaults struct {
		Scope      *struct{ Value, Why string } `json:"scope"`
		ClientAuth *struct{ Value, Why string } `json:"client_auth"`
	} `json:"defaults"`
	RefreshToken string `json:"refresh_token"`
	IDToken      string `json:"id_token"`
}

// login --issuer URL with neither --scope nor --auth-method sends openid
// plus the standard scopes the provider lists, authenticates with
// client_secret_basic, and says which was chosen and why; --scope and
// --auth-method win and print no defaults.
func TestCLILoginDefaultsFromDiscovery(t *testing.T) {
	withFakeBrowser(t)
	flags := standaloneDemo(t, demoidp.Options{})
	var got defaultsJSON
	runJSON(t, &got, "", append([]string{"login"}, flags...)...)
	if got.Scope != "openid profile email offline_access" || got.IDToken == "" || got.RefreshToken == "" {
		t.Errorf("scope granted %q (ID token %v, refresh token %v); want openid profile email offline_access",
			got.Scope, got.IDToken != "", got.RefreshToken != "")
	}
	if d := got.Defaults.Scope; d == nil || d.Value != "openid profile email offline_access" || !strings.Contains(d.Why, "scopes_supported") {
		t.Errorf("defaults.scope = %+v", d)
	}
	if d := got.Defaults.ClientAuth; d == nil || d.Value != "client_secret_basic" || !strings.Contains(d.Why, "token_endpoint_auth_methods_supported") {
		t.Errorf("defaults.client_auth = %+v", d)
	}

	var explicit map[string]any
	runJSON(t, &explicit, "", append([]string{"login", "--scope", "openid", "--auth-method", "post"}, flags...)...)
	if _, ok := explicit["defaults"]; ok || explicit["scope"] != "openid" {
		t.Errorf("explicit --scope and --auth-method: scope %v, defaults %v; want openid and no defaults", explicit["scope"], explicit["defaults"])
	}
}

// refresh --scope narrows the grant (RFC 6749 §6): the demo provider
// receives it and answers with the narrower scope; without --scope none is
// sent and the grant's scopes stay.
func TestCLIRefreshScopeIsSent(t *testing.T) {
	withFakeBrowser(t)
	flags := standaloneDemo(t, demoidp.Options{})
	var login defaultsJSON
	runJSON(t, &login, "", append([]string{"login"}, flags...)...)
	var narrowed defaultsJSON
	runJSON(t, &narrowed, "", append([]string{"refresh", "--refresh-token", login.RefreshToken, "--scope", "openid email"}, flags...)...)
	if narrowed.Scope != "openid email" {
		t.Errorf("refresh --scope 'openid email': scope %q", narrowed.Scope)
	}
	var kept defaultsJSON
	runJSON(t, &kept, "", append([]string{"refresh", "--refresh-token", narrowed.RefreshToken}, flags...)...)
	if kept.Scope != login.Scope {
		t.Errorf("refresh without --scope: scope %q; want the grant's %q", kept.Scope, login.Scope)
	}
}

// token refreshes the remembered session as the window does: a refreshed
// ID token naming another user (OpenID Connect Core §12.2) is refused with
// exit 4 and one stderr line, nothing is printed and the keyring keeps
// the previous set.
func TestCLITokenRefreshContinuity(t *testing.T) {
	keys, err := demoidptest.NewKeys(1024)
	if err != nil {
		t.Fatal(err)
	}
	e := newTokenEnv(t, demoidp.Options{Keys: keys})
	code, out, errs := runCLI(t, "", "login", "--profile", "qa", "--config", e.cfg, "--remember")
	if code != 0 {
		t.Fatalf("login --remember: exit %d: %s", code, errs)
	}
	var login setJSON
	json.Unmarshal([]byte(out), &login)

	e.idp.SetFaults(demoidptest.Faults{Key: keys.Current(), IDClaims: func(m map[string]any) { m["sub"] = "someone-else" }})
	code, out, errs = e.token(t, "--min-valid", "5m")
	if code != 4 || out != "" {
		t.Fatalf("refresh to another user: exit %d, stdout %q; want 4 and nothing", code, out)
	}
	if strings.Count(errs, "\n") != 1 || !strings.Contains(errs, `tokeninspector token: refused: the "refresh sub" check failed`) {
		t.Errorf("stderr is not one line naming the check: %q", errs)
	}
	store := &remembered.Store{Secrets: keyring.NewKeyringStore()}
	saved, err := store.Load("qa")
	if err != nil || saved.RefreshToken != login.RefreshToken || saved.IDToken != login.IDToken {
		t.Errorf("the keyring no longer holds the login's set (%v)", err)
	}

	e.idp.SetFaults(demoidptest.Faults{})
	if code, _, errs := e.token(t, "--min-valid", "5m"); code == 0 {
		t.Errorf("the used-up refresh token worked again: %s", errs)
	}
}
