package workspace

import (
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/tokeninspector/tokeninspector/auth/keyring"

	"github.com/tokeninspector/tokeninspector/auth/config"

	"github.com/tokeninspector/tokeninspector/auth"
	"github.com/tokeninspector/tokeninspector/auth/remembered"
)

// orderStore checks, at every Set of a refresh token, that the workspace
// does not show that token yet.
type orderStore struct {
	*keyring.MemoryStore
	ws       func() *Workspace
	early    []string
	profiles []string
}

func (o *orderStore) Set(profile string, kind keyring.SecretKind, value string) error {
	if kind == keyring.SecretSession {
		saved, _ := auth.LoadTokenSet([]byte(value))
		if s, ok := o.ws().Snapshot(profile); ok && s.Tokens != nil && saved != nil && s.Tokens.RefreshToken == saved.RefreshToken {
			o.early = append(o.early, profile)
		}
	}
	return o.MemoryStore.Set(profile, kind, value)
}

func TestRememberStoresEveryRotationBeforeItIsShown(t *testing.T) {
	var h *harness
	store := &orderStore{MemoryStore: keyring.NewMemoryStore(), ws: func() *Workspace { return h.ws }}
	h = newHarness(t, withStore(store))
	h.ws.SetRemember("demo", true)
	s := h.login("demo")
	for range 3 {
		s = h.refresh("demo")
	}
	if got := storedRefresh(store, "demo"); got != s.Tokens.RefreshToken {
		t.Errorf("keyring holds %s; want the latest refresh token", auth.Redact(got))
	}
	if len(store.early) > 0 {
		t.Errorf("tokens were shown before their refresh token was stored (%d times)", len(store.early))
	}
	if !s.Remember.StoredRefresh || s.Remember.Stale != nil {
		t.Errorf("remember state %+v; want stored, not stale", s.Remember)
	}
	checkNotInFile(t, h.cfg.Path(), s.Tokens.RefreshToken, s.Tokens.AccessToken)
}

func TestRememberOnStoresTheCurrentSessionAndFlagIsSaved(t *testing.T) {
	store := keyring.NewMemoryStore()
	h := newHarness(t, withStore(store))
	s := h.login("demo")
	if store.Len() != 0 {
		t.Fatal("stored without Remember")
	}
	id := h.ws.SetRemember("demo", true)
	h.ws.Wait()
	r := h.snap("demo").LastOp
	if !r.Answers(id) || r.Kind != OpRemember || r.Err != nil || r.StoreErr != nil {
		t.Fatalf("last op %+v", r)
	}
	if got := storedRefresh(store, "demo"); got != s.Tokens.RefreshToken {
		t.Error("Remember on did not store the current refresh token")
	}
	cfg, _ := config.LoadConfig(h.cfg.Path())
	if p, _ := cfg.Find("demo"); !p.Remember {
		t.Error("the Remember flag is not in the config file")
	}
}

func TestRestartRestoresTheRememberedSessionAndRefreshes(t *testing.T) {
	store := keyring.NewMemoryStore()
	h := newHarness(t, withStore(store))
	h.ws.SetRemember("demo", true)
	s := h.login("demo")
	h.ws.Close()

	cfg, err := config.LoadConfig(h.cfg.Path())
	if err != nil {
		t.Fatal(err)
	}
	h2 := newHarness(t, withStore(store), withConfig(cfg))
	h2.ws.Wait()
	r := h2.snap("demo")
	if r.Restored || r.Tokens == nil || r.Tokens.RefreshToken != s.Tokens.RefreshToken ||
		r.Tokens.AccessToken != s.Tokens.AccessToken || r.LastOp.Kind != OpRestore {
		t.Fatalf("after restart: restored %v, last op %+v; want the whole stored token set", r.Restored, r.LastOp)
	}
	// The second harness serves another demo provider with other keys: the
	// old refresh token is dead there, which says the refresh was tried.
	r = h2.refresh("demo")
	if !auth.NeedsLogin(r.LastOp.Err) || r.Tokens == nil {
		t.Fatalf("refresh of a restored session against a new provider: %+v; want invalid_grant, tokens kept", r.LastOp)
	}
}

