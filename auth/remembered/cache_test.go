package remembered

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tokeninspector/tokeninspector/auth/keyring"

	"github.com/tokeninspector/tokeninspector/auth/jose"

	"github.com/tokeninspector/tokeninspector/auth"
)

// fakeCache is an in-memory keyring.ExpiringStore that records each entry's
// time to live and can be made to fail.
type fakeCache struct {
	mu     sync.Mutex
	m      map[string][]byte
	ttl    map[string]time.Duration
	getErr error
	putErr error
}

func newFakeCache() *fakeCache {
	return &fakeCache{m: map[string][]byte{}, ttl: map[string]time.Duration{}}
}

func (c *fakeCache) Get(name string) ([]byte, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.getErr != nil {
		return nil, c.getErr
	}
	v, ok := c.m[name]
	if !ok {
		return nil, keyring.ErrSecretNotFound
	}
	return append([]byte(nil), v...), nil
}

func (c *fakeCache) Put(name string, value []byte, ttl time.Duration) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.putErr != nil {
		return c.putErr
	}
	c.m[name], c.ttl[name] = append([]byte(nil), value...), ttl
	return nil
}

func (c *fakeCache) Drop(name string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.m, name)
	delete(c.ttl, name)
	return nil
}

// set writes raw bytes as the profile's entry.
func (c *fakeCache) set(profile string, value []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.m[cacheName(profile)] = value
}

func (c *fakeCache) entry(profile string) (string, time.Duration, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	v, ok := c.m[cacheName(profile)]
	return string(v), c.ttl[cacheName(profile)], ok
}

// countingSecrets counts keyring reads; onGet, when set, runs inside the
// next read of a session, after the value was read (a slow reader).
type countingSecrets struct {
	keyring.SecretStore
	mu    sync.Mutex
	gets  int
	onGet func()
}

func (c *countingSecrets) Get(profile string, kind keyring.SecretKind) (string, error) {
	v, err := c.SecretStore.Get(profile, kind)
	c.mu.Lock()
	c.gets++
	hook := c.onGet
	c.onGet = nil
	c.mu.Unlock()
	if hook != nil {
		hook()
	}
	return v, err
}

func (c *countingSecrets) reads() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.gets
}

// cachedEnv is two "processes" (Stores) on one keyring, one lock folder
// and one session cache, at a fake clock.
type cachedEnv struct {
	secrets *countingSecrets
	cache   *fakeCache
	dir     string
	now     time.Time
}

func newCachedEnv(t *testing.T) *cachedEnv {
	return &cachedEnv{secrets: &countingSecrets{SecretStore: keyring.NewMemoryStore()}, cache: newFakeCache(), dir: t.TempDir(), now: t0}
}

func (e *cachedEnv) store() *Store {
	return &Store{Secrets: e.secrets, Locks: &Locks{Dir: e.dir, Cache: e.cache}, Now: func() time.Time { return e.now }}
}

// freshAccess is what `tokeninspector token` does: the session cache,
// else the keyring (Fresh).
func freshAccess(s *Store, ctx context.Context, profile string, minValid time.Duration, refresh RefreshFunc) (Result, error) {
	if r, ok := s.Cached(profile, minValid); ok {
		return r, nil
	}
	return s.Fresh(ctx, profile, minValid, refresh)
}

func noRefresh(t *testing.T) RefreshFunc {
	return func(context.Context, string) (*auth.TokenSet, error) {
		t.Error("refreshed a fresh token")
		return nil, errors.New("no refresh expected")
	}
}

