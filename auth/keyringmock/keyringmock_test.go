package keyringmock

import (
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/tokeninspector/tokeninspector/auth/keyring"

	gokeyring "github.com/zalando/go-keyring"
)

func TestStoreRoundTripThroughGoKeyring(t *testing.T) {
	mockKeyring(t)
	s := keyring.NewKeyringStore()
	if _, err := s.Get("demo", keyring.SecretRefreshToken); !errors.Is(err, keyring.ErrSecretNotFound) {
		t.Fatalf("Get of a missing entry: %v; want ErrSecretNotFound", err)
	}
	if err := s.Set("demo", keyring.SecretRefreshToken, "rt-1"); err != nil {
		t.Fatal(err)
	}
	if err := s.Set("demo", keyring.SecretRefreshToken, "rt-2"); err != nil { // rotation replaces
		t.Fatal(err)
	}
	if err := s.Set("other", keyring.SecretClientSecret, "cs"); err != nil {
		t.Fatal(err)
	}
	if v, err := s.Get("demo", keyring.SecretRefreshToken); err != nil || v != "rt-2" {
		t.Fatalf("Get = %q, %v; want rt-2", v, err)
	}
	// The entry go-keyring holds: service "tokeninspector", user "<profile>/<kind>".
	if v, err := gokeyring.Get(keyring.KeyringService, "demo/refresh_token"); err != nil || v != "rt-2" {
		t.Fatalf("go-keyring holds %q, %v", v, err)
	}
	if err := s.Delete("demo", keyring.SecretRefreshToken); err != nil {
		t.Fatal(err)
	}
	if err := s.Delete("demo", keyring.SecretRefreshToken); err != nil {
		t.Errorf("deleting a missing entry: %v; want nil", err)
	}
	if v, err := s.Get("other", keyring.SecretClientSecret); err != nil || v != "cs" {
		t.Errorf("other profile's secret: %q, %v", v, err)
	}
}

func TestStoreFailuresNameTheEntryNotTheSecret(t *testing.T) {
	const secret = "very-secret-refresh-token-value"
	// What the Credential Manager backend returns for a value over 2560 bytes.
	mockKeyring(t)
	gokeyring.MockInitWithError(gokeyring.ErrSetDataTooBig)
	s := keyring.NewKeyringStore()
	err := s.Set("demo", keyring.SecretRefreshToken, secret)
	if !errors.Is(err, keyring.ErrKeyringUnavailable) {
		t.Fatalf("Set: %v; want ErrKeyringUnavailable", err)
	}
	if msg := err.Error(); strings.Contains(msg, secret) || !strings.Contains(msg, "demo/refresh_token") || !strings.Contains(msg, "too big") {
		t.Errorf("error %q: want the entry and the reason, never the secret", msg)
	}

	// Behind a FallbackStore the session carries on in memory, said once.
	f := keyring.NewFallbackStore(s)
	if err := f.Set("demo", keyring.SecretRefreshToken, secret); !errors.Is(err, keyring.ErrNoKeyring) {
		t.Fatalf("FallbackStore.Set: %v; want ErrNoKeyring once", err)
	}
	if v, err := f.Get("demo", keyring.SecretRefreshToken); err != nil || v != secret {
		t.Errorf("memory fallback: %q, %v", v, err)
	}
}

// mockKeyring puts go-keyring's in-memory mock in place. auth/keyring asks
// go-keyring only when a session bus can be named (it never starts one),
// so one is named when the test runs outside a desktop session.
func mockKeyring(t *testing.T) {
	t.Helper()
	gokeyring.MockInit()
	if os.Getenv("DBUS_SESSION_BUS_ADDRESS") == "" {
		t.Setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent-mocked-keyring")
	}
}
