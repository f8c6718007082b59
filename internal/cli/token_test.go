package cli

import (
	"encoding/json"
	"errors"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tokeninspector/tokeninspector/auth/keyring"

	"github.com/tokeninspector/tokeninspector/auth/jose"

	gokeyring "github.com/zalando/go-keyring"

	"github.com/tokeninspector/tokeninspector/auth/demoidp"
	"github.com/tokeninspector/tokeninspector/auth/demoidp/demoidptest"
	"github.com/tokeninspector/tokeninspector/auth/remembered"
)

// tokenEnv is a standalone demo provider, a config file with a profile
// "qa" on it, and go-keyring's in-memory keyring for this process.
type tokenEnv struct {
	cfg  string
	idp  *demoidptest.Handler
	iss  string
	dir  string // XDG_RUNTIME_DIR: the lock folder's parent
	opts demoidp.Options
}

func newTokenEnv(t *testing.T, opts demoidp.Options) *tokenEnv {
	t.Helper()
	gokeyring.MockInit()
	// go-keyring's mock answers, but auth/keyring asks it only when a
	// session bus can be named (it never starts one): name one.
	if os.Getenv("DBUS_SESSION_BUS_ADDRESS") == "" {
		t.Setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent-mocked-keyring")
	}
	opts.AutoApprove, opts.KeyBits = true, 1024
	idp, err := demoidp.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	h := demoidptest.Wrap(idp.Handler())
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	idp.SetIssuer(srv.URL)
	e := &tokenEnv{idp: h, iss: srv.URL, dir: t.TempDir(), cfg: filepath.Join(t.TempDir(), "config.json")}
	t.Setenv("XDG_RUNTIME_DIR", e.dir)
	writeConfig(t, e.cfg, srv.URL)
	withFakeBrowser(t)
	return e
}