func TestCachedServesAFreshTokenWithoutTheKeyring(t *testing.T) {
	e := newCachedEnv(t)
	login := set("at-1", "rt-1", t0, 2*time.Minute)
	login.IDToken, login.Scope = "id-1", "openid"
	if err := e.store().Put(context.Background(), "demo", login); err != nil {
		t.Fatal(err)
	}
	v, ttl, ok := e.cache.entry("demo")
	if !ok || ttl != 2*time.Minute {
		t.Fatalf("cache after the login: %v, ttl %s; want an entry that lives as long as the access token (2m)", ok, ttl)
	}
	if strings.Contains(v, "rt-1") || strings.Contains(v, "raw") {
		t.Errorf("the cache entry holds more than the access token: %s", v)
	}
	before := e.secrets.reads()
	e.now = t0.Add(30 * time.Second)
	r, err := freshAccess(e.store(), context.Background(), "demo", time.Minute, noRefresh(t))
	if err != nil || !r.FromCache || r.Tokens.AccessToken != "at-1" || r.Tokens.IDToken != "id-1" || r.Tokens.Scope != "openid" {
		t.Fatalf("cached token: %+v, %v; want at-1 from the cache", r, err)
	}
	if exp, ok := r.Tokens.Expiry(); !ok || !exp.Equal(t0.Add(2*time.Minute)) {
		t.Errorf("cached expiry %v, %v; want the access token's", exp, ok)
	}
	if r.Tokens.RefreshToken != "" {
		t.Error("the cached set has a refresh token")
	}
	if n := e.secrets.reads() - before; n != 0 {
		t.Errorf("%d keyring reads for a cached fresh token; want none", n)
	}
	// Fresh (export, --include-refresh-token) still reads the whole set.
	if r, err := e.store().Fresh(context.Background(), "demo", time.Minute, noRefresh(t)); err != nil || r.FromCache || r.Tokens.RefreshToken != "rt-1" {
		t.Errorf("Fresh = %+v, %v; want the keyring's whole set", r, err)
	}
}

func TestFreshFillsTheCacheFromTheKeyring(t *testing.T) {
	e := newCachedEnv(t)
	if err := e.store().Put(context.Background(), "demo", set("at-1", "rt-1", t0, 2*time.Minute)); err != nil {
		t.Fatal(err)
	}
	e.cache.Drop(cacheName("demo")) // e.g. the user keyring was emptied at logout
	r, err := freshAccess(e.store(), context.Background(), "demo", time.Minute, noRefresh(t))
	if err != nil || r.FromCache || r.Tokens.AccessToken != "at-1" {
		t.Fatalf("miss: %+v, %v; want at-1 from the keyring", r, err)
	}
	r, err = freshAccess(e.store(), context.Background(), "demo", time.Minute, noRefresh(t))
	if err != nil || !r.FromCache || r.Tokens.AccessToken != "at-1" {
		t.Fatalf("after the miss: %+v, %v; want at-1 from the cache", r, err)
	}
}

// Every write of the session, by any process, is what the next call sees:
// a rotation, a login, a forget, and a save by a process without the cache.
func TestCacheFollowsEveryWriteOfTheSession(t *testing.T) {
	e := newCachedEnv(t)
	window, script := e.store(), e.store()
	ctx := context.Background()
	window.Put(ctx, "demo", set("at-1", "rt-1", t0, 2*time.Minute))
	get := func(step string, want string) {
		t.Helper()
		r, err := freshAccess(script, ctx, "demo", time.Minute, noRefresh(t))
		if err != nil || r.Tokens.AccessToken != want {
			t.Fatalf("%s: %+v, %v; want %s", step, r, err, want)
		}
	}
	get("login", "at-1")

	// The window rotates (its refresh saves under the lock).
	e.now = t0.Add(90 * time.Second)
	r, err := window.Refresh(ctx, "demo", set("at-1", "rt-1", t0, 2*time.Minute), time.Minute,
		func(context.Context, string) (*auth.TokenSet, error) {
			return set("at-2", "rt-2", e.now, 2*time.Minute), nil
		})
	if err != nil || r.SaveErr != nil {
		t.Fatal(err, r.SaveErr)
	}
	get("after the window's rotation", "at-2")

	// An older Token Inspector (locks, no cache) logs in again.
	old := &Store{Secrets: e.secrets, Locks: &Locks{Dir: e.dir}, Now: func() time.Time { return e.now }}
	if err := old.Put(ctx, "demo", set("at-3", "rt-3", e.now, 2*time.Minute)); err != nil {
		t.Fatal(err)
	}
	if _, _, ok := e.cache.entry("demo"); !ok {
		t.Fatal("the test needs the older process to leave the cache entry behind")
	}
	get("after a save by a process without the cache", "at-3")

	// The window forgets the session (Remember off, logout): the entry goes
	// too, not only refused by its stamp.
	get("before forget", "at-3")
	if err := window.Remove(ctx, "demo"); err != nil {
		t.Fatal(err)
	}
	if v, _, ok := e.cache.entry("demo"); ok {
		t.Errorf("the cache still holds the forgotten session: %s", v)
	}
	if _, err := freshAccess(script, ctx, "demo", time.Minute, noRefresh(t)); !errors.Is(err, ErrNothingRemembered) {
		t.Fatalf("after forget: %v; want ErrNothingRemembered", err)
	}
}

