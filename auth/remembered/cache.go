package remembered

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/tokeninspector/tokeninspector/auth/keyring"

	"github.com/tokeninspector/tokeninspector/auth/jose"

	"github.com/tokeninspector/tokeninspector/auth"
)

// The session cache: a copy of a remembered session's access token in a
// fast in-memory OS store (Locks.Cache; on Linux the kernel's user keyring,
// keyring.KernelKeyring), so that `tokeninspector token` answers without a
// D-Bus connection and its round trips to the Secret Service. The keyring
// copy stays the source of truth; the cache is only ever a shortcut to it.
//
// Trust model: what the cache holds is readable by processes of the same
// user, as the unlocked Secret Service collection is over D-Bus. It holds
// less than the keyring: the access token and what describes it (type,
// expiry, scope, ID token), never the refresh token or a DPoP key, and each
// entry expires with its access token. Locking the Secret Service does not
// drop entries: a cached access token stays readable until it expires (or
// the session is saved, forgotten or logged out through Token Inspector).
//
// Consistency: every entry carries the stamp of the profile's change marker
// (Locks.Stamp) read before the keyring copy it was made from, and is used
// only while the marker still has that stamp. Every save and removal of a
// remembered session (Store.Save, Store.Delete: the window's and the
// command line's logins, refreshes, logouts and forgets) drops the entry
// before it writes the keyring and touches the marker after, so a process
// that writes the keyring without knowing the cache (an older version)
// still makes the cache miss, and an entry a slow reader put back late is
// ignored. A change made to the Secret Service by another program (a
// keyring manager deleting the entry) is not seen until the entry expires.

// cacheVersion is the version of the cache entry format written now.
const cacheVersion = 1

// cacheMaxBytes bounds an entry: larger token sets are not cached (the
// kernel's default key quota of an ordinary user is 20,000 bytes).
const cacheMaxBytes = 16 << 10

// cacheUnknownExpiryTTL is how long an access token whose expiry the
// provider did not say is cached.
const cacheUnknownExpiryTTL = 5 * time.Minute

// cacheEntry is a cached session: the fields `token` prints, and the stamp
// of the change marker it is valid for.
type cacheEntry struct {
	Version         int       `json:"v"`
	Stamp           string    `json:"stamp"`
	AccessToken     string    `json:"access_token"`
	TokenType       string    `json:"token_type,omitempty"`
	ExpiresIn       int64     `json:"expires_in,omitempty"`
	ReceivedAt      time.Time `json:"received_at"`
	Scope           string    `json:"scope,omitempty"`
	IDToken         string    `json:"id_token,omitempty"`
	IssuedTokenType string    `json:"issued_token_type,omitempty"`
}

// tokenSet is the entry as a token set with no refresh token.
func (e *cacheEntry) tokenSet() *auth.TokenSet {
	ts := &auth.TokenSet{AccessToken: e.AccessToken, TokenType: e.TokenType, ExpiresIn: e.ExpiresIn,
		ReceivedAt: e.ReceivedAt, Scope: e.Scope, IDToken: e.IDToken, IssuedTokenType: e.IssuedTokenType,
		Access: jose.UnverifiedDecode(e.AccessToken)}
	if e.IDToken != "" {
		ts.ID = jose.UnverifiedDecode(e.IDToken)
	}
	return ts
}

// cacheName is the profile's entry name: a hash, like the lock files'.
func cacheName(profile string) string {
	return "tokeninspector:session:" + fileStem(profile)
}

func (s *Store) cacheStore() keyring.ExpiringStore {
	if s.Locks == nil {
		return nil
	}
	return s.Locks.Cache
}

// cached returns the cached access token of the profile when the entry is
// ours, made for the marker's current stamp, and valid for minValid.
// Anything else (no entry, another stamp, damaged) is a miss.
func (s *Store) cached(profile string, minValid time.Duration) (*auth.TokenSet, bool) {
	c := s.cacheStore()
	if c == nil {
		return nil, false
	}
	stamp := s.Locks.Stamp(profile)
	if stamp == "" {
		return nil, false
	}
	data, err := c.Get(cacheName(profile))
	if err != nil {
		return nil, false
	}
	var e cacheEntry
	if json.Unmarshal(data, &e) != nil || e.Version != cacheVersion || e.Stamp != stamp || e.AccessToken == "" {
		return nil, false
	}
	ts := e.tokenSet()
	if !ts.ValidFor(s.now(), minValid) {
		return nil, false
	}
	return ts, true
}

// cachePut caches ts's access token for stamp, the marker's stamp read
// before ts was read from (or written to) the keyring. Best effort: a
// failure only means the next call reads the keyring.
func (s *Store) cachePut(profile, stamp string, ts *auth.TokenSet) {
	c := s.cacheStore()
	if c == nil || stamp == "" || !s.inOSKeyring() {
		return
	}
	if err := s.putEntry(c, profile, stamp, ts); err != nil {
		s.cacheDrop(profile)
	}
}

func (s *Store) putEntry(c keyring.ExpiringStore, profile, stamp string, ts *auth.TokenSet) error {
	if ts == nil || ts.AccessToken == "" || ts.DPoP != nil {
		return fmt.Errorf("cache %s: nothing to cache", profile) // a DPoP-bound token needs its key: keyring only
	}
	ttl := cacheUnknownExpiryTTL
	if exp, ok := ts.Expiry(); ok {
		ttl = exp.Sub(s.now())
	}
	if ttl < time.Second {
		return fmt.Errorf("cache %s: the access token expires too soon", profile)
	}
	data, err := json.Marshal(cacheEntry{Version: cacheVersion, Stamp: stamp, AccessToken: ts.AccessToken,
		TokenType: ts.TokenType, ExpiresIn: ts.ExpiresIn, ReceivedAt: ts.ReceivedAt, Scope: ts.Scope,
		IDToken: ts.IDToken, IssuedTokenType: ts.IssuedTokenType})
	if err != nil {
		return fmt.Errorf("cache %s: %w", profile, err)
	}
	if len(data) > cacheMaxBytes {
		return fmt.Errorf("cache %s: %d bytes is too big to cache", profile, len(data))
	}
	return c.Put(cacheName(profile), data, ttl)
}

// inOSKeyring reports whether Secrets still is the OS keyring: a window
// whose keyring was unreachable keeps its sessions in memory
// (keyring.FallbackStore), and the cache never holds what the keyring does not.
func (s *Store) inOSKeyring() bool {
	f, ok := s.Secrets.(interface{ Unavailable() error })
	return !ok || f.Unavailable() == nil
}

// cacheDrop removes the profile's entry. Best effort: an entry that
// survives a failed drop is still refused once the marker is touched.
func (s *Store) cacheDrop(profile string) {
	if c := s.cacheStore(); c != nil {
		_ = c.Drop(cacheName(profile))
	}
}
