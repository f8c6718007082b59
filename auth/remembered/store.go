package remembered

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/tokeninspector/tokeninspector/auth/keyring"

	"github.com/tokeninspector/tokeninspector/auth"
)

// lockWait bounds how long a process waits for another one's refresh.
const lockWait = 45 * time.Second

// ErrNothingRemembered says the keyring holds no session for the profile:
// log in (with Remember) first.
var ErrNothingRemembered = errors.New("no remembered session: log in with Remember first")

// Store keeps remembered sessions in a SecretStore, shared between
// processes through Locks.
//
// Two locks per profile: the refresh lock, held from reading the session to
// saving its refreshed successor (so a refresh token is sent once), and the
// write lock, held around each save. A refresh saves its result only if
// the keyring still holds the set it refreshed: a login saved meanwhile
// (which takes only the write lock, so it never waits for a slow provider)
// wins, and the older family's tokens are not written over it.
type Store struct {
	Secrets keyring.SecretStore
	// Locks, when set, makes refreshes exclusive across processes and
	// records every change; nil means this process alone uses Secrets.
	Locks *Locks
	// Now is the clock; nil => time.Now.
	Now func() time.Time

	mu sync.Mutex // held with the write lock: the same exclusion within this process
}

// ErrSavedElsewhere says a refreshed token set was not saved because the
// keyring meanwhile holds another one (a login, or Forget): the tokens
// still work, but the remembered session is that other one.
var ErrSavedElsewhere = errors.New("not saved: the remembered session changed meanwhile (a login or Forget)")

func (s *Store) now() time.Time {
	if s.Now == nil {
		return time.Now()
	}
	return s.Now()
}

// Load reads the profile's remembered token set. A refresh token written
// by an older version comes back as keyring.RestoredTokenSet (no access
// token). No session is ErrNothingRemembered; an entry we did not write is
// auth.ErrNotSaved.
func (s *Store) Load(profile string) (*auth.TokenSet, error) {
	v, err := s.Secrets.Get(profile, keyring.SecretSession)
	if err == nil {
		ts, err := auth.LoadTokenSet([]byte(v))
		if err != nil {
			return nil, fmt.Errorf("the keyring entry %s/%s: %w", profile, keyring.SecretSession, err)
		}
		return ts, nil
	}
	if !errors.Is(err, keyring.ErrSecretNotFound) || errors.Is(err, keyring.ErrNoKeyring) {
		return nil, err
	}
	rt, err := s.Secrets.Get(profile, keyring.SecretRefreshToken)
	switch {
	case errors.Is(err, keyring.ErrSecretNotFound) && !errors.Is(err, keyring.ErrNoKeyring):
		return nil, fmt.Errorf("%s: %w", profile, ErrNothingRemembered)
	case err != nil:
		return nil, err
	}
	return keyring.RestoredTokenSet(rt, s.now()), nil
}

// Save replaces the profile's remembered token set with ts (ts without a
// refresh token deletes it: an older one must not come back) and records
// the change; the session cache drops the old access token first and
// holds the new one after. Call it under Lock when a refresh produced ts.
func (s *Store) Save(profile string, ts *auth.TokenSet) error {
	if ts == nil || ts.RefreshToken == "" && ts.AccessToken == "" {
		return s.Delete(profile)
	}
	data, err := ts.Save()
	if err != nil {
		return fmt.Errorf("remember %s: %w", profile, err)
	}
	s.cacheDrop(profile)
	if err := s.Secrets.Set(profile, keyring.SecretSession, string(data)); err != nil {
		return err
	}
	// The whole set replaces a refresh token an older version kept alone.
	err = s.Secrets.Delete(profile, keyring.SecretRefreshToken)
	stamp, terr := s.touch(profile)
	if err == nil && terr == nil {
		s.cachePut(profile, stamp, ts)
	}
	return errors.Join(err, terr)
}

// Delete removes the profile's remembered token set, and its cached
// access token before it.
func (s *Store) Delete(profile string) error {
	s.cacheDrop(profile)
	errSession := s.Secrets.Delete(profile, keyring.SecretSession)
	errRefresh := s.Secrets.Delete(profile, keyring.SecretRefreshToken)
	_, errTouch := s.touch(profile)
	return errors.Join(errSession, errRefresh, errTouch)
}

// touch records a change of the profile's session and returns the
// marker's new stamp ("" without Locks).
func (s *Store) touch(profile string) (string, error) {
	if s.Locks == nil {
		return "", nil
	}
	return s.Locks.touch(profile)
}

// Stamp names the last recorded change of the profile's session ("" when
// there are no locks or no change was recorded).
func (s *Store) Stamp(profile string) string {
	if s.Locks == nil {
		return ""
	}
	return s.Locks.Stamp(profile)
}

// writeLock takes the profile's write lock, in this process and across them.
func (s *Store) writeLock(ctx context.Context, profile string) (func(), error) {
	s.mu.Lock()
	if s.Locks == nil {
		return s.mu.Unlock, nil
	}
	ctx, cancel := context.WithTimeout(ctx, lockWait)
	defer cancel()
	unlock, err := s.Locks.lockWrite(ctx, profile)
	if err != nil {
		s.mu.Unlock()
		return nil, err
	}
	return func() { unlock(); s.mu.Unlock() }, nil
}

// lock takes the profile's cross-process refresh lock (a no-op without Locks).
func (s *Store) lock(ctx context.Context, profile string) (func(), error) {
	if s.Locks == nil {
		return func() {}, nil
	}
	ctx, cancel := context.WithTimeout(ctx, lockWait)
	defer cancel()
	return s.Locks.Lock(ctx, profile)
}

