package keyringmock

import (
	"errors"
	"strings"
	"testing"

	"github.com/zalando/go-keyring"

	"github.com/tokeninspector/tokeninspector/auth"
)

func TestStoreRoundTripThroughGoKeyring(t *testing.T) {
	keyring.MockInit()
	s := auth.NewKeyringStore()
	if _, err := s.Get("demo", auth.SecretRefreshToken); !errors.Is(err, auth.ErrSecretNotFound) {
		t.Fatalf("Get of a missing entry: %v; want ErrSecretNotFound", err)
	}
	if err := s.Set("demo", auth.SecretRefreshToken, "rt-1"); err != nil {
		t.Fatal(err)
	}
	if err := s.Set("demo", auth.SecretRefreshToken, "rt-2"); err != nil { // rotation replaces
		t.Fatal(err)
	}
	if err := s.Set("other", auth.SecretClientSecret, "cs"); err != nil {
		t.Fatal(err)
	}
	if v, err := s.Get("demo", auth.SecretRefreshToken); err != nil || v != "rt-2" {
		t.Fatalf("Get = %q, %v; want rt-2", v, err)
	}
	// The entry go-keyring holds: service "tokeninspector", user "<profile>/<kind>".
	if v, err := keyring.Get(auth.KeyringService, "demo/refresh_token"); err != nil || v != "rt-2" {
		t.Fatalf("go-keyring holds %q, %v", v, err)
	}
	if err := s.Delete("demo", auth.SecretRefreshToken); err != nil {
		t.Fatal(err)
	}
	if err := s.Delete("demo", auth.SecretRefreshToken); err != nil {
		t.Errorf("deleting a missing entry: %v; want nil", err)
	}
	if v, err := s.Get("other", auth.SecretClientSecret); err != nil || v != "cs" {
		t.Errorf("other profile's secret: %q, %v", v, err)
	}
}

func TestStoreFailuresNameTheEntryNotTheSecret(t *testing.T) {
	const secret = "very-secret-refresh-token-value"
	// What the Credential Manager backend returns for a value over 2560 bytes.
	keyring.MockInitWithError(keyring.ErrSetDataTooBig)
	s := auth.NewKeyringStore()
	err := s.Set("demo", auth.SecretRefreshToken, secret)
	if !errors.Is(err, auth.ErrKeyringUnavailable) {
		t.Fatalf("Set: %v; want ErrKeyringUnavailable", err)
	}
	if msg := err.Error(); strings.Contains(msg, secret) || !strings.Contains(msg, "demo/refresh_token") || !strings.Contains(msg, "too big") {
		t.Errorf("error %q: want the entry and the reason, never the secret", msg)
	}

	// Behind a FallbackStore the session carries on in memory, said once.
	f := auth.NewFallbackStore(s)
	if err := f.Set("demo", auth.SecretRefreshToken, secret); !errors.Is(err, auth.ErrNoKeyring) {
		t.Fatalf("FallbackStore.Set: %v; want ErrNoKeyring once", err)
	}
	if v, err := f.Get("demo", auth.SecretRefreshToken); err != nil || v != secret {
		t.Errorf("memory fallback: %q, %v", v, err)
	}
}
