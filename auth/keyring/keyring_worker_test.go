package keyring

import (
	"errors"
	"runtime"
	"sync"
	"testing"
	"time"
)

// hangingStore blocks every call until release is closed.
type hangingStore struct {
	*MemoryStore
	release chan struct{}
	mu      sync.Mutex
	calls   int
}

func (h *hangingStore) Set(p string, k SecretKind, v string) error {
	h.mu.Lock()
	h.calls++
	h.mu.Unlock()
	<-h.release
	return h.MemoryStore.Set(p, k, v)
}

func TestKeyringWorkerPassesCallsThrough(t *testing.T) {
	w := NewKeyringWorker(NewMemoryStore(), time.Second)
	defer w.Close()
	if err := w.Set("demo", SecretRefreshToken, "rt-1"); err != nil {
		t.Fatal(err)
	}
	if v, err := w.Get("demo", SecretRefreshToken); err != nil || v != "rt-1" {
		t.Fatalf("Get = %q, %v; want rt-1", v, err)
	}
	if err := w.Delete("demo", SecretRefreshToken); err != nil {
		t.Fatal(err)
	}
	if _, err := w.Get("demo", SecretRefreshToken); !errors.Is(err, ErrSecretNotFound) {
		t.Fatalf("Get after Delete: %v; want ErrSecretNotFound", err)
	}
}

// A keyring that never answers: each caller gets ErrKeyringStuck after the
// timeout, later callers fail at once, and no goroutine is left per call.
func TestKeyringWorkerBoundsAHungKeyring(t *testing.T) {
	h := &hangingStore{MemoryStore: NewMemoryStore(), release: make(chan struct{})}
	w := NewKeyringWorker(h, 20*time.Millisecond)
	defer w.Close()
	if err := w.Set("demo", SecretRefreshToken, "rt-1"); !errors.Is(err, ErrKeyringStuck) {
		t.Fatalf("Set on a hung keyring: %v; want ErrKeyringStuck", err)
	}
	before := runtime.NumGoroutine()
	for i := range 50 {
		err := w.Set("demo", SecretRefreshToken, "rt-later")
		if !errors.Is(err, ErrKeyringStuck) {
			t.Fatalf("call %d: %v; want ErrKeyringStuck", i, err)
		}
	}
	if after := runtime.NumGoroutine(); after > before+2 {
		t.Errorf("goroutines %d -> %d after 50 calls to a hung keyring; want no growth", before, after)
	}
	h.mu.Lock()
	calls := h.calls
	h.mu.Unlock()
	if calls != 1 {
		t.Errorf("the hung store saw %d calls; want 1 (the rest failed fast)", calls)
	}
	close(h.release)
	// Once the stuck call returns, the worker answers again.
	deadline := time.Now().Add(5 * time.Second)
	for {
		err := w.Set("demo", SecretRefreshToken, "rt-2")
		if err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("worker still failing after the keyring recovered: %v", err)
		}
		time.Sleep(5 * time.Millisecond)
	}
	if v, _ := h.MemoryStore.Get("demo", SecretRefreshToken); v != "rt-2" {
		t.Errorf("stored %q; want rt-2 (calls run in order)", v)
	}
}

func TestKeyringWorkerClosed(t *testing.T) {
	w := NewKeyringWorker(NewMemoryStore(), time.Second)
	w.Close()
	if err := w.Set("demo", SecretRefreshToken, "x"); !errors.Is(err, ErrKeyringUnavailable) {
		t.Fatalf("Set after Close: %v; want ErrKeyringUnavailable", err)
	}
}
