package keyring

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/tokeninspector/tokeninspector/auth"

	"github.com/tokeninspector/tokeninspector/auth/jose"

	gokeyring "github.com/zalando/go-keyring"
)

// SecretKind names one secret kept for a profile.
type SecretKind string

// The secrets a remembered session needs.
const (
	// SecretSession is the whole token set (TokenSet.Save), shared by every
	// Token Inspector process through package remembered.
	SecretSession SecretKind = "session"
	// SecretRefreshToken is the refresh token alone, as versions before the
	// whole token set was kept wrote it; read once and replaced.
	SecretRefreshToken SecretKind = "refresh_token"
	SecretClientSecret SecretKind = "client_secret" // only one typed into the window (SecretTyped)
	// SecretTLSPassword is the password of a PKCS#12 client certificate
	// typed into the window.
	SecretTLSPassword SecretKind = "tls_password"
)

// KeyringService is the service name of Token Inspector's keyring entries;
// each entry's user is "<profile>/<kind>", e.g. "demo/refresh_token".
const KeyringService = "tokeninspector"

var (
	// ErrSecretNotFound means the store holds no such secret.
	ErrSecretNotFound = errors.New("keyring: no such secret")
	// ErrKeyringUnavailable means the OS keyring could not be used: no D-Bus
	// session bus, no Secret Service on it, locked, or it did not answer.
	ErrKeyringUnavailable = errors.New("keyring unavailable")
	// ErrNoKeyring is returned once by a FallbackStore, by the call that found
	// the keyring unreachable; from then on secrets live in memory only.
	ErrNoKeyring = errors.New("no keyring reachable: secrets are kept in memory only")
)

// SecretStore keeps secrets by profile name and kind. Implementations are
// safe for concurrent use and never put a secret value into an error.
type SecretStore interface {
	// Get returns the secret, or an error matching ErrSecretNotFound.
	Get(profile string, kind SecretKind) (string, error)
	// Set stores or replaces the secret in one step.
	Set(profile string, kind SecretKind, value string) error
	// Delete removes the secret; deleting a missing one is not an error.
	Delete(profile string, kind SecretKind) error
}

// keyringAPI is the part of go-keyring KeyringStore uses (a fake in tests).
type keyringAPI interface {
	Get(service, user string) (string, error)
	Set(service, user, password string) error
	Delete(service, user string) error
}

// osKeyring is go-keyring, asked only when the keyring can be reached
// without starting anything (errNoSessionBus).
type osKeyring struct{}

func (osKeyring) Get(service, user string) (string, error) {
	if err := errNoSessionBus(); err != nil {
		return "", err
	}
	return gokeyring.Get(service, user)
}

func (osKeyring) Set(service, user, pw string) error {
	if err := errNoSessionBus(); err != nil {
		return err
	}
	return gokeyring.Set(service, user, pw)
}

func (osKeyring) Delete(service, user string) error {
	if err := errNoSessionBus(); err != nil {
		return err
	}
	return gokeyring.Delete(service, user)
}

// KeyringStore keeps secrets in the OS keyring through go-keyring (the
// Secret Service over D-Bus on Linux, the Keychain on macOS, the Credential
// Manager on Windows). Calls block, possibly for as long as an unlock prompt
// waits: wrap it in a KeyringWorker, which bounds the wait.
type KeyringStore struct {
	Service string // "" => KeyringService
	kr      keyringAPI
}

// NewKeyringStore returns a store on the OS keyring.
func NewKeyringStore() *KeyringStore { return &KeyringStore{} }

func (k *KeyringStore) service() string {
	if k.Service == "" {
		return KeyringService
	}
	return k.Service
}

// keyringUser is the keyring entry's user for a profile's secret.
func keyringUser(profile string, kind SecretKind) string { return profile + "/" + string(kind) }

// call runs f and turns its error into ErrSecretNotFound or a *KeyringError
// that matches ErrKeyringUnavailable.
func (k *KeyringStore) call(op, profile string, kind SecretKind, secret string, f func(api keyringAPI, service, user string) error) error {
	api := k.kr
	if api == nil {
		api = osKeyring{}
	}
	service, user := k.service(), keyringUser(profile, kind)
	err := f(api, service, user)
	switch {
	case err == nil:
		return nil
	case errors.Is(err, gokeyring.ErrNotFound):
		return fmt.Errorf("%w: %s", ErrSecretNotFound, user)
	}
	return &KeyringError{Op: op, User: user, Reason: scrub(err.Error(), secret)}
}

// scrub removes a secret from a message, should a backend ever echo it.
func scrub(msg, secret string) string {
	if secret == "" {
		return msg
	}
	return strings.ReplaceAll(msg, secret, auth.Redact(secret))
}

// KeyringError is a failed keyring call. It holds the backend's message
// (never a secret value) and matches ErrKeyringUnavailable.
type KeyringError struct {
	Op     string // get, set, delete
	User   string // the entry, "<profile>/<kind>"
	Reason string
}

// Error says which operation failed and why, never the secret.
func (e *KeyringError) Error() string {
	return "keyring " + e.Op + " " + e.User + ": " + e.Reason
}

// Is makes errors.Is(err, ErrKeyringUnavailable) true.
func (e *KeyringError) Is(target error) bool { return target == ErrKeyringUnavailable }

// Get implements SecretStore.
func (k *KeyringStore) Get(profile string, kind SecretKind) (string, error) {
	var v string
	err := k.call("get", profile, kind, "", func(api keyringAPI, service, user string) error {
		s, err := api.Get(service, user)
		v = s
		return err
	})
	if err != nil {
		return "", err
	}
	return v, nil
}

