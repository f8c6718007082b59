package oidc

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptrace"
	"sync"
	"sync/atomic"
	"time"

	"github.com/tokeninspector/tokeninspector/auth"
)

// UnansweredError is a request to a provider endpoint that got no usable
// answer from the network: a timeout, a reset, a connection refused or
// closed. Sent tells whether the request had been written in full, so
// whether the provider may have acted on it.
//
// The policy for a refresh that was cut off after it was sent (documented
// in SECURITY.md): the provider may have rotated the refresh token without
// our receiving the new one. The tokens are kept; MaybeConsumed reports
// such an error so that no automatic retry resends the token silently; the
// message tells the user. A refresh the user then asks for resends it once:
// if the provider had used it, its refusal is reported as exactly that
// (*ConsumedRefreshError) and the user logs in again; otherwise the
// refresh just works.
type UnansweredError struct {
	Op   string // "refresh", "code exchange"
	What string // "the token endpoint"
	// Sent is true when the whole request had been written before the failure.
	Sent bool
	// Timeout is the client's timeout when the failure was one, else 0.
	Timeout time.Duration
	// RefreshToken is true when the request presented a refresh token.
	RefreshToken bool
	Err          error
}

// Error names the step, what happened and, for a refresh cut off after it
// was sent, what that means for the refresh token.
func (e *UnansweredError) Error() string {
	var msg string
	switch {
	case errors.Is(e.Err, context.Canceled) && e.Sent:
		msg = fmt.Sprintf("%s: cancelled after the request was sent to %s", e.Op, e.What)
	case errors.Is(e.Err, context.Canceled):
		msg = fmt.Sprintf("%s: cancelled", e.Op)
	case e.Timeout > 0:
		msg = fmt.Sprintf("%s: %s did not answer within %s", e.Op, e.What, e.Timeout)
	case e.Sent:
		msg = fmt.Sprintf("%s: the connection to %s broke after the request was sent, before the whole answer arrived (%v)", e.Op, e.What, e.Err)
	default: // the cause in words and the next step (auth.ExplainNetwork)
		msg = fmt.Sprintf("%s: %s could not be reached: %v", e.Op, e.What, auth.ExplainNetwork(e.Err))
	}
	if e.Sent && e.RefreshToken {
		msg += "; the provider may have used up the refresh token without our getting the new one: the tokens are kept and nothing is resent on its own; Refresh tries once more, and if the provider had used the token it will say so, then log in again"
	}
	return msg
}

// Unwrap returns the network error.
func (e *UnansweredError) Unwrap() error { return e.Err }

// MaybeConsumed reports whether err is a refresh that failed after its
// request was sent: the refresh token may be used up, so it must not be
// resent without telling the user.
func MaybeConsumed(err error) bool {
	var ue *UnansweredError
	return errors.As(err, &ue) && ue.Sent && ue.RefreshToken
}

// ConsumedRefreshError is the provider refusing a refresh token that an
// earlier refresh, cut off after it was sent, had already used (rotated).
type ConsumedRefreshError struct {
	Err *auth.OAuthError
}

// Error says what the provider said and why.
func (e *ConsumedRefreshError) Error() string {
	return e.Err.Error() + " — the provider had already used this refresh token in the refresh that was cut off after it was sent, so the new one was lost; log in again"
}

// Unwrap returns the provider's error, so NeedsLogin holds.
func (e *ConsumedRefreshError) Unwrap() error { return e.Err }

// traceSent returns req with a trace that sets sent once the whole request
// has been written to a connection.
func traceSent(req *http.Request, sent *atomic.Bool) *http.Request {
	return req.WithContext(httptrace.WithClientTrace(req.Context(), &httptrace.ClientTrace{
		WroteRequest: func(info httptrace.WroteRequestInfo) {
			if info.Err == nil {
				sent.Store(true)
			}
		},
	}))
}

// uncertainRefreshes remembers (as SHA-256 hashes) the refresh tokens whose
// refresh was cut off after it was sent, to explain a later refusal.
type uncertainRefreshes struct {
	mu   sync.Mutex
	seen map[[sha256.Size]byte]bool
}

// note records the outcome of a refresh with token: err is what Token
// returns. It returns err, explained when the provider refused a token an
// interrupted refresh had sent.
func (u *uncertainRefreshes) note(token string, err error) error {
	if token == "" {
		return err
	}
	key := sha256.Sum256([]byte(token))
	u.mu.Lock()
	defer u.mu.Unlock()
	var ue *UnansweredError
	var oe *auth.OAuthError
	switch {
	case err == nil:
		delete(u.seen, key)
	case errors.As(err, &ue):
		ue.RefreshToken = true
		if ue.Sent {
			if u.seen == nil {
				u.seen = map[[sha256.Size]byte]bool{}
			}
			u.seen[key] = true
		}
	case errors.As(err, &oe) && oe.TokensDead() && u.seen[key]:
		delete(u.seen, key)
		return &ConsumedRefreshError{Err: oe}
	}
	return err
}
