package ui

import (
	"errors"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/tokeninspector/tokeninspector/auth/keyring"

	"fyne.io/fyne/v2/test"

	"github.com/tokeninspector/tokeninspector/auth"
	"github.com/tokeninspector/tokeninspector/auth/remembered"
	"github.com/tokeninspector/tokeninspector/auth/workspace"
	"github.com/tokeninspector/tokeninspector/internal/testenv"
)

const realKeyringEnv = "TOKENINSPECTOR_TEST_REAL_KEYRING"

// storedRefresh is the refresh token of the profile's remembered session
// ("" when none is stored).
func storedRefresh(t *testing.T, s keyring.SecretStore, profile string) string {
	t.Helper()
	ts, err := (&remembered.Store{Secrets: s}).Load(profile)
	if errors.Is(err, remembered.ErrNothingRemembered) {
		return ""
	}
	if err != nil {
		t.Fatalf("store: %v", err)
	}
	return ts.RefreshToken
}

// checkNotInConfig fails when a secret reached the config file.
func checkNotInConfig(t *testing.T, h *harness, secrets ...string) {
	t.Helper()
	b, err := os.ReadFile(h.cfg.Path())
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range secrets {
		if s != "" && strings.Contains(string(b), s) {
			t.Errorf("a secret (%s) is in the config file", auth.Redact(s))
		}
	}
}

func TestRememberCheckStoresAndForgetEmpties(t *testing.T) {
	store := keyring.NewMemoryStore()
	h := newHarness(t, store)
	if h.u.bar.forget.Visible() || h.u.bar.stored.Visible() {
		t.Errorf("Forget shown %v, stored %q with nothing stored and Remember off", h.u.bar.forget.Visible(), h.u.bar.stored.Text)
	}
	ts := h.login()
	test.Tap(h.u.bar.remember)
	h.settle()
	if got := storedRefresh(t, store, "demo"); got != ts.RefreshToken {
		t.Fatalf("Remember did not store the refresh token; status %q", statusOf(h.u))
	}
	if !strings.Contains(statusOf(h.u), "Remembered") || !h.u.bar.forget.Visible() {
		t.Errorf("status %q, forget shown %v", statusOf(h.u), h.u.bar.forget.Visible())
	}
	if got := h.u.bar.stored.Text; got != "stored: refresh token" {
		t.Errorf("stored = %q", got)
	}
	test.Tap(h.u.bar.refresh)
	h.settle()
	if got := storedRefresh(t, store, "demo"); got != h.u.tokens().RefreshToken {
		t.Error("the rotated refresh token is not in the keyring")
	}
	checkNotInConfig(t, h, ts.RefreshToken, h.u.tokens().RefreshToken)
	test.Tap(h.u.bar.forget)
	h.settle()
	if store.Len() != 0 || h.u.bar.remember.Checked || !strings.Contains(statusOf(h.u), "Forgot demo") {
		t.Errorf("after Forget: %d secrets, remember %v, status %q", store.Len(), h.u.bar.remember.Checked, statusOf(h.u))
	}
	if h.u.tokens() == nil {
		t.Error("Forget cleared the tokens on screen")
	}
	if h.u.bar.forget.Visible() || h.u.bar.stored.Visible() {
		t.Errorf("after Forget: Forget shown %v, stored %q", h.u.bar.forget.Visible(), h.u.bar.stored.Text)
	}
}

// Remember on before any login: nothing is stored yet, and the window says
// so instead of offering Forget.
func TestRememberBeforeLoginSaysNothingStoredYet(t *testing.T) {
	h := newHarness(t, keyring.NewMemoryStore())
	test.Tap(h.u.bar.remember)
	h.settle()
	if h.u.bar.forget.Visible() || h.u.bar.stored.Text != "stored: nothing yet (at login)" || !h.u.bar.stored.Visible() {
		t.Errorf("Forget shown %v, stored %q", h.u.bar.forget.Visible(), h.u.bar.stored.Text)
	}
	h.login()
	if !h.u.bar.forget.Visible() || h.u.bar.stored.Text != "stored: refresh token" {
		t.Errorf("after login: Forget shown %v, stored %q", h.u.bar.forget.Visible(), h.u.bar.stored.Text)
	}
}

