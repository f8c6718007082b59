package workspace

import (
	"errors"
	"os"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/tokeninspector/tokeninspector/auth/check"

	"github.com/tokeninspector/tokeninspector/auth/keyring"

	"github.com/tokeninspector/tokeninspector/auth/config"

	"github.com/tokeninspector/tokeninspector/auth/history"

	"github.com/tokeninspector/tokeninspector/auth/jose"

	"github.com/tokeninspector/tokeninspector/auth"
)

func TestLoginPublishesTokensHistoryAndSignatures(t *testing.T) {
	h := newHarness(t)
	s := h.login("demo")
	if s.State != LoggedIn || s.Generation != 1 {
		t.Errorf("state %v generation %d; want logged in, 1", s.State, s.Generation)
	}
	for _, d := range []jose.Decoded{s.Tokens.Access, s.Tokens.Refresh, s.Tokens.ID} {
		if v, ok := s.Signatures[d.Raw]; !ok || v.Status != check.SigVerified {
			t.Errorf("signature of a %s token: %+v (present %v); want verified", d.Format, v, ok)
		}
	}
	if len(s.History) != 1 || s.History[0].Kind != history.EventLogin || !s.History[0].OK() {
		t.Errorf("history = %+v; want one successful login", s.History)
	}
	if s.Endpoints.TokenURL == "" {
		t.Error("endpoints not published after the login")
	}
}

func TestRefreshRotatesAndAnswersItsCommand(t *testing.T) {
	h := newHarness(t)
	before := h.login("demo")
	s := h.refresh("demo")
	r := s.LastOp
	if !r.OK() || r.Cause != Manual || r.Kind != OpRefresh {
		t.Fatalf("last op %+v; want a kept manual refresh", r)
	}
	if s.Tokens.AccessToken == before.Tokens.AccessToken || !s.Tokens.RefreshRotated {
		t.Error("refresh kept the old access token or did not rotate the refresh token")
	}
	if r.Old != before.Tokens || r.New != s.Tokens {
		t.Error("the result does not name the token sets before and after")
	}
	if s.Generation != before.Generation {
		t.Errorf("a refresh changed the generation %d -> %d", before.Generation, s.Generation)
	}
}

func TestRefreshWithoutTokensSaysSo(t *testing.T) {
	h := newHarness(t)
	id := h.ws.Refresh("demo", Manual)
	h.ws.Wait()
	if r := h.snap("demo").LastOp; !r.Answers(id) || !errors.Is(r.Err, ErrNothingToRefresh) {
		t.Fatalf("last op %+v; want ErrNothingToRefresh", r)
	}
}

// A second Refresh while one runs joins it: one request, both answered.
func TestRefreshJoinsTheOneInFlight(t *testing.T) {
	h := newHarness(t)
	h.login("demo")
	h.holdRefreshes()
	a := h.ws.Refresh("demo", Auto)
	h.waitRefreshes(1)
	b := h.ws.Refresh("demo", Manual)
	h.unblock()
	h.ws.Wait()
	r := h.snap("demo").LastOp
	if !r.Answers(a) || !r.Answers(b) || r.Cause != Manual || !r.OK() {
		t.Fatalf("last op %+v; want one manual refresh answering %d and %d", r, a, b)
	}
	if n := h.refreshes(); n != 1 {
		t.Errorf("the provider saw %d refresh requests; want 1", n)
	}
}

// Bug 1: a refresh that started before a login and finishes after it must
// not reach the keyring, the snapshot or the clipboard (its result is
// Dropped, so a window never copies it).
func TestRefreshOvertakenByALoginIsDropped(t *testing.T) {
	store := keyring.NewMemoryStore()
	h := newHarness(t, withStore(store))
	h.ws.SetRemember("demo", true)
	h.login("demo")
	h.holdRefreshes()
	rid := h.ws.Refresh("demo", Manual)
	h.waitRefreshes(1)
	// The login's token request is a code exchange: not held.
	lid := h.ws.Login("demo")
	waitFor(t, func() bool { r := h.snap("demo").LastOp; return r.Answers(lid) })
	login := h.snap("demo")
	h.unblock()
	h.ws.Wait()
	s := h.snap("demo")
	if r := s.LastOp; !r.Answers(rid) || !r.Dropped || r.OK() {
		t.Fatalf("last op %+v; want the refresh dropped", r)
	}
	if s.Tokens != login.Tokens {
		t.Error("the overtaken refresh replaced the login's tokens")
	}
	if got := storedRefresh(store, "demo"); got != login.Tokens.RefreshToken {
		t.Errorf("keyring holds %s; want the login's refresh token", auth.Redact(got))
	}
	if s := h.refresh("demo"); !s.LastOp.OK() {
		t.Errorf("refresh after the dropped one: %+v", s.LastOp)
	}
}

