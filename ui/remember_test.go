package ui

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/tokeninspector/tokeninspector/auth"
	"github.com/tokeninspector/tokeninspector/auth/demoidp"
	"github.com/tokeninspector/tokeninspector/internal/testenv"
)

const realKeyringEnv = "TOKENINSPECTOR_TEST_REAL_KEYRING"

// statusLog collects the status lines a window shows (Deps.Logf).
type statusLog struct {
	mu    sync.Mutex
	lines []string
}

func (l *statusLog) logf(format string, args ...any) {
	l.mu.Lock()
	l.lines = append(l.lines, fmt.Sprintf(format, args...))
	l.mu.Unlock()
}

func (l *statusLog) count(sub string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := 0
	for _, s := range l.lines {
		if strings.Contains(s, sub) {
			n++
		}
	}
	return n
}

func (l *statusLog) text() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return strings.Join(l.lines, "\n")
}

// newRememberHarness is newHarness with the window storing secrets in store.
func newRememberHarness(t *testing.T, store auth.SecretStore) (*harness, *statusLog) {
	t.Helper()
	h := newHarness(t)
	h.u.waitJobs()
	h.u.win.Close()
	log := &statusLog{}
	h.u = h.newUI(h.cfg, store, log.logf)
	h.u.waitJobs()
	return h, log
}

// newUI builds a window on the harness's provider and clock.
func (h *harness) newUI(cfg *auth.Config, store auth.SecretStore, logf func(string, ...any)) *UI {
	return New(h.u.app, Deps{Config: cfg, Providers: h.u.deps.Providers, Now: h.clock.Now,
		Clipboard: h.u.deps.Clipboard, Secrets: store, Logf: logf})
}

// restart opens a second window as the next start of the app would: the
// config read back from its file, the given store, the same provider.
func (h *harness) restart(store auth.SecretStore) (*UI, *statusLog) {
	h.t.Helper()
	cfg, err := auth.LoadConfig(h.cfg.Path())
	if err != nil {
		h.t.Fatal(err)
	}
	log := &statusLog{}
	u := h.newUI(cfg, store, log.logf)
	h.t.Cleanup(func() { u.waitJobs(); u.win.Close() })
	u.waitJobs()
	return u, log
}

func statusOf(u *UI) string {
	s := u.status.message.Text
	if u.status.hint.Visible() {
		s += " | " + u.status.hint.Text
	}
	return s
}