func TestAutoRefreshesAnExpiredRestoredSessionAtOnce(t *testing.T) {
	store := keyring.NewMemoryStore()
	h := newHarness(t, withStore(store))
	h.ws.SetRemember("demo", true)
	h.login("demo")
	h.clock.Advance(5 * time.Minute) // the app was closed: the access token expired
	// Restart against the same provider: a fresh workspace over the same
	// store and config, auto-refresh on.
	ws := h.reopen(store)
	ws.SetAutoRefresh("demo", true, 30*time.Second)
	ws.Wait()
	s, _ := ws.Snapshot("demo")
	if s.Tokens == nil || !s.Tokens.ValidFor(h.clock.Now(), time.Minute) || s.LastOp.Cause != Auto || !s.LastOp.OK() {
		t.Fatalf("last op %+v; want an automatic refresh right after the restore", s.LastOp)
	}
}

// A refresh token kept alone by an older version is restored (no access
// token yet), refreshed at once by auto-refresh, and replaced by the
// whole token set.
func TestRestoresARefreshTokenAnOlderVersionKept(t *testing.T) {
	store := keyring.NewMemoryStore()
	h := newHarness(t, withStore(store))
	old := h.login("demo")
	store.Set("demo", keyring.SecretRefreshToken, old.Tokens.RefreshToken)
	p := h.snap("demo").Profile
	p.Remember = true
	h.cfg.Put(p)
	ws := New(Deps{Config: h.cfg, Secrets: store, Clock: h.clock, Providers: h.ws.deps.Providers})
	defer ws.Close()
	ws.Wait()
	s, _ := ws.Snapshot("demo")
	if !s.Restored || s.Tokens.RefreshToken != old.Tokens.RefreshToken || s.Tokens.AccessToken != "" {
		t.Fatalf("restored %v; want the old refresh token alone", s.Restored)
	}
	ws.SetAutoRefresh("demo", true, 30*time.Second)
	ws.Wait()
	s, _ = ws.Snapshot("demo")
	if s.Restored || s.Tokens.AccessToken == "" || s.LastOp.Cause != Auto {
		t.Fatalf("last op %+v; want an automatic refresh of the restored token", s.LastOp)
	}
	if _, err := store.Get("demo", keyring.SecretRefreshToken); err == nil {
		t.Error("the old entry survived the first save")
	}
	if got := storedRefresh(store, "demo"); got != s.Tokens.RefreshToken {
		t.Error("the whole token set was not saved")
	}
}

func TestForgetEmptiesTheKeyring(t *testing.T) {
	store := keyring.NewMemoryStore()
	h := newHarness(t, withStore(store))
	h.ws.SetRemember("demo", true)
	s := h.login("demo")
	id := h.ws.SetRemember("demo", false)
	h.ws.Wait()
	r := h.snap("demo")
	if !r.LastOp.Answers(id) || r.LastOp.Kind != OpForget || store.Len() != 0 {
		t.Fatalf("forget: last op %+v, %d secrets left", r.LastOp, store.Len())
	}
	if r.Tokens != s.Tokens {
		t.Error("Forget cleared the tokens on screen")
	}
	if r.Remember.StoredRefresh || r.Remember.StoredSecret {
		t.Errorf("remember state %+v after forget", r.Remember)
	}
}

// failingStore refuses every write.
type failingStore struct{ *keyring.MemoryStore }

func (failingStore) Set(string, keyring.SecretKind, string) error {
	return &keyring.KeyringError{Op: "set", User: "demo/refresh_token", Reason: "locked"}
}

func TestStoreFailureStillShowsTheNewTokens(t *testing.T) {
	h := newHarness(t, withStore(failingStore{keyring.NewMemoryStore()}))
	h.ws.SetRemember("demo", true)
	s := h.login("demo")
	s = h.refresh("demo")
	if !s.LastOp.OK() || s.LastOp.StoreErr == nil || s.Remember.Stale == nil {
		t.Fatalf("last op %+v, remember %+v; want new tokens and a stale keyring copy", s.LastOp, s.Remember)
	}
	if s.LastOp.New != s.Tokens {
		t.Error("the refreshed tokens are not current")
	}
}

