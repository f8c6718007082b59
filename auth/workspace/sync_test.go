package workspace

import (
	"testing"
	"time"

	"github.com/tokeninspector/tokeninspector/auth/keyring"

	"github.com/tokeninspector/tokeninspector/auth/config"

	"github.com/tokeninspector/tokeninspector/auth/remembered"
)

// Two workspaces over one keyring and one lock folder, as the window and
// another Token Inspector process: a rotation by one is shown by the other
// within SyncInterval, without a request of its own, and the other's next
// refresh starts from the rotated set instead of its used-up token.
func TestAnotherProcessRotationIsPickedUp(t *testing.T) {
	store := keyring.NewMemoryStore()
	locks := &remembered.Locks{Dir: t.TempDir()}
	h := newHarness(t, withStore(store), func(_ *harness, d *Deps) { d.Locks = locks })
	h.ws.SetRemember("demo", true)
	first := h.login("demo")

	cfg, _ := config.LoadConfig(h.cfg.Path())
	other := New(Deps{Config: cfg, Secrets: store, Clock: h.clock, Providers: h.ws.deps.Providers, Locks: locks})
	defer other.Close()
	other.Wait()
	h.clock.Advance(100 * time.Second) // the access token has 20 s left
	id := other.Refresh("demo", Manual)
	other.Wait()
	o, _ := other.Snapshot("demo")
	if !o.LastOp.Answers(id) || !o.LastOp.OK() || o.Tokens.RefreshToken == first.Tokens.RefreshToken {
		t.Fatalf("the other process's refresh: %+v", o.LastOp)
	}
	requests := h.refreshes()
	h.advance(SyncInterval)
	s := h.snap("demo")
	if s.Tokens.RefreshToken != o.Tokens.RefreshToken || s.LastOp.Kind != OpSync || !s.LastOp.Adopted {
		t.Fatalf("window after %s: last op %+v; want the other process's tokens adopted", SyncInterval, s.LastOp)
	}
	if h.refreshes() != requests {
		t.Error("the window sent a request to pick up the rotation")
	}
}

// The window's own refresh, when another process rotated first and the
// rotated access token is still valid, adopts it: the window's refresh
// token is used up and must not be sent.
func TestRefreshAfterAnotherProcessRotatedAdoptsItsTokens(t *testing.T) {
	store := keyring.NewMemoryStore()
	locks := &remembered.Locks{Dir: t.TempDir()}
	h := newHarness(t, withStore(store), func(_ *harness, d *Deps) { d.Locks = locks })
	h.ws.SetRemember("demo", true)
	h.login("demo")
	cfg, _ := config.LoadConfig(h.cfg.Path())
	other := New(Deps{Config: cfg, Secrets: store, Clock: h.clock, Providers: h.ws.deps.Providers, Locks: locks})
	defer other.Close()
	other.Wait()
	h.clock.Advance(10 * time.Second)
	other.Refresh("demo", Manual)
	other.Wait()
	o, _ := other.Snapshot("demo")
	requests := h.refreshes()
	s := h.refresh("demo") // before the window's poll noticed
	if !s.LastOp.OK() || !s.LastOp.Adopted || s.Tokens.RefreshToken != o.Tokens.RefreshToken {
		t.Fatalf("last op %+v; want the other process's tokens adopted", s.LastOp)
	}
	if h.refreshes() != requests {
		t.Error("the window sent its used-up refresh token")
	}
}
