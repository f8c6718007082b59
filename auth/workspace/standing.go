package workspace

import (
	"time"

	"github.com/tokeninspector/tokeninspector/auth/check"
	"github.com/tokeninspector/tokeninspector/auth/history"
	"github.com/tokeninspector/tokeninspector/auth/jose"

	"github.com/tokeninspector/tokeninspector/auth"
)

// Standing is the one state a token (or a whole session) is in at an
// instant. Every place that shows it — the token's view, its countdown and
// lifetime bar, its navigation entry, the profile list — draws this one
// value, so they never disagree; Tone says which colour.
type Standing int

// The standings, from nothing to say to the worst.
const (
	StandingNone    Standing = iota // no such token, or logged out
	StandingUnknown                 // no expiry known (opaque, no exp, a restored session)
	StandingFine                    // more than 10 % of its lifetime left
	StandingEnding                  // in the last 10 % (or 30 s), or expired within the clock skew allowance
	StandingExpired                 // past its exp
	StandingFailing                 // the last refresh of these tokens failed, and may work again
	StandingDead                    // the provider said the refresh token can never be used again (invalid_grant)
	StandingRefused                 // came in an answer that fails a check a client MUST make
)

var standingNames = [...]string{"none", "unknown", "fine", "ending", "expired", "failing", "dead", "refused"}

func (s Standing) String() string {
	if int(s) < len(standingNames) {
		return standingNames[s]
	}
	return "standing?"
}

// Tone is the colour family of a standing.
type Tone int

// The tones.
const (
	ToneNeutral Tone = iota
	ToneGood
	ToneWarning
	ToneBad
)

// Tone is s's colour family: good while fine, warning while ending or
// failing, bad once expired, dead or refused.
func (s Standing) Tone() Tone {
	switch s {
	case StandingFine:
		return ToneGood
	case StandingEnding, StandingFailing:
		return ToneWarning
	case StandingExpired, StandingDead, StandingRefused:
		return ToneBad
	}
	return ToneNeutral
}

// LifeAt is where d is in its lifetime at now: its standing (None for no
// token, Unknown without exp, else Fine, Ending or Expired) and the part of
// its lifetime left (0..1; 0 when unknown). The last 10 % of the lifetime
// from iat to exp is ending (without iat, the last 30 seconds); an expiry
// no older than skew is still ending, as the provider's clock may count
// the token valid. Times count in whole seconds, so a countdown and its
// colour change on the same tick.
func LifeAt(d jose.Decoded, now time.Time, skew time.Duration) (Standing, float64) {
	switch {
	case d.Format == "" || d.Format == jose.FormatEmpty:
		return StandingNone, 0
	case d.ExpiresAt.IsZero():
		return StandingUnknown, 0
	}
	left := d.ExpiresAt.Truncate(time.Second).Sub(now.Truncate(time.Second))
	if left <= 0 {
		if skew > 0 && now.Sub(d.ExpiresAt) <= skew {
			return StandingEnding, 0
		}
		return StandingExpired, 0
	}
	if left >= 24*time.Hour {
		return StandingFine, fractionLeft(d, left)
	}
	f := fractionLeft(d, left)
	if life, ok := d.Lifetime(); ok && life > 0 {
		if f <= 0.10 {
			return StandingEnding, f
		}
	} else if left <= 30*time.Second {
		return StandingEnding, f
	}
	return StandingFine, f
}

func fractionLeft(d jose.Decoded, left time.Duration) float64 {
	if life, ok := d.Lifetime(); ok && life > 0 {
		return min(1, float64(left)/float64(life))
	}
	return 0
}

// Timed is the decoded token k of s with the expiry the response gave
// when the token itself carries none (expires_in for the access token,
// refresh_expires_in for the refresh token; iat then is when it arrived),
// so an opaque token's countdown still runs. The zero Decoded when there
// is no such token (or, restored from the keyring, no access token yet).
func (s Snapshot) Timed(k TokenKind) jose.Decoded {
	ts := s.Tokens
	if ts == nil {
		return jose.Decoded{}
	}
	switch k {
	case AccessToken:
		if s.Restored || ts.AccessToken == "" {
			return jose.Decoded{}
		}
		d := ts.Access
		if exp, ok := ts.Expiry(); ok && d.ExpiresAt.IsZero() {
			d.ExpiresAt, d.IssuedAt = exp, ts.ReceivedAt
		}
		return d
	case RefreshToken:
		if ts.RefreshToken == "" {
			return jose.Decoded{}
		}
		d := ts.Refresh
		if exp, ok := ts.RefreshExpiry(); ok && d.ExpiresAt.IsZero() {
			d.ExpiresAt, d.IssuedAt = exp, ts.ReceivedAt
		}
		return d
	case IDToken:
		if ts.IDToken == "" {
			return jose.Decoded{}
		}
		return ts.ID
	}
	return jose.Decoded{}
}

// RefreshDead reports whether the provider said the current refresh token
// can never be used again (invalid_grant: expired, revoked or already
// used): only a new login brings working tokens.
func (s Snapshot) RefreshDead() bool {
	if s.Tokens == nil || s.Tokens.RefreshToken == "" {
		return false
	}
	last, ok := s.lastRefreshOfTheseTokens()
	return ok && !last.OK() && auth.NeedsLogin(last.Err)
}

// lastRefreshOfTheseTokens is the history's last event when it is a
// refresh that happened since the current tokens arrived. A failure from
// before (a previous run's, read from the history file) says nothing
// about them.
func (s Snapshot) lastRefreshOfTheseTokens() (history.Event, bool) {
	n := len(s.History)
	if n == 0 || s.Tokens == nil {
		return history.Event{}, false
	}
	last := s.History[n-1]
	if last.Kind != history.EventRefresh || last.At.Before(s.Tokens.ReceivedAt) {
		return history.Event{}, false
	}
	return last, true
}

// StandingOf is token k's standing at now: refused while the tokens are
// refused, the refresh token dead once the provider said so, else where
// the token is in its lifetime (LifeAt, with skew).
func (s Snapshot) StandingOf(k TokenKind, now time.Time, skew time.Duration) Standing {
	d := s.Timed(k)
	life, _ := LifeAt(d, now, skew)
	switch {
	case life == StandingNone:
		return life
	case s.Refused != nil:
		return StandingRefused
	case k == RefreshToken && s.RefreshDead():
		return StandingDead
	}
	return life
}

// SessionStanding is the session's standing at now, for a list of
// profiles: none when logged out, refused, dead (the refresh token, or the
// health check's Dead), failing (the last refresh failed), else the access
// token's standing.
func (s Snapshot) SessionStanding(now time.Time, skew time.Duration) Standing {
	if s.Tokens == nil {
		return StandingNone
	}
	h := s.Health()
	switch {
	case s.Refused != nil:
		return StandingRefused
	case h.Dead:
		return StandingDead
	case h.RefreshFailing:
		return StandingFailing
	case s.Restored:
		return StandingUnknown
	}
	return s.StandingOf(AccessToken, now, skew)
}

// deadRefreshCheck is the check the refresh token's report carries once
// the provider refused it for good, so the report does not read "passed"
// for a token no request can use.
func deadRefreshCheck(s *Snapshot) (check.Check, bool) {
	if !s.RefreshDead() {
		return check.Check{}, false
	}
	last, _ := s.lastRefreshOfTheseTokens()
	return check.Check{Name: "usable", Status: check.CheckFail,
		Reason: "the provider refused it at " + last.At.Local().Format("15:04:05") + " (invalid_grant: expired, revoked or already used): log in again"}, true
}