// A reader that read the keyring before a save and caches what it read
// after the save: the entry it puts back is refused.
func TestCacheRefusesAnEntryPutBackByASlowReader(t *testing.T) {
	e := newCachedEnv(t)
	ctx := context.Background()
	e.store().Put(ctx, "demo", set("at-1", "rt-1", t0, 2*time.Minute))
	e.cache.Drop(cacheName("demo"))
	e.secrets.onGet = func() { // the slow reader has read at-1; a login saves at-2
		if err := e.store().Put(ctx, "demo", set("at-2", "rt-2", t0, 2*time.Minute)); err != nil {
			t.Error(err)
		}
	}
	if r, err := freshAccess(e.store(), ctx, "demo", time.Minute, noRefresh(t)); err != nil || r.Tokens.AccessToken != "at-1" {
		t.Fatalf("slow reader: %+v, %v", r, err)
	}
	if v, _, _ := e.cache.entry("demo"); !strings.Contains(v, "at-1") {
		t.Fatalf("the test needs the slow reader's entry in the cache; it holds %s", v)
	}
	r, err := freshAccess(e.store(), ctx, "demo", time.Minute, noRefresh(t))
	if err != nil || r.Tokens.AccessToken != "at-2" {
		t.Fatalf("next call: %+v, %v; want the saved at-2, not the slow reader's at-1", r, err)
	}
}

func TestCachedKeepsMinValid(t *testing.T) {
	e := newCachedEnv(t)
	ctx := context.Background()
	e.store().Put(ctx, "demo", set("at-1", "rt-1", t0, 2*time.Minute))
	e.now = t0.Add(90 * time.Second) // 30 s left
	var sent string
	r, err := freshAccess(e.store(), ctx, "demo", time.Minute, func(_ context.Context, rt string) (*auth.TokenSet, error) {
		sent = rt
		return set("at-2", "rt-2", e.now, 2*time.Minute), nil
	})
	if err != nil || r.FromCache || !r.Refreshed || sent != "rt-1" || r.Tokens.AccessToken != "at-2" {
		t.Fatalf("30 s left and --min-valid 1m: %+v, %v, sent %q; want a refresh", r, err, sent)
	}
	if r, err := freshAccess(e.store(), ctx, "demo", time.Minute, noRefresh(t)); err != nil || !r.FromCache || r.Tokens.AccessToken != "at-2" {
		t.Errorf("after the refresh: %+v, %v; want at-2 from the cache", r, err)
	}
}

