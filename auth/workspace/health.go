package workspace

import (
	"time"

	"github.com/tokeninspector/tokeninspector/auth"
)

// Health is a one-glance summary of a profile's session, for a list of
// every profile watched side by side.
type Health struct {
	State State
	// Expiry is when the access token expires (HasExpiry false when there
	// is none or it is unknown, as for a restored session).
	Expiry    time.Time
	HasExpiry bool
	// RefreshFailing is set when the last refresh of the current tokens
	// failed; Dead when the provider said they can never be refreshed
	// (log in again).
	RefreshFailing, Dead bool
	// Err is the last failed refresh's error (nil when none).
	Err error
}

// Health summarizes the snapshot's session.
func (s Snapshot) Health() Health {
	h := Health{State: s.State}
	if s.Tokens == nil {
		return h
	}
	if !s.Restored {
		h.Expiry, h.HasExpiry = s.Tokens.Expiry()
	}
	if last, ok := s.lastRefreshOfTheseTokens(); ok && !last.OK() {
		h.RefreshFailing, h.Err = true, last.Err
		h.Dead = auth.NeedsLogin(last.Err) || s.Auto.Dead
	}
	return h
}