// writeConfig writes a config with profile "qa" on the provider at issuer.
func writeConfig(t *testing.T, path, issuer string) {
	t.Helper()
	cfg := map[string]any{"profiles": []map[string]any{{
		"name": "qa", "issuer": issuer, "client_id": demoidp.DemoClientID, "client_secret": demoidp.DemoClientSecret,
		"scopes": []string{"openid", "profile", "email"},
	}}}
	b, _ := json.Marshal(cfg)
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

func (e *tokenEnv) token(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	return runCLI(t, "", append([]string{"token", "--profile", "qa", "--config", e.cfg}, args...)...)
}

func TestCLITokenFormatsAndExitCodes(t *testing.T) {
	e := newTokenEnv(t, demoidp.Options{})
	if code, out, errs := e.token(t); code != 3 || out != "" || !strings.Contains(errs, "login --profile qa --remember") {
		t.Fatalf("nothing remembered: exit %d, stdout %q, stderr %q; want 3 and the login hint", code, out, errs)
	}
	code, out, errs := runCLI(t, "", "login", "--profile", "qa", "--config", e.cfg, "--remember")
	if code != 0 {
		t.Fatalf("login --remember: exit %d: %s", code, errs)
	}
	var login setJSON
	json.Unmarshal([]byte(out), &login)
	grants := e.idp.Stats().RefreshGrants

	for _, tc := range []struct{ format, want string }{
		{"bearer", "Bearer " + login.AccessToken + "\n"},
		{"header", "Authorization: Bearer " + login.AccessToken + "\n"},
		{"raw", login.AccessToken + "\n"},
	} {
		code, out, errs := e.token(t, "--format", tc.format)
		if code != 0 || out != tc.want || errs != "" {
			t.Errorf("--format %s: exit %d, stdout %.50q, stderr %q", tc.format, code, out, errs)
		}
	}
	code, out, _ = e.token(t, "--format", "env")
	if code != 0 || !strings.HasPrefix(out, "ACCESS_TOKEN="+login.AccessToken+"\nTOKEN_TYPE=Bearer\nEXPIRES_AT=20") {
		t.Errorf("--format env: exit %d\n%s", code, out)
	}
	code, out, _ = e.token(t, "--format", "json")
	var js map[string]any
	if err := json.Unmarshal([]byte(out), &js); code != 0 || err != nil || js["access_token"] != login.AccessToken || js["expires_at"] == nil {
		t.Errorf("--format json: exit %d, %v\n%s", code, err, out)
	}
	if _, ok := js["refresh_token"]; ok {
		t.Error("--format json printed the refresh token without --include-refresh-token")
	}
	code, out, _ = e.token(t, "--format", "json", "--include-refresh-token")
	json.Unmarshal([]byte(out), &js)
	if code != 0 || js["refresh_token"] != login.RefreshToken {
		t.Error("--include-refresh-token did not print the refresh token")
	}
	if got := e.idp.Stats().RefreshGrants; got != grants {
		t.Errorf("%d refreshes for a fresh token; want none", got-grants)
	}

	// The demo access token lives 2 minutes: --min-valid 5m refreshes, and
	// the next call prints the refreshed token without a request.
	code, out, _ = e.token(t, "--min-valid", "5m", "--format", "raw")
	fresh := strings.TrimSpace(out)
	if code != 0 || fresh == login.AccessToken || e.idp.Stats().RefreshGrants != grants+1 {
		t.Fatalf("--min-valid 5m: exit %d, refreshed %v", code, fresh != login.AccessToken)
	}
	if code, out, _ := e.token(t, "--format", "raw"); code != 0 || strings.TrimSpace(out) != fresh {
		t.Error("the refreshed token was not remembered")
	}

	// A refresh token the provider refuses (reused: the login's was rotated
	// away) is exit 3 with a login hint. It is saved as every Token
	// Inspector process saves (with the shared locks and session cache), so
	// the cached access token goes with the set it belonged to.
	locks, err := remembered.DefaultLocks()
	if err != nil {
		t.Fatal(err)
	}
	store := &remembered.Store{Secrets: keyring.NewKeyringStore(), Locks: locks}
	stale := keyring.RestoredTokenSet(login.RefreshToken, time.Now())
	if err := store.Save("qa", stale); err != nil {
		t.Fatal(err)
	}
	if code, out, errs := e.token(t); code != 3 || out != "" || !strings.Contains(errs, "invalid_grant") {
		t.Errorf("refused refresh token: exit %d, stdout %q, stderr %q; want 3", code, out, errs)
	}

	if code, _, _ := e.token(t, "--format", "yaml"); code != 2 {
		t.Errorf("unknown format: exit %d; want 2", code)
	}
}

// Its name must not match `-run Keyring`: go-keyring's mock provider, once set, stays
// for the rest of the test binary, and scripts/test-keyring.sh runs the
// Keyring tests against the real Secret Service in one binary.
func TestCLITokenWithNoSecretServiceFailsClearly(t *testing.T) {
	e := newTokenEnv(t, demoidp.Options{})
	gokeyring.MockInitWithError(errors.New("org.freedesktop.DBus.Error.ServiceUnknown"))
	code, out, errs := e.token(t)
	if code != 1 || out != "" || !strings.Contains(errs, "no OS keyring reachable") || !strings.Contains(errs, "nothing was written") {
		t.Fatalf("no keyring: exit %d, stdout %q, stderr %q; want 1 and a clear message", code, out, errs)
	}
	if entries, _ := os.ReadDir(filepath.Join(e.dir, "tokeninspector")); len(entries) > 0 {
		t.Errorf("files written without a keyring: %v", entries)
	}
}

func TestCLITokenLoginFlagLogsIn(t *testing.T) {
	e := newTokenEnv(t, demoidp.Options{})
	code, out, errs := e.token(t, "--login", "--format", "raw")
	if code != 0 || strings.Count(out, ".") != 2 || !strings.Contains(errs, "/authorize?") {
		t.Fatalf("--login: exit %d, stdout %.40q, stderr %q", code, out, errs)
	}
	if code, again, _ := e.token(t, "--format", "raw"); code != 0 || again != out {
		t.Error("the --login session was not remembered")
	}
}

func TestCLIExportFormats(t *testing.T) {
	e := newTokenEnv(t, demoidp.Options{})
	if code, _, errs := runCLI(t, "", "login", "--profile", "qa", "--config", e.cfg, "--remember"); code != 0 {
		t.Fatal(errs)
	}
	dir := t.TempDir()
	for _, tc := range []struct{ format, file, want string }{
		{"postman", "qa.postman_environment.json", `"key": "access_token"`},
		{"dotenv", "qa.env", "ACCESS_TOKEN=eyJ"},
		{"http", "qa.http", "Authorization: {{token_type}} {{access_token}}"},
	} {
		out := filepath.Join(dir, tc.file)
		code, _, errs := runCLI(t, "", "export", "--profile", "qa", "--config", e.cfg, "--format", tc.format, "--output", out)
		if code != 0 || !strings.Contains(errs, out) {
			t.Fatalf("export %s: exit %d: %s", tc.format, code, errs)
		}
		data, err := os.ReadFile(out)
		if err != nil || !strings.Contains(string(data), tc.want) || !strings.Contains(string(data), e.iss+"/token") {
			t.Errorf("export %s:\n%s", tc.format, data)
		}
		if strings.Contains(string(data), "refresh_token") || strings.Contains(string(data), demoidp.DemoClientSecret) {
			t.Errorf("export %s holds the refresh token or the client secret", tc.format)
		}
		if fi, _ := os.Stat(out); fi.Mode().Perm() != 0o600 {
			t.Errorf("export %s: mode %v; want 0600", tc.format, fi.Mode().Perm())
		}
	}
}

// A remembered DPoP-bound session: --format header prints the
// Authorization header and a fresh proof for --method and --url.
func TestCLITokenDPoPHeaders(t *testing.T) {
	e := newTokenEnv(t, demoidp.Options{})
	writeDPoPConfig(t, e.cfg, e.iss)
	if code, _, errs := runCLI(t, "", "login", "--profile", "qa", "--config", e.cfg, "--remember"); code != 0 {
		t.Fatalf("login: %s", errs)
	}
	if code, _, errs := e.token(t, "--format", "header"); code != 1 || !strings.Contains(errs, "--url") {
		t.Errorf("DPoP header without --url: exit %d, %q", code, errs)
	}
	code, out, errs := e.token(t, "--format", "header", "--url", e.iss+"/userinfo")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if code != 0 || len(lines) != 2 || !strings.HasPrefix(lines[0], "Authorization: DPoP ey") || !strings.HasPrefix(lines[1], "DPoP: ey") {
		t.Fatalf("DPoP headers: exit %d, %q, %s", code, out, errs)
	}
	proof := jose.UnverifiedDecode(strings.TrimPrefix(lines[1], "DPoP: "))
	if htu, _ := proof.Claim("htu"); !strings.Contains(string(htu.Raw), "/userinfo") || proof.Typ != "dpop+jwt" {
		t.Errorf("proof %+v", proof.Claims)
	}
}

func writeDPoPConfig(t *testing.T, path, issuer string) {
	t.Helper()
	b, _ := json.Marshal(map[string]any{"profiles": []map[string]any{{
		"name": "qa", "issuer": issuer, "client_id": demoidp.DemoClientID, "client_secret": demoidp.DemoClientSecret,
		"scopes": []string{"openid", "profile", "email"}, "dpop": true,
	}}})
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
}
