package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tokeninspector/tokeninspector/auth/demoidp"
)

// standaloneDemo starts an auto-approving demo provider on 127.0.0.1 and
// returns the profile flags that reach it.
func standaloneDemo(t *testing.T, opts demoidp.Options) []string {
	t.Helper()
	opts.AutoApprove = true
	if opts.DeviceInterval == 0 {
		opts.DeviceInterval = time.Second // the CLI polls on a real clock
	}
	srv, err := demoidp.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	issuer, err := srv.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	return []string{"--issuer", issuer, "--client-id", demoidp.DemoClientID, "--client-secret", demoidp.DemoClientSecret,
		"--config", filepath.Join(t.TempDir(), "config.json")}
}

type grantJSON struct {
	AccessToken     string `json:"access_token"`
	RefreshToken    string `json:"refresh_token"`
	IDToken         string `json:"id_token"`
	TokenType       string `json:"token_type"`
	IssuedTokenType string `json:"issued_token_type"`
	DPoPJKT         string `json:"dpop_jkt"`
}

func runJSON(t *testing.T, v any, stdin string, args ...string) string {
	t.Helper()
	code, out, errs := runCLI(t, stdin, args...)
	if code != 0 {
		t.Fatalf("%s: exit %d: %s", strings.Join(args[:1], " "), code, errs)
	}
	if err := json.Unmarshal([]byte(out), v); err != nil {
		t.Fatalf("%s: stdout is not JSON: %v\n%s", args[0], err, out)
	}
	return errs
}

func TestCLIGrantsAndEndpoints(t *testing.T) {
	flags := standaloneDemo(t, demoidp.Options{})
	with := func(args ...string) []string { return append(args, flags...) }

	var cc grantJSON
	runJSON(t, &cc, "", with("login", "--grant", "client_credentials", "--scope", "api")...)
	if cc.AccessToken == "" || cc.RefreshToken != "" {
		t.Fatalf("client_credentials: %+v; want an access token only", cc)
	}

	var dev grantJSON
	errs := runJSON(t, &dev, "", with("login", "--grant", "device_code")...)
	for _, k := range []string{"verification_uri: http", "verification_uri_complete: http", "user_code: "} {
		if !strings.Contains(errs, "\n"+k) && !strings.HasPrefix(errs, k) {
			t.Errorf("stderr lacks %q: %q", k, errs)
		}
	}
	if dev.AccessToken == "" || dev.RefreshToken == "" || dev.IDToken == "" {
		t.Fatalf("device_code: %+v", dev)
	}

	var ex grantJSON
	runJSON(t, &ex, dev.AccessToken+"\n", with("exchange", "--subject-token", "-", "--subject-token-type", "access_token", "--audience", "orders-api")...)
	if ex.IssuedTokenType != "urn:ietf:params:oauth:token-type:access_token" || ex.AccessToken == "" {
		t.Errorf("exchange: %+v", ex)
	}

	var exID grantJSON
	runJSON(t, &exID, "", with("exchange", "--subject-token", dev.IDToken, "--subject-token-type", "id_token", "--requested-token-type", "access_token")...)
	if exID.AccessToken == "" {
		t.Errorf("exchange of an ID token: %+v", exID)
	}
	if code, _, errs := runCLI(t, "", with("exchange", "--subject-token", "x", "--subject-token-type", "saml")...); code != 2 || !strings.Contains(errs, "unknown token type") {
		t.Errorf("a bad token type: exit %d %q", code, errs)
	}

	var ui struct {
		Sub    string          `json:"sub"`
		Claims json.RawMessage `json:"claims"`
	}
	runJSON(t, &ui, "", with("userinfo", "--access-token", dev.AccessToken)...)
	if ui.Sub != demoidp.DefaultSubject || !strings.Contains(string(ui.Claims), demoidp.DefaultEmail) {
		t.Errorf("userinfo: %+v", ui)
	}

	var in struct {
		Active bool `json:"active"`
	}
	runJSON(t, &in, "", with("introspect", "--token", dev.RefreshToken, "--token-type-hint", "refresh_token")...)
	if !in.Active {
		t.Error("introspect: the refresh token is not active")
	}
	var rv struct {
		Revoked bool `json:"revoked"`
	}
	runJSON(t, &rv, "", with("revoke", "--token", dev.RefreshToken, "--token-type-hint", "refresh_token")...)
	runJSON(t, &in, "", with("introspect", "--token", dev.RefreshToken)...)
	if !rv.Revoked || in.Active {
		t.Errorf("revoke then introspect: revoked %v, active %v; want true, false", rv.Revoked, in.Active)
	}

	if code, _, errs := runCLI(t, "", with("introspect", "--token-type-hint", "id_token", "--token", "x")...); code != 2 || !strings.Contains(errs, "token-type-hint") {
		t.Errorf("a bad hint: exit %d %q; want a usage error", code, errs)
	}
	if code, _, errs := runCLI(t, "", with("revoke")...); code != 2 || !strings.Contains(errs, "--token is required") {
		t.Errorf("revoke without a token: exit %d %q", code, errs)
	}
	if code, _, errs := runCLI(t, "", append(with("login", "--grant", "client_credentials", "--scope", "api"), "--client-secret", "wrong")...); code != 1 || !strings.Contains(errs, "invalid_client") || strings.Contains(errs, "wrong") {
		t.Errorf("a wrong secret: exit %d %q; want invalid_client without the secret", code, errs)
	}
}

