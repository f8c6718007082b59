package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tokeninspector/tokeninspector/auth/oidc"

	"github.com/tokeninspector/tokeninspector/auth/keyring"

	"github.com/tokeninspector/tokeninspector/auth"
	"github.com/tokeninspector/tokeninspector/auth/demoidp"
	"github.com/tokeninspector/tokeninspector/auth/remembered"
)

// TestKeyringE2EWindowShowsACommandLineRotation: the real window restores
// a remembered session from a real Secret Service; `tokeninspector token`
// in another process refreshes it; the window shows the new tokens
// without a request of its own. Run by scripts/test-keyring.sh (a private
// D-Bus session with gnome-keyring) with TOKENINSPECTOR_E2E=1.
func TestKeyringE2EWindowShowsACommandLineRotation(t *testing.T) {
	requireE2E(t)
	if os.Getenv("TOKENINSPECTOR_TEST_REAL_KEYRING") != "1" {
		t.Skip("needs a real Secret Service: run scripts/test-keyring.sh")
	}
	bin := buildApp(t)
	display := startXvfb(t)
	idp, err := demoidp.New(demoidp.Options{AutoApprove: true, KeyBits: 1024})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(idp.Handler())
	defer srv.Close()
	idp.SetIssuer(srv.URL)
	dir := t.TempDir()
	cfg := filepath.Join(dir, "config.json")
	b, _ := json.Marshal(map[string]any{"profiles": []map[string]any{{"name": "e2e-sync", "issuer": srv.URL,
		"client_id": demoidp.DemoClientID, "client_secret": demoidp.DemoClientSecret, "remember": true,
		"scopes": []string{"openid", "profile", "email"}}}})
	if err := os.WriteFile(cfg, b, 0o600); err != nil {
		t.Fatal(err)
	}
	runtimeDir := filepath.Join(dir, "run")
	os.MkdirAll(runtimeDir, 0o700)
	t.Setenv("XDG_RUNTIME_DIR", runtimeDir)

	// Log in from the test and remember the session, as `login --remember` would.
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	p := auth.Profile{
		Name:         "e2e-sync",
		Issuer:       srv.URL,
		Client:       auth.Client{ClientID: demoidp.DemoClientID, ClientSecret: demoidp.DemoClientSecret, SecretSource: auth.SecretFromConfig},
		GrantOptions: auth.GrantOptions{Scopes: []string{"openid", "profile", "email"}},
	}
	pr, err := oidc.NewProvider(ctx, p, oidc.Env{Open: func(u string) error {
		resp, err := http.Get(u)
		if err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
		return err
	}})
	if err != nil {
		t.Fatal(err)
	}
	defer pr.Close()
	first, err := pr.Login(ctx, oidc.LoginOptions{})
	if err != nil {
		t.Fatal(err)
	}
	store := &remembered.Store{Secrets: keyring.NewKeyringStore()}
	t.Cleanup(func() { store.Delete("e2e-sync") })
	if err := store.Save("e2e-sync", first); err != nil {
		t.Fatal(err)
	}

	a := startAppEnv(t, bin, display, []string{"DBUS_SESSION_BUS_ADDRESS=" + os.Getenv("DBUS_SESSION_BUS_ADDRESS"), "XDG_RUNTIME_DIR=" + runtimeDir},
		"--config", cfg, "--profile", "e2e-sync")
	a.waitLog("status: Session restored from the keyring")

	cmd := exec.Command(bin, "token", "--profile", "e2e-sync", "--config", cfg, "--min-valid", "5m", "--format", "raw")
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		t.Fatalf("tokeninspector token: %v: %s", err, errb.String())
	}
	printed := strings.TrimSpace(out.String())
	if printed == first.AccessToken || strings.Count(printed, ".") != 2 {
		t.Fatalf("token printed %.30q; want a refreshed JWT", printed)
	}
	a.waitLog("Tokens updated by another Token Inspector process")
	a.screenshot("window-after-cli-rotation.png")
	// The window shows the printed token: Copy Bearer puts it on the clipboard.
	a.key("ctrl+shift+c")
	if got := a.clipboardChange("", func(s string) bool { return strings.HasPrefix(s, "Bearer ") }); got != "Bearer "+printed {
		t.Fatalf("the window's Bearer %.40q is not the token the command line printed", got)
	}
}