func stored(t *testing.T, s auth.SecretStore, profile string, kind auth.SecretKind) string {
	t.Helper()
	v, err := s.Get(profile, kind)
	if err != nil && !errors.Is(err, auth.ErrSecretNotFound) {
		t.Fatalf("store: %v", err)
	}
	return v
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

// checkRememberInConfig fails unless the config file says remember for profile.
func checkRememberInConfig(t *testing.T, h *harness, profile string, want bool) {
	t.Helper()
	cfg, err := auth.LoadConfig(h.cfg.Path())
	if err != nil {
		t.Fatal(err)
	}
	if p, _ := cfg.Find(profile); p.Remember != want {
		t.Errorf("config file: %s remember = %v; want %v", profile, p.Remember, want)
	}
}

func TestRememberStoresTheRotatedRefreshToken(t *testing.T) {
	store := auth.NewMemoryStore()
	h, _ := newRememberHarness(t, store)
	first := h.login()
	if store.Len() != 0 {
		t.Fatal("something was stored before Remember was ticked")
	}
	test.Tap(h.u.remember)
	h.u.waitJobs()
	if got := stored(t, store, "demo", auth.SecretRefreshToken); got != first.RefreshToken {
		t.Fatalf("after ticking Remember the store holds %s; want the current refresh token", auth.Redact(got))
	}
	if !strings.Contains(statusOf(h.u), "Remembered") {
		t.Errorf("status = %q", statusOf(h.u))
	}
	h.clock.Set(h.clock.Now().Add(30 * time.Second))
	test.Tap(h.u.refresh)
	h.u.waitJobs()
	ts := h.u.current()
	if ts == first || ts.RefreshToken == first.RefreshToken {
		t.Fatal("refresh did not rotate")
	}
	if got := stored(t, store, "demo", auth.SecretRefreshToken); got != ts.RefreshToken {
		t.Errorf("store holds %s after the refresh; want the NEW refresh token", auth.Redact(got))
	}
	if !strings.Contains(statusOf(h.u), "refresh token rotated") || strings.Contains(statusOf(h.u), "stale") {
		t.Errorf("status = %q", statusOf(h.u))
	}
	checkNotInConfig(t, h, first.RefreshToken, ts.RefreshToken)
	checkRememberInConfig(t, h, "demo", true)
	if store.Len() != 1 {
		t.Errorf("store holds %d secrets; want 1 (the demo client secret comes from the config, not typed)", store.Len())
	}
}

// orderStore checks, at each Set, that the window does not show the token yet.
type orderStore struct {
	*auth.MemoryStore
	u *UI

	mu    sync.Mutex
	armed bool // check from now on
	sets  int
	early int // Sets of a token the window already showed
}

func (o *orderStore) Set(profile string, kind auth.SecretKind, value string) error {
	o.u.serial.Lock() // what u.do holds while it updates widgets
	shown := o.u.refreshTok.decoded.Raw == value || o.u.current().RefreshToken == value
	o.u.serial.Unlock()
	o.mu.Lock()
	if o.armed {
		o.sets++
		if shown {
			o.early++
		}
	}
	o.mu.Unlock()
	return o.MemoryStore.Set(profile, kind, value)
}

func TestRememberStoresBeforeTheNewTokensAreShown(t *testing.T) {
	st := &orderStore{MemoryStore: auth.NewMemoryStore()}
	h, _ := newRememberHarness(t, st)
	st.u = h.u
	h.login()
	test.Tap(h.u.remember)
	h.u.waitJobs()
	st.mu.Lock()
	st.armed = true
	st.mu.Unlock()
	for i := 0; i < 3; i++ {
		h.clock.Set(h.clock.Now().Add(30 * time.Second))
		test.Tap(h.u.refresh)
		h.u.waitJobs()
	}
	if st.sets != 3 || st.early != 0 {
		t.Errorf("%d stores, %d of a token already current or shown; want 3, 0", st.sets, st.early)
	}
	if got := stored(t, st, "demo", auth.SecretRefreshToken); got != h.u.current().RefreshToken || h.u.refreshTok.decoded.Raw != got {
		t.Error("stored and shown refresh tokens differ")
	}
}

func TestRememberRestoresAfterRestartAndRefreshes(t *testing.T) {
	store := auth.NewMemoryStore()
	h, _ := newRememberHarness(t, store)
	first := h.login()
	test.Tap(h.u.remember)
	h.u.waitJobs()

	u2, _ := h.restart(store)
	ts := u2.current()
	if ts == nil || ts.AccessToken != "" || ts.RefreshToken != first.RefreshToken || ts.Refresh.JTI != first.Refresh.JTI {
		t.Fatalf("restored set = %v; want the stored refresh token only, decoded", ts)
	}
	if !u2.remember.Checked {
		t.Error("Remember not ticked after the restart")
	}
	if !strings.Contains(statusOf(u2), "Session restored from the keyring — press Refresh") {
		t.Errorf("status = %q", statusOf(u2))
	}
	if u2.tabs.Selected() != u2.tabRefresh || u2.refreshTok.decoded.Raw != first.RefreshToken || !u2.refreshTok.body.Visible() {
		t.Error("the refresh token view is not shown")
	}
	if u2.refresh.Disabled() {
		t.Error("Refresh disabled after a restore")
	}
	if !u2.copyBearer.Disabled() || u2.access.body.Visible() || !strings.Contains(u2.access.empty.Text, "Press Refresh") {
		t.Errorf("access view: empty %q, copy bearer disabled %v", u2.access.empty.Text, u2.copyBearer.Disabled())
	}

	h.clock.Set(h.clock.Now().Add(10 * time.Second))
	test.Tap(u2.refresh)
	u2.waitJobs()
	fresh := u2.current()
	if fresh.AccessToken == "" || fresh.RefreshToken == first.RefreshToken {
		t.Fatalf("refresh after restore: %q", statusOf(u2))
	}
	if u2.access.decoded.Raw != fresh.AccessToken || clipboardOf(u2) != "Bearer "+fresh.AccessToken {
		t.Error("new access token not shown or not copied")
	}
	if got := stored(t, store, "demo", auth.SecretRefreshToken); got != fresh.RefreshToken {
		t.Errorf("store holds %s; want the rotated refresh token", auth.Redact(got))
	}
}

func clipboardOf(u *UI) string { return u.deps.Clipboard.Content() }

func TestRememberAutoRefreshesARestoredSession(t *testing.T) {
	store := auth.NewMemoryStore()
	h, _ := newRememberHarness(t, store)
	first := h.login()
	test.Tap(h.u.remember)
	h.u.waitJobs()
	u2, _ := h.restart(store)
	test.Tap(u2.auto)
	u2.Tick(h.clock.Now())
	u2.waitJobs()
	if ts := u2.current(); ts.AccessToken == "" || ts.RefreshToken == first.RefreshToken {
		t.Fatalf("auto-refresh did not refresh the restored session: %q", statusOf(u2))
	}
	if got := stored(t, store, "demo", auth.SecretRefreshToken); got != u2.current().RefreshToken {
		t.Error("store not updated by the auto-refresh")
	}
}

func TestForgetEmptiesTheStore(t *testing.T) {
	store := auth.NewMemoryStore()
	h, _ := newRememberHarness(t, store)
	h.login()
	test.Tap(h.u.remember)
	h.u.waitJobs()
	if store.Len() == 0 {
		t.Fatal("nothing stored")
	}
	test.Tap(h.u.forget)
	h.u.waitJobs()
	if store.Len() != 0 {
		t.Errorf("store holds %d secrets after Forget", store.Len())
	}
	if h.u.remember.Checked || h.u.profile.Remember {
		t.Error("Remember still ticked after Forget")
	}
	if !strings.Contains(statusOf(h.u), "Forgot demo") {
		t.Errorf("status = %q", statusOf(h.u))
	}
	if h.u.current() == nil || h.u.access.decoded.Raw == "" {
		t.Error("Forget dropped the tokens on screen")
	}
	// Rotation after Forget stores nothing; a restart restores nothing.
	test.Tap(h.u.refresh)
	h.u.waitJobs()
	if store.Len() != 0 {
		t.Error("a refresh after Forget stored the token again")
	}
	checkRememberInConfig(t, h, "demo", false)
	u2, _ := h.restart(store)
	if u2.current() != nil {
		t.Error("a forgotten session came back")
	}
	// Forget with Remember off still clears leftovers.
	store.Set("demo", auth.SecretRefreshToken, "leftover")
	test.Tap(u2.forget)
	u2.waitJobs()
	if store.Len() != 0 {
		t.Error("Forget left a stored token behind")
	}
}

// failingStore fails every Set while failing is true.
type failingStore struct {
	*auth.MemoryStore
	mu      sync.Mutex
	failing bool
}

func (f *failingStore) Set(profile string, kind auth.SecretKind, value string) error {
	f.mu.Lock()
	failing := f.failing
	f.mu.Unlock()
	if failing {
		return &auth.KeyringError{Op: "set", User: profile + "/" + string(kind), Reason: "org.freedesktop.Secret.Error.IsLocked: collection is locked"}
	}
	return f.MemoryStore.Set(profile, kind, value)
}

func TestRememberStoreFailureStillShowsTheNewTokens(t *testing.T) {
	store := &failingStore{MemoryStore: auth.NewMemoryStore()}
	h, log := newRememberHarness(t, store)
	first := h.login()
	test.Tap(h.u.remember)
	h.u.waitJobs()
	store.mu.Lock()
	store.failing = true
	store.mu.Unlock()
	test.Tap(h.u.refresh)
	h.u.waitJobs()
	ts := h.u.current()
	if ts == first || h.u.access.decoded.Raw != ts.AccessToken || h.clipboard() != "Bearer "+ts.AccessToken {
		t.Fatal("the new tokens are not shown after a failed store")
	}
	st := statusOf(h.u)
	if !strings.Contains(st, "Refreshed") || !strings.Contains(st, "keyring copy is stale") || !strings.Contains(st, "IsLocked") {
		t.Errorf("status = %q; want the refresh and a stale keyring copy", st)
	}
	if strings.Contains(st, ts.RefreshToken) || strings.Contains(log.text(), ts.RefreshToken) || strings.Contains(log.text(), first.RefreshToken) {
		t.Error("a refresh token reached the status line or the log")
	}
	if got := stored(t, store, "demo", auth.SecretRefreshToken); got != first.RefreshToken {
		t.Error("the previous stored token was lost")
	}
	// The keyring works again: the next rotation is stored.
	store.mu.Lock()
	store.failing = false
	store.mu.Unlock()
	test.Tap(h.u.refresh)
	h.u.waitJobs()
	if got := stored(t, store, "demo", auth.SecretRefreshToken); got != h.u.current().RefreshToken || strings.Contains(statusOf(h.u), "stale") {
		t.Errorf("after recovery: stored current %v, status %q", got == h.u.current().RefreshToken, statusOf(h.u))
	}
}

func TestRememberTypedClientSecret(t *testing.T) {
	store := auth.NewMemoryStore()
	h, _ := newRememberHarness(t, store)
	h.u.onNewProfile()
	f := h.u.profileFormOpen
	f.name.SetText("acme")
	f.issuer.SetText(h.idp.Issuer())
	f.clientID.SetText(demoidp.DemoClientID)
	f.secret.SetText(demoidp.DemoClientSecret) // typed: never in the config file
	f.clientAuth.SetSelected(string(auth.AuthPost))
	h.u.saveProfile(f, auth.Profile{})
	if h.u.profile.Name != "acme" || h.u.profile.SecretSource != auth.SecretTyped {
		t.Fatalf("profile %q source %q; status %q", h.u.profile.Name, h.u.profile.SecretSource, statusOf(h.u))
	}
	test.Tap(h.u.remember)
	h.u.waitJobs()
	if got := stored(t, store, "acme", auth.SecretClientSecret); got != demoidp.DemoClientSecret {
		t.Fatal("the typed client secret is not in the store after ticking Remember")
	}
	first := h.login()
	if got := stored(t, store, "acme", auth.SecretRefreshToken); got != first.RefreshToken {
		t.Fatal("login did not store the refresh token")
	}
	checkNotInConfig(t, h, demoidp.DemoClientSecret, first.RefreshToken)
	checkRememberInConfig(t, h, "acme", true)

	// Next start: the config has no secret; the store brings it back the
	// first time the profile is selected, and Refresh authenticates with it.
	u2, _ := h.restart(store)
	if u2.current() != nil {
		t.Fatal("demo has no remembered session")
	}
	u2.serial.Lock() // a user's selection is one UI event: the restore reports after it
	u2.profileSelect.SetSelected("acme")
	u2.serial.Unlock()
	u2.waitJobs()
	if u2.current() == nil || u2.profile.ClientSecret != demoidp.DemoClientSecret || u2.profile.SecretSource != auth.SecretFromKeyring {
		t.Fatalf("acme not restored (source %q): %q", u2.profile.SecretSource, statusOf(u2))
	}
	test.Tap(u2.refresh)
	u2.waitJobs()
	if ts := u2.current(); ts.AccessToken == "" {
		t.Fatalf("refresh with the restored client secret failed: %q", statusOf(u2))
	}
	if got := stored(t, store, "acme", auth.SecretRefreshToken); got != u2.current().RefreshToken {
		t.Error("rotation not stored")
	}
	// Saving the profile again keeps the secret out of the file.
	u2.saveProfile(newProfileForm(u2.profile), u2.profile)
	checkNotInConfig(t, h, demoidp.DemoClientSecret)
	checkRememberInConfig(t, h, "acme", true)
	if !u2.remember.Checked {
		t.Error("saving the profile form unticked Remember")
	}
}

// TestKeyringNoDBusMemoryOnlyNoticeOnce wires the store as gui.go does, with
// no D-Bus at all: the window says once that no keyring is reachable, keeps
// the session in memory only, and carries on.
func TestKeyringNoDBusMemoryOnlyNoticeOnce(t *testing.T) {
	if !testenv.WithoutDBus(t) {
		return
	}
	store := auth.NewFallbackStore(auth.NewKeyringStore())
	h, log := newRememberHarness(t, store)
	first := h.login()
	test.Tap(h.u.remember)
	h.u.waitJobs()
	if !strings.Contains(statusOf(h.u), "No keyring reachable") || !strings.Contains(statusOf(h.u), "memory only") {
		t.Fatalf("status = %q; want the no-keyring notice", statusOf(h.u))
	}
	if store.Unavailable() == nil {
		t.Fatal("the keyring was not given up")
	}
	test.Tap(h.u.refresh)
	h.u.waitJobs()
	ts := h.u.current()
	if ts == first || h.u.access.decoded.Raw != ts.AccessToken || !strings.Contains(statusOf(h.u), "Refreshed") {
		t.Fatalf("refresh: %q", statusOf(h.u))
	}
	// Untick, tick, refresh again: no second notice.
	test.Tap(h.u.remember)
	h.u.waitJobs()
	test.Tap(h.u.remember)
	h.u.waitJobs()
	test.Tap(h.u.refresh)
	h.u.waitJobs()
	if n := log.count("No keyring reachable"); n != 1 {
		t.Errorf("the no-keyring notice was shown %d times; want once:\n%s", n, log.text())
	}
	// Memory only: the session is in the (memory) store for this run.
	if got := stored(t, store, "demo", auth.SecretRefreshToken); got != h.u.current().RefreshToken {
		t.Error("memory store does not hold the current refresh token")
	}
	t.Logf("status lines:\n%s", log.text())
}

// TestKeyringRealRestoreRefreshRotateForget runs the whole feature against a
// real Secret Service: store, restart (new store object, new window),
// restore, refresh, rotate, forget. Run by scripts/test-keyring.sh.
func TestKeyringRealRestoreRefreshRotateForget(t *testing.T) {
	if os.Getenv(realKeyringEnv) != "1" {
		t.Skip("needs a real Secret Service: run scripts/test-keyring.sh (sets " + realKeyringEnv + "=1 inside a private D-Bus session with gnome-keyring)")
	}
	const service = "tokeninspector-uitest"
	newStore := func() *auth.FallbackStore { return auth.NewFallbackStore(&auth.KeyringStore{Service: service}) }
	lookup := func() (string, bool) {
		if _, err := exec.LookPath("secret-tool"); err != nil {
			return "", false
		}
		out, err := exec.Command("secret-tool", "lookup", "service", service, "username", "demo/refresh_token").Output()
		if err != nil {
			return "", true
		}
		return string(out), true
	}
	t.Cleanup(func() { (&auth.KeyringStore{Service: service}).Delete("demo", auth.SecretRefreshToken) })

	s1 := newStore()
	h, _ := newRememberHarness(t, s1)
	first := h.login()
	test.Tap(h.u.remember)
	h.u.waitJobs()
	if s1.Unavailable() != nil {
		t.Fatalf("keyring unavailable: %v", s1.Unavailable())
	}
	if v, ok := lookup(); ok && v != first.RefreshToken {
		t.Fatalf("secret-tool lookup after Remember: %d chars, not the refresh token; status %q", len(v), statusOf(h.u))
	}

	s2 := newStore() // the next start of the app
	u2, _ := h.restart(s2)
	if ts := u2.current(); ts == nil || ts.RefreshToken != first.RefreshToken || ts.AccessToken != "" {
		t.Fatalf("not restored from the keyring: %q", statusOf(u2))
	}
	h.clock.Set(h.clock.Now().Add(20 * time.Second))
	test.Tap(u2.refresh)
	u2.waitJobs()
	fresh := u2.current()
	if fresh.AccessToken == "" || fresh.RefreshToken == first.RefreshToken || strings.Contains(statusOf(u2), "stale") {
		t.Fatalf("refresh after restore: %q", statusOf(u2))
	}
	if v, err := newStore().Get("demo", auth.SecretRefreshToken); err != nil || v != fresh.RefreshToken {
		t.Errorf("keyring after rotation: %v (equals new token: %v)", err, v == fresh.RefreshToken)
	}
	if v, ok := lookup(); ok && v != fresh.RefreshToken {
		t.Errorf("secret-tool lookup after rotation: not the new refresh token")
	}

	test.Tap(u2.forget)
	u2.waitJobs()
	if _, err := newStore().Get("demo", auth.SecretRefreshToken); !errors.Is(err, auth.ErrSecretNotFound) || errors.Is(err, auth.ErrNoKeyring) {
		t.Errorf("after Forget: %v; want not found", err)
	}
	if v, ok := lookup(); ok && v != "" {
		t.Error("secret-tool still finds the refresh token after Forget")
	}
	checkNotInConfig(t, h, first.RefreshToken, fresh.RefreshToken)
}