// Bug 1, second half: a profile edit that changes the connection replaces
// the session; a refresh from before it is dropped and stores nothing.
func TestRefreshOvertakenByAProfileEditIsDropped(t *testing.T) {
	store := keyring.NewMemoryStore()
	h := newHarness(t, withStore(store))
	h.addProfile("work")
	h.ws.SetRemember("work", true)
	before := h.login("work")
	h.holdRefreshes()
	rid := h.ws.Refresh("work", Manual)
	h.waitRefreshes(1)
	p := h.snap("work").Profile
	p.Scopes = append(p.Scopes, "offline_access")
	if _, err := h.ws.SaveProfile("work", p); err != nil {
		t.Fatal(err)
	}
	waitFor(t, func() bool { return h.snap("work").Generation > before.Generation })
	h.unblock()
	h.ws.Wait()
	s := h.snap("work")
	if r := s.LastOp; !r.Answers(rid) || !r.Dropped {
		t.Fatalf("last op %+v; want the refresh dropped", r)
	}
	if s.Tokens != nil {
		t.Error("tokens of the old connection are still current")
	}
	if got := storedRefresh(store, "work"); got != "" {
		t.Errorf("keyring holds %s after the edit; want no refresh token of the old connection", auth.Redact(got))
	}
}

// Bug 2: a slow refresh on one profile does not hold another's.
func TestRefreshesOfTwoProfilesAreIndependent(t *testing.T) {
	h := newHarness(t)
	h.addProfile("b")
	h.login("demo")
	h.login("b")
	h.holdRefreshes()
	h.ws.Refresh("demo", Manual)
	h.waitRefreshes(1)
	h.ws.Refresh("b", Manual)
	h.waitRefreshes(2) // b's request reached the provider while demo's is held
	if s := h.snap("demo"); s.State != Refreshing {
		t.Errorf("demo state %v; want refreshing", s.State)
	}
	h.unblock()
	h.ws.Wait()
	for _, name := range []string{"demo", "b"} {
		if r := h.snap(name).LastOp; !r.OK() || r.Kind != OpRefresh {
			t.Errorf("%s: last op %+v; want a refresh", name, r)
		}
	}
}

// Bug 3: a rename moves the profile: config entry, session and keyring
// entries; nothing stays under the old name.
func TestRenameMovesSessionConfigAndSecrets(t *testing.T) {
	store := keyring.NewMemoryStore()
	h := newHarness(t, withStore(store))
	h.addProfile("old")
	h.ws.SetRemember("old", true)
	before := h.login("old")
	p := h.snap("old").Profile
	p.Name = "new"
	if _, err := h.ws.SaveProfile("old", p); err != nil {
		t.Fatal(err)
	}
	h.ws.Wait()
	if _, ok := h.ws.Snapshot("old"); ok {
		t.Error("the old name is still a profile")
	}
	s := h.snap("new")
	if s.Tokens != before.Tokens || !s.Remember.On {
		t.Error("the session or Remember did not move with the rename")
	}
	if r := s.LastOp; r.Kind != OpSave || r.Err != nil || r.StoreErr != nil {
		t.Errorf("last op %+v; want a clean save", r)
	}
	if storedRefresh(store, "old") != "" {
		t.Error("the keyring still holds the session under the old name")
	}
	if got := storedRefresh(store, "new"); got != before.Tokens.RefreshToken {
		t.Error("the keyring has no session under the new name")
	}
	cfg, err := config.LoadConfig(h.cfg.Path())
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := cfg.Find("old"); ok {
		t.Error("the config file still has the old profile")
	}
	if _, ok := cfg.Find("new"); !ok {
		t.Error("the config file lacks the renamed profile")
	}
	var gone bool
	for _, d := range h.delivered() {
		gone = gone || (d.Profile.Name == "old" && d.Deleted)
	}
	if !gone {
		t.Error("no Deleted snapshot for the old name")
	}
}

