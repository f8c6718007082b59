package auth

import (
	"context"
	"sync"

	"golang.org/x/sync/singleflight"
)

// Session owns the current token set of one provider. Refreshes are
// single-flight: providers that detect refresh-token reuse revoke the whole
// token family, so two parallel refreshes would log the user out.
type Session struct {
	provider *Provider
	flight   singleflight.Group
	// OnChange, when set before use, is called after every login or refresh
	// attempt (success or failure), from the goroutine that ran it.
	OnChange func()

	mu      sync.Mutex // guards current, history
	current *TokenSet
	history []Event
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
	s.mu.Lock()
	s.current = ts
	s.mu.Unlock()
	s.changed()
}

func (s *Session) record(kind EventKind, old, new *TokenSet, err error) {
	s.mu.Lock()
	if new != nil {
		s.current = new
	}
	s.history = append(s.history, newEvent(kind, s.provider.Now(), old, new, err))
	s.mu.Unlock()
	s.changed()
}

func (s *Session) changed() {
	if s.OnChange != nil {
		s.OnChange()
	}
}

// Login runs a browser login and makes its tokens current. On failure the
// previous tokens stay.
func (s *Session) Login(ctx context.Context, o LoginOptions) (*TokenSet, error) {
	old := s.Current()
	ts, err := s.provider.Login(ctx, o)
	s.record(EventLogin, old, ts, err)
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
		var rt string
		if old != nil {
			rt = old.RefreshToken
		}
		ts, err := s.provider.Refresh(fctx, rt)
		s.record(EventRefresh, old, ts, err)
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
