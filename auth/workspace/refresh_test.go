package workspace

import (
	"sync"
	"testing"

	"github.com/tokeninspector/tokeninspector/auth/keyring"

	"github.com/tokeninspector/tokeninspector/auth/history"

	"github.com/tokeninspector/tokeninspector/auth"
)

// A hundred Refresh calls at once, from as many goroutines, share one
// request: a provider with reuse detection never sees a refresh token
// twice, and every caller is answered with the one result.
func TestHundredConcurrentRefreshesShareOneRequest(t *testing.T) {
	h := newHarness(t)
	before := h.login("demo")
	h.holdRefreshes()
	const n = 100
	ids := make([]OpID, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ids[i] = h.ws.Refresh("demo", Manual)
		}()
	}
	wg.Wait()
	// The profile's steps run in order: once this one ran, every Refresh
	// above has started the refresh or joined it, while it is still held.
	queued := make(chan struct{})
	h.ws.entry("demo").post(func(*state) { close(queued) })
	<-queued
	h.waitRefreshes(1)
	h.unblock()
	h.ws.Wait()
	if got := h.refreshes(); got != 1 {
		t.Errorf("the provider saw %d refresh requests; want 1", got)
	}
	s := h.snap("demo")
	r := s.LastOp
	for i, id := range ids {
		if !r.Answers(id) {
			t.Fatalf("caller %d (op %d) is not answered by the last op %+v", i, id, r)
		}
	}
	if !r.OK() || r.New != s.Tokens || s.Tokens.RefreshToken == before.Tokens.RefreshToken {
		t.Fatalf("last op %+v; want the shared refresh kept, with a rotated refresh token", r)
	}
	var refreshes int
	for _, ev := range s.History {
		if ev.Kind == history.EventRefresh {
			refreshes++
		}
	}
	if refreshes != 1 {
		t.Errorf("history has %d refresh events; want 1", refreshes)
	}
}

// countingStore counts the token sets stored.
type countingStore struct {
	*keyring.MemoryStore
	mu   sync.Mutex // guards sets
	sets int
}

func (c *countingStore) Set(profile string, kind keyring.SecretKind, value string) error {
	if kind == keyring.SecretSession {
		c.mu.Lock()
		c.sets++
		c.mu.Unlock()
	}
	return c.MemoryStore.Set(profile, kind, value)
}

func (c *countingStore) stored() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.sets
}

// A refresh that fails stores nothing: the keyring keeps the refresh
// token of the tokens still shown.
func TestFailedRefreshStoresNothing(t *testing.T) {
	store := &countingStore{MemoryStore: keyring.NewMemoryStore()}
	h := newHarness(t, withStore(store))
	h.ws.SetRemember("demo", true)
	before := h.login("demo")
	sets := store.stored()
	if sets == 0 {
		t.Fatal("the login was not stored")
	}
	h.failRefreshes("down")
	s := h.refresh("demo")
	if s.LastOp.Err == nil {
		t.Fatalf("last op %+v; want the refresh to fail", s.LastOp)
	}
	if got := store.stored(); got != sets {
		t.Errorf("a failed refresh stored %d token sets", got-sets)
	}
	if s.Tokens != before.Tokens {
		t.Error("a failed refresh replaced the tokens")
	}
	if got := storedRefresh(store, "demo"); got != before.Tokens.RefreshToken {
		t.Errorf("keyring holds %s; want the login's refresh token", auth.Redact(got))
	}
}