func TestRestartRestoresTheRememberedSession(t *testing.T) {
	store := keyring.NewMemoryStore()
	h := newHarness(t, store)
	test.Tap(h.u.bar.remember)
	h.settle()
	if !strings.Contains(statusOf(h.u), "goes to the keyring when you log in") {
		t.Errorf("status = %q", statusOf(h.u))
	}
	first := h.login()
	h.restart()
	ts := h.u.tokens()
	if ts == nil || ts.RefreshToken != first.RefreshToken || ts.AccessToken != first.AccessToken {
		t.Fatalf("not restored: %q", statusOf(h.u))
	}
	if !strings.Contains(statusOf(h.u), "Session restored") || h.u.views.access.decoded.Raw != first.AccessToken {
		t.Errorf("status %q; want the restore said and the refresh token shown", statusOf(h.u))
	}
	if !h.u.bar.remember.Checked {
		t.Error("Remember is not ticked after the restart")
	}
	test.Tap(h.u.bar.refresh)
	h.settle()
	if ts := h.u.tokens(); ts.AccessToken == first.AccessToken || ts.RefreshToken == first.RefreshToken {
		t.Fatalf("refresh after restore: %q", statusOf(h.u))
	}
}

// failingStore refuses every write.
type failingStore struct{ *keyring.MemoryStore }

func (failingStore) Set(string, keyring.SecretKind, string) error {
	return &keyring.KeyringError{Op: "set", User: "demo/refresh_token", Reason: "locked"}
}

func TestRememberStoreFailureStillShowsTheNewTokens(t *testing.T) {
	h := newHarness(t, failingStore{keyring.NewMemoryStore()})
	first := h.login()
	test.Tap(h.u.bar.remember)
	h.settle()
	test.Tap(h.u.bar.refresh)
	h.settle()
	if h.u.tokens() == first || h.u.views.access.decoded.Raw != h.u.tokens().AccessToken {
		t.Fatal("the new tokens are not shown")
	}
	if !strings.Contains(statusOf(h.u), "keyring copy is stale") || !strings.Contains(statusOf(h.u), "locked") {
		t.Errorf("status = %q", statusOf(h.u))
	}
}

// TestKeyringNoDBusMemoryOnlyNoticeOnce wires the store as gui.go does, with
// no D-Bus at all: the window says once that no keyring is reachable, keeps
// the session in memory only, and carries on.
func TestKeyringNoDBusMemoryOnlyNoticeOnce(t *testing.T) {
	if !testenv.WithoutDBus(t) {
		return
	}
	store := keyring.NewFallbackStore(keyring.NewKeyringStore())
	h := newHarness(t, store)
	first := h.login()
	test.Tap(h.u.bar.remember)
	h.settle()
	if !strings.Contains(statusOf(h.u), "No keyring reachable") || !strings.Contains(statusOf(h.u), "memory only") {
		t.Fatalf("status = %q; want the no-keyring notice", statusOf(h.u))
	}
	if store.Unavailable() == nil {
		t.Fatal("the keyring was not given up")
	}
	test.Tap(h.u.bar.refresh)
	h.settle()
	ts := h.u.tokens()
	if ts == first || h.u.views.access.decoded.Raw != ts.AccessToken || !strings.Contains(statusOf(h.u), "Refreshed") {
		t.Fatalf("refresh: %q", statusOf(h.u))
	}
	// Untick, tick, refresh again: no second notice.
	test.Tap(h.u.bar.remember)
	h.settle()
	test.Tap(h.u.bar.remember)
	h.settle()
	test.Tap(h.u.bar.refresh)
	h.settle()
	if n := h.log.count("No keyring reachable"); n != 1 {
		t.Errorf("the no-keyring notice was shown %d times; want once:\n%s", n, h.log.text())
	}
	if got := storedRefresh(t, store, "demo"); got != h.u.tokens().RefreshToken {
		t.Error("memory store does not hold the current refresh token")
	}
}

