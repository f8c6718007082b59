package history

import (
	"bytes"
	"errors"
	"strings"
	"time"

	"github.com/tokeninspector/tokeninspector/auth"

	"github.com/tokeninspector/tokeninspector/auth/jose"
)

// EventKind says what an Event records.
type EventKind string

// Event kinds.
const (
	EventLogin    EventKind = "login"
	EventRefresh  EventKind = "refresh"
	EventExchange EventKind = "exchange" // token exchange (RFC 8693)
	EventRevoke   EventKind = "revoke"   // revocation (RFC 7009)
	EventLogout   EventKind = "logout"   // RP-initiated logout
	// EventUseAnyway is the user taking tokens whose answer failed a check
	// a client must make (the login or refresh event before it records the failure).
	EventUseAnyway EventKind = "use anyway"
)

// Event is one login, refresh, exchange or revocation in a session's
// history, successful or not.
type Event struct {
	At   time.Time
	Kind EventKind
	Err  error // nil on success

	// AccessJTI and RefreshJTI are old → new, each the token's Ref: its
	// jti, or its Fingerprint when it has none ("" when there is no token).
	AccessJTI  [2]string
	RefreshJTI [2]string
	// RefreshRotated is true when the response carried a new refresh token.
	RefreshRotated bool
	// Changed lists the access token claims whose values changed, were added
	// or removed (order: new token's, then removed ones).
	Changed []string
	// HTTPStatus and Latency are the token endpoint's answer (zero when
	// none came, as for a network failure or a cancelled login).
	HTTPStatus int
	Latency    time.Duration
	// Set is what the step produced, as facts (claims and metadata, never
	// a token); nil when it failed.
	Set *SetFacts
}

// OK reports whether the event succeeded.
func (e Event) OK() bool { return e.Err == nil }

// ChangedClaims compares two decoded tokens claim by claim. The names are
// copies: a decoded token's names share one string with its whole payload,
// which a history entry would otherwise keep for a few short names.
func ChangedClaims(old, new jose.Decoded) []string {
	var out []string
	for _, f := range new.Claims {
		o, ok := old.Claim(f.Name)
		if !ok || !bytes.Equal(o.Raw, f.Raw) {
			out = append(out, strings.Clone(f.Name))
		}
	}
	for _, f := range old.Claims {
		if _, ok := new.Claim(f.Name); !ok {
			out = append(out, strings.Clone(f.Name))
		}
	}
	return out
}

// NewEvent describes the step from old (nil at a first login) to new; new
// is nil when the step failed with err.
func NewEvent(kind EventKind, at time.Time, old, new *auth.TokenSet, err error) Event {
	e := Event{At: at, Kind: kind, Err: err}
	if oe, ok := errors.AsType[*auth.OAuthError](err); ok {
		e.HTTPStatus, e.Latency = oe.Status, oe.Latency
	}
	if old != nil {
		e.AccessJTI[0], e.RefreshJTI[0] = ownRef(old.Access), ownRef(old.Refresh)
	}
	if new != nil {
		e.AccessJTI[1], e.RefreshJTI[1] = ownRef(new.Access), ownRef(new.Refresh)
		e.RefreshRotated = new.RefreshRotated
		e.HTTPStatus, e.Latency = new.HTTPStatus, new.Latency
		e.Set = FactsOfSet(new)
		for _, t := range []struct {
			f   *TokenFacts
			ref string
		}{{e.Set.Access, e.AccessJTI[1]}, {e.Set.Refresh, e.RefreshJTI[1]}} {
			if t.f != nil && t.f.Ref == t.ref {
				t.f.Ref = t.ref // one string for the event and its facts
			}
		}
		if old != nil {
			e.Changed = ChangedClaims(old.Access, new.Access)
		}
	}
	return e
}

// ownRef is d's Ref in a string of its own: a jti shares one string with
// the token's whole payload, which a history entry need not keep.
func ownRef(d jose.Decoded) string { return strings.Clone(d.Ref()) }