// Set implements SecretStore. The Secret Service replaces an entry with the
// same attributes in one step, so a reader sees the old or the new value.
func (k *KeyringStore) Set(profile string, kind SecretKind, value string) error {
	return k.call("set", profile, kind, value, func(api keyringAPI, service, user string) error {
		return api.Set(service, user, value)
	})
}

// Delete implements SecretStore.
func (k *KeyringStore) Delete(profile string, kind SecretKind) error {
	err := k.call("delete", profile, kind, "", func(api keyringAPI, service, user string) error {
		return api.Delete(service, user)
	})
	if errors.Is(err, ErrSecretNotFound) {
		return nil
	}
	return err
}

// MemoryStore keeps secrets in memory: for tests, and for the rest of a run
// when no keyring is reachable.
type MemoryStore struct {
	mu sync.Mutex // guards m
	m  map[string]string
}

// NewMemoryStore returns an empty store.
func NewMemoryStore() *MemoryStore { return &MemoryStore{m: map[string]string{}} }

// Get implements SecretStore.
func (m *MemoryStore) Get(profile string, kind SecretKind) (string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	v, ok := m.m[keyringUser(profile, kind)]
	if !ok {
		return "", fmt.Errorf("%w: %s", ErrSecretNotFound, keyringUser(profile, kind))
	}
	return v, nil
}

// Set implements SecretStore.
func (m *MemoryStore) Set(profile string, kind SecretKind, value string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.m[keyringUser(profile, kind)] = value
	return nil
}

// Delete implements SecretStore.
func (m *MemoryStore) Delete(profile string, kind SecretKind) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.m, keyringUser(profile, kind))
	return nil
}

// Len returns the number of secrets held.
func (m *MemoryStore) Len() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.m)
}

// FallbackStore uses a primary store (the OS keyring) unless its first
// contact fails as ErrKeyringUnavailable: then it keeps secrets in memory for
// the rest of the run, and that one call returns an error matching
// ErrNoKeyring (and ErrKeyringUnavailable), so the app can say so once.
// Once the primary has answered, its errors are passed on unchanged: a
// failed write then means the keyring copy is stale.
type FallbackStore struct {
	primary SecretStore

	mu      sync.Mutex // guards state; held during primary calls until the first contact is settled
	state   fallbackState
	mem     *MemoryStore
	unavail error // why the primary was given up
}

type fallbackState int

const (
	fallbackUntried fallbackState = iota
	fallbackPrimary
	fallbackMemory
)

// NewFallbackStore wraps primary.
func NewFallbackStore(primary SecretStore) *FallbackStore {
	return &FallbackStore{primary: primary, mem: NewMemoryStore()}
}

// Unavailable returns why the keyring was given up, or nil while it is used.
func (f *FallbackStore) Unavailable() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.unavail
}

// do runs op on the primary or, once given up, on memory.
func (f *FallbackStore) do(op func(SecretStore) error) error {
	f.mu.Lock()
	switch f.state {
	case fallbackMemory:
		f.mu.Unlock()
		return op(f.mem)
	case fallbackPrimary:
		f.mu.Unlock()
		return op(f.primary)
	}
	// First contact: hold the lock so concurrent first calls agree.
	defer f.mu.Unlock()
	err := op(f.primary)
	if err == nil || errors.Is(err, ErrSecretNotFound) || !errors.Is(err, ErrKeyringUnavailable) {
		f.state = fallbackPrimary
		return err
	}
	f.state, f.unavail = fallbackMemory, err
	if merr := op(f.mem); merr != nil && !errors.Is(merr, ErrSecretNotFound) {
		return merr
	}
	return &noKeyringError{err: err}
}

// noKeyringError is ErrNoKeyring with the primary's error as the reason.
type noKeyringError struct {
	err      error
	notFound bool // a Get: the (empty) memory store has no such secret either
}

func (e *noKeyringError) Error() string { return ErrNoKeyring.Error() + " (" + e.err.Error() + ")" }
func (e *noKeyringError) Unwrap() []error {
	if e.notFound {
		return []error{ErrNoKeyring, e.err, ErrSecretNotFound}
	}
	return []error{ErrNoKeyring, e.err}
}

// Get implements SecretStore. The call that gives up the keyring returns
// ErrNoKeyring (matching ErrSecretNotFound too: memory starts empty).
func (f *FallbackStore) Get(profile string, kind SecretKind) (string, error) {
	var v string
	err := f.do(func(s SecretStore) error {
		var err error
		v, err = s.Get(profile, kind)
		return err
	})
	if nk := (*noKeyringError)(nil); errors.As(err, &nk) {
		nk.notFound = true
		return "", nk
	}
	return v, err
}

// Set implements SecretStore.
func (f *FallbackStore) Set(profile string, kind SecretKind, value string) error {
	return f.do(func(s SecretStore) error { return s.Set(profile, kind, value) })
}

// Delete implements SecretStore.
func (f *FallbackStore) Delete(profile string, kind SecretKind) error {
	return f.do(func(s SecretStore) error { return s.Delete(profile, kind) })
}

// RestoredTokenSet is the token set of a session restored from a store: only
// the refresh token, decoded (not verified). It has no access token until
// the first refresh.
func RestoredTokenSet(refreshToken string, now time.Time) *auth.TokenSet {
	return &auth.TokenSet{RefreshToken: refreshToken, Refresh: jose.UnverifiedDecode(refreshToken), ReceivedAt: now}
}
