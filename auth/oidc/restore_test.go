package oidc

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/tokeninspector/tokeninspector/auth/keyring"

	"github.com/tokeninspector/tokeninspector/auth/demoidp"
	"github.com/tokeninspector/tokeninspector/auth/jose"
)

func TestRestoredTokenSetRefreshes(t *testing.T) {
	pr, first, _ := loginDemo(t, demoidp.Options{})
	now := time.Now()
	rs := keyring.RestoredTokenSet(first.RefreshToken, now)
	if rs.AccessToken != "" || rs.RefreshToken != first.RefreshToken || rs.Refresh.Format != jose.FormatJWT || rs.Refresh.JTI != first.Refresh.JTI {
		t.Fatalf("restored set = %v (refresh jti %q)", rs, rs.Refresh.JTI)
	}
	if _, ok := rs.Expiry(); ok {
		t.Error("a restored set has no access token, so no expiry")
	}
	ts, err := refreshAsShipped(t, context.Background(), pr, rs)
	if err != nil || ts.AccessToken == "" || ts.RefreshToken == first.RefreshToken {
		t.Fatalf("refresh of a restored session: %v", err)
	}
}

// TestKeyringRealSecretService stores, restores after a "restart" (a new
// store object), refreshes, rotates and forgets against a real Secret
// Service. Run by scripts/test-keyring.sh.
func TestKeyringRealSecretService(t *testing.T) {
	if os.Getenv(realKeyringEnv) != "1" {
		t.Skip("needs a real Secret Service: run scripts/test-keyring.sh (sets " + realKeyringEnv + "=1 inside a private D-Bus session with gnome-keyring)")
	}
	const service = "tokeninspector-test"
	profile := fmt.Sprintf("keyring-test-%d", os.Getpid())
	t.Cleanup(func() {
		k := &keyring.KeyringStore{Service: service}
		k.Delete(profile, keyring.SecretRefreshToken)
		k.Delete(profile, keyring.SecretClientSecret)
	})
	k := &keyring.KeyringStore{Service: service}
	if _, err := k.Get(profile, keyring.SecretRefreshToken); !errors.Is(err, keyring.ErrSecretNotFound) || errors.Is(err, keyring.ErrKeyringUnavailable) {
		t.Fatalf("Get before any Set: %v; want not found from a reachable keyring", err)
	}

	pr, first, _ := loginDemo(t, demoidp.Options{})
	if err := k.Set(profile, keyring.SecretRefreshToken, first.RefreshToken); err != nil {
		t.Fatalf("store: %v", err)
	}
	lookup := func() (string, bool) {
		if _, err := exec.LookPath("secret-tool"); err != nil {
			return "", false
		}
		out, err := exec.Command("secret-tool", "lookup", "service", service, "username", profile+"/refresh_token").Output()
		if err != nil {
			return "", true
		}
		return string(out), true
	}
	if v, ok := lookup(); ok && v != first.RefreshToken {
		t.Errorf("secret-tool lookup after store = %d chars; want the refresh token", len(v))
	}

	// "Restart": a new store object and the tokens restored from it,
	// refreshed, and the rotated refresh token stored before it is used.
	k2 := &keyring.KeyringStore{Service: service}
	rt, err := k2.Get(profile, keyring.SecretRefreshToken)
	if err != nil || rt != first.RefreshToken {
		t.Fatalf("restore: %v (same token: %v)", err, rt == first.RefreshToken)
	}
	ts, err := refreshAsShipped(t, context.Background(), pr, keyring.RestoredTokenSet(rt, time.Now()))
	if err != nil {
		t.Fatalf("refresh after restore: %v", err)
	}
	if ts.RefreshToken == first.RefreshToken {
		t.Fatal("refresh token not rotated")
	}
	if err := k2.Set(profile, keyring.SecretRefreshToken, ts.RefreshToken); err != nil {
		t.Fatalf("store after rotation: %v", err)
	}
	if v, _ := keyring.NewKeyringStore().Get(profile, keyring.SecretRefreshToken); v != "" {
		t.Error("the test service leaked into the real one")
	}
	if v, err := (&keyring.KeyringStore{Service: service}).Get(profile, keyring.SecretRefreshToken); err != nil || v != ts.RefreshToken {
		t.Errorf("stored after rotation: %v (new token: %v)", err, v == ts.RefreshToken)
	}
	if v, ok := lookup(); ok && v != ts.RefreshToken {
		t.Errorf("secret-tool lookup after rotation is not the new refresh token (%d chars)", len(v))
	}

	// Forget.
	if err := k2.Delete(profile, keyring.SecretRefreshToken); err != nil {
		t.Fatal(err)
	}
	if _, err := k.Get(profile, keyring.SecretRefreshToken); !errors.Is(err, keyring.ErrSecretNotFound) {
		t.Errorf("after Delete: %v; want not found", err)
	}
	if v, ok := lookup(); ok && v != "" {
		t.Error("secret-tool still finds the refresh token after Delete")
	}
}

// realKeyringEnv must be 1 for the tests that talk to a real Secret Service
// (scripts/test-keyring.sh sets it).
const realKeyringEnv = "TOKENINSPECTOR_TEST_REAL_KEYRING"