func TestCacheIgnoresDamagedAndForeignEntries(t *testing.T) {
	e := newCachedEnv(t)
	ctx := context.Background()
	e.store().Put(ctx, "demo", set("at-1", "rt-1", t0, 2*time.Minute))
	stamp := e.store().Stamp("demo")
	for _, bad := range []string{
		"", "not json", "\x00\xff", `["another","app"]`,
		`{"v":99,"stamp":"` + stamp + `","access_token":"at-x"}`,
		`{"v":1,"stamp":"2001-01-01T00:00:00Z","access_token":"at-x"}`,
		`{"v":1,"stamp":"` + stamp + `"}`,
		`{"v":1,"stamp":"` + stamp + `","access_token":"at-x","expires_in":60,"received_at":"2001-01-01T00:00:00Z"}`,
	} {
		e.cache.set("demo", []byte(bad))
		r, err := freshAccess(e.store(), ctx, "demo", time.Minute, noRefresh(t))
		if err != nil || r.FromCache || r.Tokens.AccessToken != "at-1" {
			t.Errorf("entry %q: %+v, %v; want at-1 from the keyring", bad, r, err)
		}
	}
	e.cache.getErr = errors.New("keyctl: operation not permitted")
	if r, err := freshAccess(e.store(), ctx, "demo", time.Minute, noRefresh(t)); err != nil || r.Tokens.AccessToken != "at-1" {
		t.Errorf("unreadable cache: %+v, %v; want at-1 from the keyring", r, err)
	}
	e.cache.getErr, e.cache.putErr = nil, errors.New("keyctl: disk quota exceeded")
	if err := e.store().Put(ctx, "demo", set("at-2", "rt-2", t0, 2*time.Minute)); err != nil {
		t.Fatalf("a cache that refuses entries fails the save: %v", err)
	}
	if r, err := freshAccess(e.store(), ctx, "demo", time.Minute, noRefresh(t)); err != nil || r.Tokens.AccessToken != "at-2" {
		t.Errorf("cache refusing entries: %+v, %v; want at-2 from the keyring", r, err)
	}
}

func TestCacheKeepsNoDPoPBoundOrShortLivedTokens(t *testing.T) {
	e := newCachedEnv(t)
	ctx := context.Background()
	key, err := jose.NewDPoPKey()
	if err != nil {
		t.Fatal(err)
	}
	bound := set("at-dpop", "rt-1", t0, 2*time.Minute)
	bound.TokenType, bound.DPoP = "DPoP", key
	e.store().Put(ctx, "demo", set("at-0", "rt-0", t0, 2*time.Minute))
	e.store().Put(ctx, "demo", bound)
	if v, _, ok := e.cache.entry("demo"); ok {
		t.Errorf("a DPoP-bound set was cached (or the older entry kept): %s", v)
	}
	r, err := freshAccess(e.store(), ctx, "demo", time.Minute, noRefresh(t))
	if err != nil || r.FromCache || r.Tokens.DPoP == nil {
		t.Errorf("DPoP-bound: %+v, %v; want the keyring's set with its key", r, err)
	}
	e.store().Put(ctx, "demo", set("at-short", "rt-2", t0, 0)) // expiry unknown
	if _, ttl, ok := e.cache.entry("demo"); !ok || ttl != cacheUnknownExpiryTTL {
		t.Errorf("unknown expiry: cached %v for %s; want %s", ok, ttl, cacheUnknownExpiryTTL)
	}
	e.store().Put(ctx, "demo", set("at-gone", "rt-3", t0.Add(-time.Hour), time.Minute)) // expired already
	if _, _, ok := e.cache.entry("demo"); ok {
		t.Error("an expired access token was cached")
	}
}

// unreachable is an OS keyring that cannot be reached.
type unreachable struct{}

func (unreachable) Get(string, keyring.SecretKind) (string, error) { return "", errUnreachable }
func (unreachable) Set(string, keyring.SecretKind, string) error   { return errUnreachable }
func (unreachable) Delete(string, keyring.SecretKind) error        { return errUnreachable }

var errUnreachable = fmt.Errorf("dbus: no session bus: %w", keyring.ErrKeyringUnavailable)

// A window without a reachable keyring keeps its session in memory: the
// cache does not share it with other processes either.
func TestCacheHoldsNothingTheKeyringDoesNot(t *testing.T) {
	e := newCachedEnv(t)
	s := e.store()
	s.Secrets = keyring.NewKeyringWorker(keyring.NewFallbackStore(unreachable{}), 0)
	ctx := context.Background()
	if err := s.Put(ctx, "demo", set("at-1", "rt-1", t0, 2*time.Minute)); !errors.Is(err, keyring.ErrNoKeyring) {
		t.Fatalf("first save: %v; want ErrNoKeyring", err)
	}
	if err := s.Put(ctx, "demo", set("at-2", "rt-2", t0, 2*time.Minute)); err != nil {
		t.Fatal(err)
	}
	if v, _, ok := e.cache.entry("demo"); ok {
		t.Errorf("a session kept in memory only was cached: %s", v)
	}
}
