package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tokeninspector/tokeninspector/auth/keyring"

	"github.com/tokeninspector/tokeninspector/auth"
	"github.com/tokeninspector/tokeninspector/auth/demoidp"
	"github.com/tokeninspector/tokeninspector/auth/remembered"
)

// TestKeyringRealTokenUsesTheKernelCache runs `tokeninspector token` as
// scripts do, through a real Secret Service, and checks that the session
// cache (the kernel's user keyring) answers a fresh token without D-Bus and
// follows every change of the remembered session: a rotation, a save by a
// process that does not know the cache, and a forget. Where keyctl is not
// permitted, the same steps run against the Secret Service alone. Run by
// scripts/test-keyring.sh.
func TestKeyringRealTokenUsesTheKernelCache(t *testing.T) {
	if os.Getenv("TOKENINSPECTOR_TEST_REAL_KEYRING") != "1" {
		t.Skip("needs a real Secret Service: run scripts/test-keyring.sh")
	}
	idp, err := demoidp.New(demoidp.Options{AutoApprove: true, KeyBits: 1024, AccessTTL: 10 * time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(idp.Handler())
	defer srv.Close()
	idp.SetIssuer(srv.URL)
	// The user keyring is shared by every process of this user: a profile
	// name no other test uses.
	profile := fmt.Sprintf("qa-cache-%d", os.Getpid())
	cfgPath := filepath.Join(t.TempDir(), "config.json")
	b, _ := json.Marshal(map[string]any{"profiles": []map[string]any{{"name": profile, "issuer": srv.URL,
		"client_id": demoidp.DemoClientID, "client_secret": demoidp.DemoClientSecret, "scopes": []string{"openid"}}}})
	if err := os.WriteFile(cfgPath, b, 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("XDG_RUNTIME_DIR", t.TempDir())
	withFakeBrowser(t)
	locks, err := remembered.DefaultLocks()
	if err != nil {
		t.Fatal(err)
	}
	window := &remembered.Store{Secrets: keyring.NewKeyringStore(), Locks: locks}
	t.Cleanup(func() { window.Delete(profile) })
	cached := kernelCacheUsable(t)

	bin := buildCLI(t)
	bus := os.Environ()
	noBus := withEnv("DBUS_SESSION_BUS_ADDRESS", "unix:path="+filepath.Join(t.TempDir(), "no-bus"))
	token := func(env []string, args ...string) (int, string, string) {
		t.Helper()
		code, out, errs := runBinary(t, env, "", bin, append([]string{"token", "--profile", profile, "--config", cfgPath, "--format", "raw"}, args...)...)
		return code, strings.TrimSpace(out), errs
	}
	// expect checks a token call with the Secret Service, then (where the
	// cache works) one without any D-Bus: the cache alone must answer.
	expect := func(step, want string) {
		t.Helper()
		if code, out, errs := token(bus); code != 0 || out != want {
			t.Fatalf("%s: exit %d, %.30q, %s; want %.30q", step, code, out, errs, want)
		}
		if !cached {
			return
		}
		if code, out, errs := token(noBus); code != 0 || out != want {
			t.Fatalf("%s, no D-Bus: exit %d, %.30q, %s; want %.30q from the kernel cache", step, code, out, errs, want)
		}
	}
	// refused checks that without D-Bus nothing is printed: the cache does
	// not hold the session any more.
	refused := func(step, old string) {
		t.Helper()
		if !cached {
			return
		}
		if code, out, _ := token(noBus); code == 0 || out != "" {
			t.Fatalf("%s, no D-Bus: exit %d, %.30q (the old token %v); want a keyring error", step, code, out, out == old)
		}
	}

	code, out, errs := runBinary(t, bus, "", bin, "login", "--profile", profile, "--config", cfgPath, "--remember")
	var login setJSON
	if json.Unmarshal([]byte(out), &login); code != 0 || login.AccessToken == "" {
		t.Fatalf("login --remember: exit %d: %s", code, errs)
	}
	expect("after the login", login.AccessToken)

	// A rotation by the command line (the access token is not valid long
	// enough): the next call prints the new token, not the one rotated away.
	code, rotated, errs := token(bus, "--min-valid", "15m")
	if code != 0 || rotated == login.AccessToken || !strings.Contains(errs, "valid for less than") {
		t.Fatalf("--min-valid 15m: exit %d, rotated %v: %s", code, rotated != login.AccessToken, errs)
	}
	expect("after the rotation", rotated)

	// A login saved by a process that knows the locks but not the cache
	// (an older version): the cached token of the set it replaced is refused.
	code, out, errs = runBinary(t, bus, "", bin, "login", "--profile", profile, "--config", cfgPath)
	var again setJSON
	if json.Unmarshal([]byte(out), &again); code != 0 || again.AccessToken == "" {
		t.Fatalf("login: exit %d: %s", code, errs)
	}
	older := &remembered.Store{Secrets: keyring.NewKeyringStore(), Locks: &remembered.Locks{Dir: locks.Dir}}
	ts := &auth.TokenSet{AccessToken: again.AccessToken, RefreshToken: again.RefreshToken, IDToken: again.IDToken,
		TokenType: "Bearer", ExpiresIn: 600, ReceivedAt: time.Now()}
	if err := older.Put(context.Background(), profile, ts); err != nil {
		t.Fatal(err)
	}
	refused("after a save without the cache", rotated)
	expect("after a save without the cache", again.AccessToken)

	// The window forgets the session (Remember off, or logout).
	if err := window.Remove(context.Background(), profile); err != nil {
		t.Fatal(err)
	}
	refused("after forget", again.AccessToken)
	if code, out, _ := token(bus); code != 3 || out != "" {
		t.Fatalf("after forget: exit %d, %.30q; want 3 (log in)", code, out)
	}
}

// kernelCacheUsable reports whether the kernel key retention service takes
// keys here (a seccomp profile may forbid keyctl).
func kernelCacheUsable(t *testing.T) bool {
	t.Helper()
	k := keyring.NewKernelKeyring()
	if k == nil {
		return false
	}
	name := fmt.Sprintf("tokeninspector-test:probe-%d", os.Getpid())
	err := k.Put(name, []byte("probe"), time.Minute)
	k.Drop(name)
	if err != nil {
		t.Logf("no kernel session cache here (%v): checking the Secret Service path alone", err)
	}
	return err == nil
}
