package auth

import (
	"context"
	"errors"
	"sync"

	"golang.org/x/sync/singleflight"
)

// Session owns the current token set of one provider. Refreshes are
// single-flight: providers that detect refresh-token reuse revoke the whole
// token family, so two parallel refreshes would log the user out.
type Session struct {
	provider *Provider
	flight   singleflight.Group
	// OnTokens, when set before use, is called with every new token set of
	// a successful login or refresh (and by Store) before the set becomes
	// current and before Login or Refresh return: the place to persist a
	// rotated refresh token, so no caller sees a set before it is stored.
	// Its error does not discard the tokens; StoreErr reports it.
	OnTokens func(*TokenSet) error

	store sync.Mutex // serializes OnTokens with making its set current

	mu       sync.Mutex // guards current, history, storeErr
	current  *TokenSet
	history  []Event
	storeErr error // OnTokens' error for current
}

// NewSession starts an empty session for pr.
func NewSession(pr *Provider) *Session { return &Session{provider: pr} }

// Provider returns the session's provider.
func (s *Session) Provider() *Provider { return s.provider }

// Current returns the current token set, or nil before the first login.
func (s *Session) Current() *TokenSet {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.current
}

// History returns a copy of the login and refresh events, oldest first.
func (s *Session) History() []Event {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Event(nil), s.history...)
}

// Restore makes ts current without a request (a session restored from storage).
func (s *Session) Restore(ts *TokenSet) {
	s.store.Lock()
	s.mu.Lock()
	s.current, s.storeErr = ts, nil
	s.mu.Unlock()
	s.store.Unlock()
}

// StoreErr returns OnTokens' error for the current token set: nil when it
// was stored, or when there is no OnTokens.
func (s *Session) StoreErr() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.storeErr
}

// Store runs OnTokens again for the current set (say, once the user asked to
// remember the session) and returns its error, which StoreErr reports too.
func (s *Session) Store() error {
	s.store.Lock()
	defer s.store.Unlock()
	ts := s.Current()
	if ts == nil || s.OnTokens == nil {
		return nil
	}
	err := s.OnTokens(ts)
	s.mu.Lock()
	if s.current == ts {
		s.storeErr = err
	}
	s.mu.Unlock()
	return err
}

// commit stores a new set through OnTokens, then records the attempt and
// makes the set current. The store lock keeps the stored set and the
// current one the same when logins and refreshes overlap.
func (s *Session) commit(kind EventKind, old, new *TokenSet, err error) error {
	s.store.Lock()
	defer s.store.Unlock()
	if kind == EventRefresh && new != nil && s.Current() != old {
		// A login finished while this refresh ran: its tokens stay current
		// (and stored); the refreshed set of the older family is dropped.
		s.record(kind, old, nil, ErrRefreshSuperseded, nil)
		return ErrRefreshSuperseded
	}
	var serr error
	if err == nil && new != nil && s.OnTokens != nil {
		serr = s.OnTokens(new)
	}
	s.record(kind, old, new, err, serr)
	return err
}

// ErrRefreshSuperseded says a refresh finished after a login replaced the
// tokens it started from; the login's tokens were kept.
var ErrRefreshSuperseded = errors.New("refresh: a login finished meanwhile; its tokens were kept")

func (s *Session) record(kind EventKind, old, new *TokenSet, err, storeErr error) {
	s.mu.Lock()
	if new != nil {
		s.current, s.storeErr = new, storeErr
	}
	s.history = append(s.history, NewEvent(kind, s.provider.Now(), old, new, err))
	s.mu.Unlock()
}

// Login runs a browser login and makes its tokens current. On failure the
// previous tokens stay.
func (s *Session) Login(ctx context.Context, o LoginOptions) (*TokenSet, error) {
	old := s.Current()
	ts, err := s.provider.Login(ctx, o)
	s.commit(EventLogin, old, ts, err)
	return ts, err
}

// Refresh runs the refresh_token grant for the current tokens. Concurrent
// calls share one request and get the same result. On any failure the
// current tokens stay; the error says whether they are dead (NeedsLogin).
func (s *Session) Refresh(ctx context.Context) (*TokenSet, error) {
	ch := s.flight.DoChan("refresh", func() (any, error) {
		// The shared request must not die with the first caller's context.
		fctx := context.WithoutCancel(ctx)
		old := s.Current()
		ts, err := s.provider.RefreshSet(fctx, old) // old's refresh token and DPoP key
		if err == nil {
			KeepIDToken(old, ts)
		}
		if err = s.commit(EventRefresh, old, ts, err); err != nil {
			return nil, err
		}
		return ts, err
	})
	select {
	case r := <-ch:
		ts, _ := r.Val.(*TokenSet)
		return ts, r.Err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// KeepIDToken carries the login's ID token over a refresh response that
// has none (OpenID Connect Core §12.2 lets providers leave it out).
func KeepIDToken(old, ts *TokenSet) {
	if ts.IDToken == "" && old != nil && old.IDToken != "" {
		ts.IDToken, ts.ID, ts.IDKept = old.IDToken, old.ID, true
		ts.Sent = old.Sent // the kept ID token echoes that login's nonce
	}
}