func TestDeleteProfile(t *testing.T) {
	store := keyring.NewMemoryStore()
	h := newHarness(t, withStore(store))
	h.addProfile("gone")
	h.ws.SetRemember("gone", true)
	h.login("gone")
	if _, err := h.ws.DeleteProfile("gone"); err != nil {
		t.Fatal(err)
	}
	h.ws.Wait()
	if _, ok := h.ws.Snapshot("gone"); ok {
		t.Error("deleted profile still listed")
	}
	if store.Len() != 0 {
		t.Errorf("keyring holds %d secrets after delete", store.Len())
	}
	if _, err := h.ws.DeleteProfile("demo"); err == nil {
		t.Error("deleting a built-in profile succeeded")
	}
}

// hungStore never answers Set once hung is closed... until released.
type hungStore struct {
	*keyring.MemoryStore
	release chan struct{}
}

func (s *hungStore) Set(p string, k keyring.SecretKind, v string) error {
	<-s.release
	return s.MemoryStore.Set(p, k, v)
}

// Bug 4: a keyring that stops answering makes the result say the copy is
// stale; the session carries on, and no goroutine is left per call.
func TestHungKeyringMakesTheCopyStaleAndCarriesOn(t *testing.T) {
	store := &hungStore{MemoryStore: keyring.NewMemoryStore(), release: make(chan struct{})}
	h := newHarness(t, withStore(store), func(_ *harness, d *Deps) { d.KeyringTimeout = 50 * time.Millisecond })
	defer close(store.release)
	h.ws.SetRemember("demo", true)
	s := h.login("demo")
	if !errors.Is(s.LastOp.StoreErr, keyring.ErrKeyringStuck) || s.Remember.Stale == nil {
		t.Fatalf("login result %+v, remember %+v; want a stale keyring copy", s.LastOp, s.Remember)
	}
	before := runtime.NumGoroutine()
	for range 20 {
		s = h.refresh("demo")
		if !s.LastOp.OK() || !errors.Is(s.LastOp.StoreErr, keyring.ErrKeyringStuck) {
			t.Fatalf("refresh result %+v; want new tokens with a stale keyring copy", s.LastOp)
		}
	}
	if after := runtime.NumGoroutine(); after > before+3 {
		t.Errorf("goroutines %d -> %d over 20 refreshes with a hung keyring", before, after)
	}
}

// Bug 5: profile saves write the config file on the workspace's goroutines:
// SaveProfile returns while the file is busy.
func TestSaveProfileDoesNotWaitForTheConfigFile(t *testing.T) {
	h := newHarness(t)
	h.ws.config.mu.Lock() // the file is busy
	p := auth.BuiltinProfiles()[0]
	p.Name, p.Builtin = "later", false
	done := make(chan error, 1)
	go func() { _, err := h.ws.SaveProfile("", p); done <- err }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("SaveProfile waited for the config file")
	}
	if _, ok := h.ws.Snapshot("later"); !ok {
		t.Error("the new profile is not listed at once")
	}
	h.ws.config.mu.Unlock()
	h.ws.Wait()
	if r := h.snap("later").LastOp; r.Kind != OpSave || r.Err != nil {
		t.Fatalf("last op %+v; want a saved profile", r)
	}
	data, err := os.ReadFile(h.cfg.Path())
	if err != nil || !strings.Contains(string(data), `"later"`) {
		t.Fatalf("config file %q, %v; want the profile", data, err)
	}
}

func TestSaveProfileRefusesATakenName(t *testing.T) {
	h := newHarness(t)
	h.addProfile("a")
	p := h.snap("a").Profile
	p.Name = "demo"
	if _, err := h.ws.SaveProfile("a", p); err == nil {
		t.Fatal("renaming onto an existing profile succeeded")
	}
}

// waitFor polls cond (state reached by background work not counted by Wait
// because something else is held).
func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not reached")
		}
		time.Sleep(time.Millisecond)
	}
}
