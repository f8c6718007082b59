package keyring

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	gokeyring "github.com/zalando/go-keyring"

	"github.com/tokeninspector/tokeninspector/internal/testenv"
)

// realKeyringEnv must be 1 for the tests that talk to a real Secret Service
// (scripts/test-keyring.sh sets it inside a private D-Bus session).
const realKeyringEnv = "TOKENINSPECTOR_TEST_REAL_KEYRING"

func TestMemoryStore(t *testing.T) {
	m := NewMemoryStore()
	if _, err := m.Get("demo", SecretRefreshToken); !errors.Is(err, ErrSecretNotFound) {
		t.Fatalf("Get on empty store: %v; want ErrSecretNotFound", err)
	}
	mustf(t, m.Set("demo", SecretRefreshToken, "rt-1") == nil, "Set failed")
	mustf(t, m.Set("demo", SecretRefreshToken, "rt-2") == nil, "Set (replace) failed")
	mustf(t, m.Set("demo", SecretClientSecret, "cs") == nil, "Set failed")
	mustf(t, m.Set("other", SecretRefreshToken, "rt-x") == nil, "Set failed")
	if v, err := m.Get("demo", SecretRefreshToken); v != "rt-2" || err != nil {
		t.Errorf("Get = %q, %v; want rt-2", v, err)
	}
	if v, _ := m.Get("demo", SecretClientSecret); v != "cs" {
		t.Errorf("client secret = %q; want cs", v)
	}
	mustf(t, m.Delete("demo", SecretRefreshToken) == nil, "Delete failed")
	mustf(t, m.Delete("demo", SecretRefreshToken) == nil, "deleting a missing secret must not fail")
	if _, err := m.Get("demo", SecretRefreshToken); !errors.Is(err, ErrSecretNotFound) {
		t.Errorf("Get after Delete: %v", err)
	}
	if m.Len() != 2 {
		t.Errorf("Len = %d; want 2 (other profile and kind untouched)", m.Len())
	}
}

// fakeKeyring stands in for go-keyring.
type fakeKeyring struct {
	mu    sync.Mutex
	m     map[string]string
	err   error         // returned by every call when set
	block chan struct{} // calls wait on it when set
}

func (f *fakeKeyring) wait() error {
	f.mu.Lock()
	block, err := f.block, f.err
	f.mu.Unlock()
	if block != nil {
		<-block
	}
	return err
}

