package remembered

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/tokeninspector/tokeninspector/auth"
	"github.com/tokeninspector/tokeninspector/auth/jose"
)

// Dropped says what Revoked removed from a remembered session.
type Dropped int

const (
	// DroppedNothing: the token is not one of the remembered session's
	// (or nothing is remembered).
	DroppedNothing Dropped = iota
	// DroppedAccess: the access token was removed; the refresh token stays,
	// so the next Fresh refreshes.
	DroppedAccess
	// DroppedSession: the refresh token was revoked, so the whole session
	// was removed: only a new login can help.
	DroppedSession
)

func (d Dropped) String() string {
	switch d {
	case DroppedAccess:
		return "the remembered access token was dropped"
	case DroppedSession:
		return "the remembered session was ended"
	}
	return "the remembered session was left alone"
}

// Revoked removes tok from the profile's remembered session, under its
// write lock, when tok is one of the session's tokens that no longer works
// (revoked, or introspected inactive): the access token goes (from the
// keyring and the session cache) and the refresh token stays, so the next
// caller refreshes instead of being handed a dead token; a dead refresh
// token ends the session. Any other token leaves the session alone.
func (s *Store) Revoked(ctx context.Context, profile, tok string) (Dropped, error) {
	if tok == "" {
		return DroppedNothing, nil
	}
	unlock, err := s.writeLock(ctx, profile)
	if err != nil {
		return DroppedNothing, err
	}
	defer unlock()
	cur, err := s.Load(profile)
	switch {
	case errors.Is(err, ErrNothingRemembered):
		return DroppedNothing, nil
	case err != nil:
		return DroppedNothing, err
	case cur.RefreshToken == tok:
		if err := s.Delete(profile); err != nil {
			return DroppedNothing, fmt.Errorf("ending the remembered session of %s: %w", profile, err)
		}
		return DroppedSession, nil
	case cur.AccessToken != tok:
		return DroppedNothing, nil
	}
	if err := s.Save(profile, withoutAccessToken(cur)); err != nil {
		return DroppedNothing, fmt.Errorf("dropping the remembered access token of %s: %w", profile, err)
	}
	return DroppedAccess, nil
}

// withoutAccessToken is ts with its access token, and the response that
// carried it, removed: the refresh token, ID token and DPoP key stay.
func withoutAccessToken(ts *auth.TokenSet) *auth.TokenSet {
	out := *ts
	out.AccessToken, out.ExpiresIn, out.Access = "", 0, jose.Decoded{}
	out.Raw, out.Fields = nil, nil
	return &out
}

// RefusedAtResource reports whether err is a protected resource's refusal
// of the access token itself — HTTP 401 with error invalid_token (RFC 6750
// §3.1: expired, revoked, malformed) — after which the token is dead for
// Revoked too.
func RefusedAtResource(err error) bool {
	var oe *auth.OAuthError
	return errors.As(err, &oe) && oe.Status == http.StatusUnauthorized && oe.Code == "invalid_token"
}