func TestTypedClientSecretIsStoredAndRestored(t *testing.T) {
	store := keyring.NewMemoryStore()
	h := newHarness(t, withStore(store))
	p := auth.BuiltinProfiles()[0]
	p.Name, p.Builtin = "typed", false
	p.ClientSecret, p.SecretSource = "demo-secret", auth.SecretTyped
	if _, err := h.ws.SaveProfile("", p); err != nil {
		t.Fatal(err)
	}
	h.ws.SetRemember("typed", true)
	h.login("typed")
	if got, _ := store.Get("typed", keyring.SecretClientSecret); got != "demo-secret" {
		t.Fatal("the typed client secret is not in the keyring")
	}
	checkNotInFile(t, h.cfg.Path(), "demo-secret")
	ws := h.reopen(store)
	ws.Wait()
	s, _ := ws.Snapshot("typed")
	if s.Profile.ClientSecret != "demo-secret" || s.Profile.SecretSource != auth.SecretFromKeyring {
		t.Fatalf("restored profile secret source %q; want the keyring's secret", s.Profile.SecretSource)
	}
	id := ws.Refresh("typed", Manual)
	ws.Wait()
	if s, _ := ws.Snapshot("typed"); !s.LastOp.Answers(id) || !s.LastOp.OK() {
		t.Fatalf("refresh with the restored secret: %+v", s.LastOp)
	}
}

// noKeyring is a primary store that is never reachable.
type noKeyring struct{}

func (noKeyring) Get(string, keyring.SecretKind) (string, error) { return "", errUnreachable }
func (noKeyring) Set(string, keyring.SecretKind, string) error   { return errUnreachable }
func (noKeyring) Delete(string, keyring.SecretKind) error        { return errUnreachable }

var errUnreachable = &keyring.KeyringError{Op: "get", User: "x", Reason: "no D-Bus session bus"}

func TestNoKeyringSaysMemoryOnlyAndKeepsWorking(t *testing.T) {
	h := newHarness(t, withStore(keyring.NewFallbackStore(noKeyring{})))
	h.ws.SetRemember("demo", true)
	h.ws.Wait()
	if r := h.snap("demo").LastOp; !errors.Is(r.StoreErr, keyring.ErrNoKeyring) {
		t.Fatalf("Remember with no keyring: %+v; want ErrNoKeyring", r)
	}
	s := h.login("demo")
	s = h.refresh("demo")
	if !s.LastOp.OK() || s.LastOp.StoreErr != nil || !s.Remember.MemoryOnly {
		t.Fatalf("refresh with no keyring: %+v, remember %+v; want tokens, memory only said once", s.LastOp, s.Remember)
	}
}

// storedRefresh is the refresh token of the profile's remembered session ("" for none).
func storedRefresh(store keyring.SecretStore, profile string) string {
	ts, err := (&remembered.Store{Secrets: store}).Load(profile)
	if err != nil {
		return ""
	}
	return ts.RefreshToken
}

func checkNotInFile(t *testing.T, path string, secrets ...string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		return // never written: nothing leaked
	}
	for _, s := range secrets {
		if s != "" && strings.Contains(string(data), s) {
			t.Errorf("%s holds a secret (%s)", path, auth.Redact(s))
		}
	}
}

// An entry Token Inspector did not write (garbage, another app's format)
// is left alone and said, never a crash; a login then replaces it.
func TestRestoreLeavesAForeignKeyringEntryAloneAndSaysSo(t *testing.T) {
	store := keyring.NewMemoryStore()
	store.Set("demo", keyring.SecretSession, `{"token":"someone else's"}`)
	h := newHarness(t, withStore(store))
	p := h.snap("demo").Profile
	p.Remember = true
	h.cfg.Put(p)
	ws := New(Deps{Config: h.cfg, Secrets: store, Clock: h.clock, Providers: h.ws.deps.Providers})
	defer ws.Close()
	ws.Wait()
	s, _ := ws.Snapshot("demo")
	if s.Tokens != nil || s.LastOp == nil || !errors.Is(s.LastOp.Err, auth.ErrNotSaved) || !strings.Contains(s.LastOp.Err.Error(), "left alone") {
		t.Fatalf("restore of a foreign entry: %+v", s.LastOp)
	}
	if strings.Contains(s.LastOp.Err.Error(), "someone else") {
		t.Error("the message quotes the entry")
	}
	id := ws.Login("demo")
	ws.Wait()
	if s, _ := ws.Snapshot("demo"); !s.LastOp.Answers(id) || !s.LastOp.OK() || storedRefresh(store, "demo") != s.Tokens.RefreshToken {
		t.Fatalf("login after a foreign entry: %+v", s.LastOp)
	}
}