// RefreshFunc runs the refresh_token grant with rt.
type RefreshFunc func(ctx context.Context, rt string) (*auth.TokenSet, error)

// Result says where a token set came from.
type Result struct {
	Tokens *auth.TokenSet
	// Refreshed is true when this call ran the refresh_token grant; false
	// when the remembered set was fresh enough (another process refreshed it).
	Refreshed bool
	// SaveErr says the new set could not be saved: the keyring holds the
	// refresh token this call used up.
	SaveErr error
	// FromCache is true when Tokens came from the session cache
	// (Cached): the access token alone, no refresh token.
	FromCache bool
}

// Fresh returns a token set whose access token stays valid for at least
// minValid: the remembered one if it is, else a refreshed one, saved
// before it is returned. Under the profile's lock, so concurrent callers
// in any process send the refresh token once.
//
// A fresh set read from the keyring is put into the session cache, with
// the marker's stamp read before the keyring was.
func (s *Store) Fresh(ctx context.Context, profile string, minValid time.Duration, refresh RefreshFunc) (Result, error) {
	// A fresh set needs no lock: reading is safe, and the common case (a
	// script asking again and again) stays a single keyring read.
	stamp := s.Stamp(profile)
	if saved, err := s.Load(profile); err != nil {
		return Result{}, err
	} else if saved.ValidFor(s.now(), minValid) {
		s.cachePut(profile, stamp, saved)
		return Result{Tokens: saved}, nil
	}
	unlock, err := s.lock(ctx, profile)
	if err != nil {
		return Result{}, err
	}
	defer unlock()
	stamp = s.Stamp(profile)
	saved, err := s.Load(profile)
	if err != nil {
		return Result{}, err
	}
	if saved.ValidFor(s.now(), minValid) {
		s.cachePut(profile, stamp, saved)
		return Result{Tokens: saved}, nil
	}
	return s.refreshLocked(ctx, profile, saved, false, refresh)
}

// Cached returns the session cache's copy of the profile's access token
// when it is valid for minValid (FromCache), without reading the keyring:
// for a caller that uses only the access token and what describes it
// (type, expiry, scope, ID token). The copy has no refresh token and is
// never DPoP-bound. On false, ask Fresh.
func (s *Store) Cached(profile string, minValid time.Duration) (Result, bool) {
	ts, ok := s.cached(profile, minValid)
	if !ok {
		return Result{}, false
	}
	return Result{Tokens: ts, FromCache: true}, true
}

// Refresh refreshes held, the token set a window shows, under the lock:
// when the keyring holds a newer set (another process rotated meanwhile),
// that set is returned if its access token is valid for minValid, or
// refreshed instead of held, whose refresh token is then used up.
func (s *Store) Refresh(ctx context.Context, profile string, held *auth.TokenSet, minValid time.Duration, refresh RefreshFunc) (Result, error) {
	unlock, err := s.lock(ctx, profile)
	if err != nil {
		return Result{}, err
	}
	defer unlock()
	base := held
	saved, err := s.Load(profile)
	if err == nil && Newer(saved, held) {
		if saved.ValidFor(s.now(), minValid) {
			return Result{Tokens: saved}, nil
		}
		base = saved
	}
	return s.refreshLocked(ctx, profile, base, err != nil, refresh)
}

// Newer reports whether the remembered set a replaces b: another refresh
// token, received later.
func Newer(a, b *auth.TokenSet) bool {
	return a.RefreshToken != b.RefreshToken && a.ReceivedAt.After(b.ReceivedAt)
}

// refreshLocked refreshes base and saves the result if the keyring still
// holds base (or, with create, holds nothing).
func (s *Store) refreshLocked(ctx context.Context, profile string, base *auth.TokenSet, create bool, refresh RefreshFunc) (Result, error) {
	if base.RefreshToken == "" {
		return Result{}, fmt.Errorf("%s: the remembered session has no refresh token: log in again", profile)
	}
	ts, err := refresh(ctx, base.RefreshToken)
	if err != nil {
		return Result{}, err
	}
	auth.KeepIDToken(base, ts)
	r := Result{Tokens: ts, Refreshed: true}
	unlock, err := s.writeLock(ctx, profile)
	if err != nil {
		r.SaveErr = err
		return r, nil
	}
	defer unlock()
	cur, err := s.Load(profile)
	switch {
	case err == nil && cur.RefreshToken == base.RefreshToken, create && errors.Is(err, ErrNothingRemembered):
		r.SaveErr = s.Save(profile, ts)
	case err == nil || errors.Is(err, ErrNothingRemembered):
		r.SaveErr = ErrSavedElsewhere
	default:
		r.SaveErr = err
	}
	return r, nil
}

// Put saves ts under the profile's write lock: a login's new set, or
// Remember switched on. A refresh in flight elsewhere then leaves it be.
func (s *Store) Put(ctx context.Context, profile string, ts *auth.TokenSet) error {
	unlock, err := s.writeLock(ctx, profile)
	if err != nil {
		return err
	}
	defer unlock()
	return s.Save(profile, ts)
}

// Remove deletes the profile's session under its write lock.
func (s *Store) Remove(ctx context.Context, profile string) error {
	unlock, err := s.writeLock(ctx, profile)
	if err != nil {
		return err
	}
	defer unlock()
	return s.Delete(profile)
}