func (f *fakeKeyring) Get(service, user string) (string, error) {
	if err := f.wait(); err != nil {
		return "", err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	v, ok := f.m[service+"|"+user]
	if !ok {
		return "", gokeyring.ErrNotFound
	}
	return v, nil
}

func (f *fakeKeyring) Set(service, user, pw string) error {
	if err := f.wait(); err != nil {
		return err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.m[service+"|"+user] = pw
	return nil
}

func (f *fakeKeyring) Delete(service, user string) error {
	if err := f.wait(); err != nil {
		return err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if _, ok := f.m[service+"|"+user]; !ok {
		return gokeyring.ErrNotFound
	}
	delete(f.m, service+"|"+user)
	return nil
}

func TestKeyringStoreEntriesAndErrors(t *testing.T) {
	fk := &fakeKeyring{m: map[string]string{}}
	k := &KeyringStore{kr: fk}
	if err := k.Set("decathlon-eu", SecretRefreshToken, "rt-1"); err != nil {
		t.Fatal(err)
	}
	if got := fk.m["tokeninspector|decathlon-eu/refresh_token"]; got != "rt-1" {
		t.Errorf("entry = %q; want service tokeninspector, user decathlon-eu/refresh_token (have %v)", got, fk.m)
	}
	if v, err := k.Get("decathlon-eu", SecretRefreshToken); v != "rt-1" || err != nil {
		t.Errorf("Get = %q, %v", v, err)
	}
	_, err := k.Get("decathlon-eu", SecretClientSecret)
	if !errors.Is(err, ErrSecretNotFound) || errors.Is(err, ErrKeyringUnavailable) {
		t.Errorf("missing entry: %v; want ErrSecretNotFound only", err)
	}
	if err := k.Delete("nobody", SecretRefreshToken); err != nil {
		t.Errorf("Delete of a missing entry: %v; want nil", err)
	}

	// A backend failure is "unavailable", not "not found", and never shows
	// the secret even when the backend echoes it.
	fk.err = errors.New("org.freedesktop.DBus.Error.ServiceUnknown: refused super-secret-refresh-token")
	err = k.Set("demo", SecretRefreshToken, "super-secret-refresh-token")
	if !errors.Is(err, ErrKeyringUnavailable) || errors.Is(err, ErrSecretNotFound) {
		t.Fatalf("backend failure: %v; want ErrKeyringUnavailable", err)
	}
	if strings.Contains(err.Error(), "super-secret-refresh-token") {
		t.Errorf("error shows the secret: %v", err)
	}
	if !strings.Contains(err.Error(), "demo/refresh_token") || !strings.Contains(err.Error(), "ServiceUnknown") {
		t.Errorf("error = %v; want the entry and the reason", err)
	}
	if _, err := k.Get("demo", SecretRefreshToken); !errors.Is(err, ErrKeyringUnavailable) {
		t.Errorf("Get: %v; want ErrKeyringUnavailable", err)
	}
}

// flakyStore fails with err while err is set.
type flakyStore struct {
	*MemoryStore
	mu  sync.Mutex
	err error
}

func (f *flakyStore) fail() error { f.mu.Lock(); defer f.mu.Unlock(); return f.err }
func (f *flakyStore) Get(p string, k SecretKind) (string, error) {
	if err := f.fail(); err != nil {
		return "", err
	}
	return f.MemoryStore.Get(p, k)
}
func (f *flakyStore) Set(p string, k SecretKind, v string) error {
	if err := f.fail(); err != nil {
		return err
	}
	return f.MemoryStore.Set(p, k, v)
}

func TestFallbackStoreGivesUpAnUnreachableKeyringOnce(t *testing.T) {
	primary := &flakyStore{MemoryStore: NewMemoryStore(), err: &KeyringError{Op: "set", User: "demo/refresh_token", Reason: "no bus"}}
	f := NewFallbackStore(primary)
	err := f.Set("demo", SecretRefreshToken, "rt-1")
	if !errors.Is(err, ErrNoKeyring) || !errors.Is(err, ErrKeyringUnavailable) {
		t.Fatalf("first Set: %v; want ErrNoKeyring", err)
	}
	if f.Unavailable() == nil {
		t.Error("Unavailable() = nil after giving up")
	}
	// From now on: memory, no more errors, the first value kept.
	if v, err := f.Get("demo", SecretRefreshToken); v != "rt-1" || err != nil {
		t.Errorf("Get = %q, %v; want rt-1 from memory", v, err)
	}
	if err := f.Set("demo", SecretRefreshToken, "rt-2"); err != nil {
		t.Errorf("second Set: %v; want nil (said once)", err)
	}
	if primary.Len() != 0 {
		t.Error("the unreachable keyring got a secret")
	}
	// A first Get that finds no keyring says so, and "not found" as well.
	g := NewFallbackStore(&flakyStore{MemoryStore: NewMemoryStore(), err: &KeyringError{Reason: "no bus"}})
	if _, err := g.Get("demo", SecretRefreshToken); !errors.Is(err, ErrNoKeyring) || !errors.Is(err, ErrSecretNotFound) {
		t.Errorf("first Get: %v; want ErrNoKeyring and ErrSecretNotFound", err)
	}
}

func TestFallbackStorePassesFailuresOnOnceTheKeyringAnswered(t *testing.T) {
	primary := &flakyStore{MemoryStore: NewMemoryStore()}
	f := NewFallbackStore(primary)
	if _, err := f.Get("demo", SecretRefreshToken); !errors.Is(err, ErrSecretNotFound) || errors.Is(err, ErrNoKeyring) {
		t.Fatalf("Get: %v; want plain not found", err)
	}
	primary.mu.Lock()
	primary.err = &KeyringError{Op: "set", Reason: "collection is locked"}
	primary.mu.Unlock()
	err := f.Set("demo", SecretRefreshToken, "rt-1")
	if err == nil || errors.Is(err, ErrNoKeyring) {
		t.Errorf("Set on a failing keyring: %v; want the keyring's error (a stale copy), no fallback", err)
	}
	if f.Unavailable() != nil {
		t.Error("gave up a keyring that had answered")
	}
}

func TestKeyringNoDBusFallsBackToMemoryOnce(t *testing.T) {
	if !testenv.WithoutDBus(t) {
		return
	}
	k := NewKeyringStore()
	start := time.Now()
	_, err := k.Get("demo", SecretRefreshToken)
	if !errors.Is(err, ErrKeyringUnavailable) || errors.Is(err, ErrSecretNotFound) {
		t.Fatalf("Get without D-Bus: %v; want unavailable, not \"not found\"", err)
	}
	t.Logf("without D-Bus after %s: %v", time.Since(start).Round(time.Millisecond), err)
	f := NewFallbackStore(k)
	err = f.Set("demo", SecretRefreshToken, "rt-secret-value")
	if !errors.Is(err, ErrNoKeyring) || strings.Contains(err.Error(), "rt-secret-value") {
		t.Fatalf("first Set: %v; want ErrNoKeyring without the value", err)
	}
	for i := 0; i < 3; i++ {
		if err := f.Set("demo", SecretRefreshToken, fmt.Sprintf("rt-%d", i)); err != nil {
			t.Errorf("Set %d: %v; want nil: the notice is given once", i, err)
		}
	}
	if v, err := f.Get("demo", SecretRefreshToken); err != nil || v != "rt-2" {
		t.Errorf("Get = %q, %v; want rt-2 from memory", v, err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("took %s without D-Bus; want a quick failure", d)
	}
}

func mustf(t *testing.T, ok bool, format string, args ...any) {
	t.Helper()
	if !ok {
		t.Errorf(format, args...)
	}
}