// TestKeyringRealRestoreRefreshRotateForget runs the whole feature against a
// real Secret Service: store, restart (new store object, new window),
// restore, refresh, rotate, forget. Run by scripts/test-keyring.sh.
func TestKeyringRealRestoreRefreshRotateForget(t *testing.T) {
	if os.Getenv(realKeyringEnv) != "1" {
		t.Skip("needs a real Secret Service: run scripts/test-keyring.sh (sets " + realKeyringEnv + "=1 inside a private D-Bus session with gnome-keyring)")
	}
	const service = "tokeninspector-uitest"
	newStore := func() *keyring.FallbackStore {
		return keyring.NewFallbackStore(&keyring.KeyringStore{Service: service})
	}
	lookup := func() (string, bool) {
		if _, err := exec.LookPath("secret-tool"); err != nil {
			return "", false
		}
		out, err := exec.Command("secret-tool", "lookup", "service", service, "username", "demo/session").Output()
		if err != nil {
			return "", true
		}
		return string(out), true
	}
	t.Cleanup(func() { (&remembered.Store{Secrets: &keyring.KeyringStore{Service: service}}).Delete("demo") })

	s1 := newStore()
	h := newHarness(t, s1)
	first := h.login()
	test.Tap(h.u.bar.remember)
	h.settle()
	if s1.Unavailable() != nil {
		t.Fatalf("keyring unavailable: %v", s1.Unavailable())
	}
	if v, ok := lookup(); ok && !strings.Contains(v, first.RefreshToken) {
		t.Fatalf("secret-tool lookup after Remember: %d chars, not the refresh token; status %q", len(v), statusOf(h.u))
	}

	h.deps.Secrets = newStore() // the next start of the app
	h.restart()
	if ts := h.u.tokens(); ts == nil || ts.RefreshToken != first.RefreshToken || ts.AccessToken != first.AccessToken {
		t.Fatalf("not restored from the keyring: %q", statusOf(h.u))
	}
	h.advance(20 * time.Second)
	test.Tap(h.u.bar.refresh)
	h.settle()
	fresh := h.u.tokens()
	if fresh.AccessToken == "" || fresh.RefreshToken == first.RefreshToken || strings.Contains(statusOf(h.u), "stale") {
		t.Fatalf("refresh after restore: %q", statusOf(h.u))
	}
	if v := storedRefresh(t, newStore(), "demo"); v != fresh.RefreshToken {
		t.Errorf("keyring after rotation: not the new refresh token")
	}
	if v, ok := lookup(); ok && !strings.Contains(v, fresh.RefreshToken) {
		t.Errorf("secret-tool lookup after rotation: not the new refresh token")
	}

	test.Tap(h.u.bar.forget)
	h.settle()
	if _, err := (&remembered.Store{Secrets: newStore()}).Load("demo"); !errors.Is(err, remembered.ErrNothingRemembered) {
		t.Errorf("after Forget: %v; want nothing remembered", err)
	}
	if v, ok := lookup(); ok && v != "" {
		t.Error("secret-tool still finds the refresh token after Forget")
	}
	checkNotInConfig(t, h, first.RefreshToken, fresh.RefreshToken)
}

// A rotation by another Token Inspector process (here a second workspace
// over the same keyring and lock folder, as `tokeninspector token` is) is
// shown within a second, without a request of the window's own.
func TestWindowPicksUpAnotherProcessRotation(t *testing.T) {
	store := keyring.NewMemoryStore()
	h := newHarness(t, store)
	h.deps.Locks = &remembered.Locks{Dir: t.TempDir()}
	h.start(h.cfg)
	test.Tap(h.u.bar.remember)
	h.settle()
	first := h.login()
	other := workspace.New(workspace.Deps{Config: h.cfg, Secrets: store, Clock: h.clock, Providers: h.deps.Providers, Locks: h.deps.Locks})
	defer other.Close()
	other.Wait()
	h.advance(100 * time.Second)
	other.Refresh("demo", workspace.Manual)
	other.Wait()
	o, _ := other.Snapshot("demo")
	requests := h.refreshes()
	h.advance(workspace.SyncInterval)
	if ts := h.u.tokens(); ts == first || ts.RefreshToken != o.Tokens.RefreshToken || h.u.views.access.decoded.Raw != o.Tokens.AccessToken {
		t.Fatalf("the window still shows its own tokens; status %q", statusOf(h.u))
	}
	if !strings.Contains(statusOf(h.u), "another Token Inspector process") {
		t.Errorf("status = %q", statusOf(h.u))
	}
	if h.refreshes() != requests+0 {
		t.Error("the window sent a refresh of its own")
	}
}
