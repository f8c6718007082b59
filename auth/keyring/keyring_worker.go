package keyring

import (
	"errors"
	"fmt"
	"sync"
	"time"
)

// DefaultKeyringTimeout bounds how long a caller waits for one keyring call:
// a Secret Service waiting on an unlock prompt nobody answers would
// otherwise hold the caller forever.
const DefaultKeyringTimeout = 3 * time.Second

// keyringQueue is how many calls may wait behind the one in progress.
const keyringQueue = 16

// ErrKeyringStuck says a keyring call did not finish in time. The keyring
// copy of whatever was being written is stale; the call itself may still
// finish later, in order with the calls queued behind it.
var ErrKeyringStuck = errors.New("the keyring did not answer in time")

// KeyringWorker runs every call to a SecretStore on one goroutine, in the
// order they were made, and bounds how long each caller waits. A keyring
// that hangs therefore blocks one goroutine (not one per call), callers get
// ErrKeyringStuck after the timeout, and once a call has been stuck longer
// than the timeout new calls fail at once instead of queueing behind it.
type KeyringWorker struct {
	store   SecretStore
	timeout time.Duration
	jobs    chan keyringJob
	now     func() time.Time

	mu        sync.Mutex // guards busySince, closed
	busySince time.Time  // start of the call in progress; zero when idle
	closed    bool
	done      chan struct{}
}

type keyringJob struct {
	run   func(SecretStore) error
	reply chan error // buffered: the worker never waits for a caller that gave up
}

// NewKeyringWorker starts a worker over store; timeout <= 0 means
// DefaultKeyringTimeout. Close stops it.
func NewKeyringWorker(store SecretStore, timeout time.Duration) *KeyringWorker {
	if timeout <= 0 {
		timeout = DefaultKeyringTimeout
	}
	w := &KeyringWorker{store: store, timeout: timeout, jobs: make(chan keyringJob, keyringQueue), now: time.Now, done: make(chan struct{})}
	go w.loop()
	return w
}

func (w *KeyringWorker) loop() {
	defer close(w.done)
	for j := range w.jobs {
		w.mu.Lock()
		w.busySince = w.now()
		w.mu.Unlock()
		err := j.run(w.store)
		w.mu.Lock()
		w.busySince = time.Time{}
		w.mu.Unlock()
		j.reply <- err
	}
}

// do queues run and waits for it at most the timeout.
func (w *KeyringWorker) do(op string, run func(SecretStore) error) error {
	w.mu.Lock()
	if w.closed {
		w.mu.Unlock()
		return fmt.Errorf("keyring %s: %w (closed)", op, ErrKeyringUnavailable)
	}
	if !w.busySince.IsZero() {
		if stuck := w.now().Sub(w.busySince); stuck > w.timeout {
			w.mu.Unlock()
			return fmt.Errorf("keyring %s: %w (a call has been waiting %s)", op, ErrKeyringStuck, stuck.Round(time.Second))
		}
	}
	j := keyringJob{run: run, reply: make(chan error, 1)}
	select {
	case w.jobs <- j:
	default:
		w.mu.Unlock()
		return fmt.Errorf("keyring %s: %w (%d calls are already waiting)", op, ErrKeyringStuck, keyringQueue)
	}
	w.mu.Unlock()
	t := time.NewTimer(w.timeout)
	defer t.Stop()
	select {
	case err := <-j.reply:
		return err
	case <-t.C:
		return fmt.Errorf("keyring %s: %w: no answer within %s (locked, or waiting for an unlock prompt?)", op, ErrKeyringStuck, w.timeout)
	}
}

// Get implements SecretStore.
func (w *KeyringWorker) Get(profile string, kind SecretKind) (string, error) {
	var v string
	err := w.do("get", func(s SecretStore) error {
		var err error
		v, err = s.Get(profile, kind)
		return err
	})
	if err != nil {
		return "", err
	}
	return v, nil
}

// Set implements SecretStore.
func (w *KeyringWorker) Set(profile string, kind SecretKind, value string) error {
	return w.do("set", func(s SecretStore) error { return s.Set(profile, kind, value) })
}

// Delete implements SecretStore.
func (w *KeyringWorker) Delete(profile string, kind SecretKind) error {
	return w.do("delete", func(s SecretStore) error { return s.Delete(profile, kind) })
}

// Unavailable passes on the wrapped store's answer (FallbackStore's): why
// the keyring was given up for memory, or nil. It may wait for a keyring call.
func (w *KeyringWorker) Unavailable() error {
	f, ok := w.store.(interface{ Unavailable() error })
	if !ok {
		return nil
	}
	return f.Unavailable()
}

// Close stops taking calls; queued ones still run. It does not wait for a
// call that hangs.
func (w *KeyringWorker) Close() {
	w.mu.Lock()
	defer w.mu.Unlock()
	if !w.closed {
		w.closed = true
		close(w.jobs)
	}
}