func TestCLIDPoPKeyFile(t *testing.T) {
	flags := standaloneDemo(t, demoidp.Options{DPoPNonce: true})
	with := func(args ...string) []string { return append(args, flags...) }
	// "" is plain --dpop (ES256); the others --dpop-alg, whose key file
	// then signs refresh and userinfo proofs with the same algorithm.
	for _, alg := range []string{"", "ES512", "EdDSA", "PS256"} {
		t.Run("alg "+alg, func(t *testing.T) {
			keyFile := filepath.Join(t.TempDir(), "dpop.jwk")
			dpop := []string{"--dpop"}
			if alg != "" {
				dpop = []string{"--dpop-alg", alg}
			}
			var login grantJSON
			runJSON(t, &login, "", with(append(append([]string{"login", "--grant", "device_code"}, dpop...), "--dpop-key-out", keyFile)...)...)
			if !strings.EqualFold(login.TokenType, "DPoP") || login.DPoPJKT == "" {
				t.Fatalf("login %v: %+v", dpop, login)
			}
			st, err := os.Stat(keyFile)
			if err != nil || st.Mode().Perm() != 0o600 {
				t.Fatalf("key file: %v, mode %v; want 0600", err, st.Mode())
			}
			b, _ := os.ReadFile(keyFile)
			if !strings.Contains(string(b), `"d"`) {
				t.Error("the key file holds no private key")
			}
			if alg != "" && !strings.Contains(string(b), `"alg":"`+alg+`"`) {
				t.Errorf("the key file %s has no alg %s", strings.Split(string(b), `"d"`)[0], alg)
			}
			var ref grantJSON
			runJSON(t, &ref, "", with("refresh", "--refresh-token", login.RefreshToken, "--dpop-key", keyFile)...)
			if ref.DPoPJKT != login.DPoPJKT {
				t.Errorf("refresh bound to %q; want %q", ref.DPoPJKT, login.DPoPJKT)
			}
			var ui struct{ Sub string }
			runJSON(t, &ui, "", with("userinfo", "--access-token", ref.AccessToken, "--dpop-key", keyFile)...)
			if ui.Sub == "" {
				t.Error("userinfo with the DPoP key gave no sub")
			}
			if code, _, _ := runCLI(t, "", with("userinfo", "--access-token", ref.AccessToken)...); code != 1 {
				t.Errorf("userinfo of a DPoP-bound token without its key: exit %d; want 1", code)
			}
		})
	}
	if code, _, errs := runCLI(t, "", with("login", "--grant", "device_code", "--dpop-alg", "HS256")...); code == 0 || !strings.Contains(errs, "--dpop-alg: DPoP algorithm \"HS256\" is not one of") {
		t.Errorf("--dpop-alg HS256: exit %d %q; want the flag and the algorithms it takes", code, errs)
	}
}

func TestCLILogout(t *testing.T) {
	withFakeBrowser(t)
	flags := standaloneDemo(t, demoidp.Options{})
	with := func(args ...string) []string { return append(args, flags...) }
	var login grantJSON
	runJSON(t, &login, "", with("login", "--grant", "device_code")...)
	var out struct {
		LoggedOut bool `json:"logged_out"`
	}
	errs := runJSON(t, &out, login.IDToken+"\n", with("logout", "--id-token", "-")...)
	if !out.LoggedOut || !strings.Contains(errs, "/end_session?") {
		t.Errorf("logout: %+v, stderr %q", out, errs)
	}
	if code, _, errs := runCLI(t, "", with("refresh", "--refresh-token", login.RefreshToken)...); code != 1 || !strings.Contains(errs, "invalid_grant") {
		t.Errorf("refresh after logout: exit %d %q; want invalid_grant", code, errs)
	}
}
