package auth

import (
	"errors"
	"fmt"
	"net/http"
	"time"
)

// OAuthError is an error response from a token endpoint (RFC 6749 §5.2), or an
// HTTP failure status without a usable error body.
type OAuthError struct {
	Op          string // what was attempted: "refresh", "code exchange"
	Code        string // RFC 6749 "error", e.g. "invalid_grant"; empty when the body had none
	Description string // RFC 6749 "error_description", verbatim
	URI         string // RFC 6749 "error_uri"
	Status      int    // HTTP status code of the response
	// Latency is the time from sending the request to reading the answer
	// (zero when not measured).
	Latency time.Duration
}

// Error reads like "refresh: invalid_grant: Token is expired (HTTP 400)".
func (e *OAuthError) Error() string {
	msg := e.Code
	if msg == "" {
		msg = "token endpoint answered " + http.StatusText(e.Status)
		if e.Status == 0 {
			msg = "token endpoint gave an unusable answer"
		}
	}
	if e.Description != "" {
		msg += ": " + e.Description
	}
	if e.Status != 0 {
		msg += fmt.Sprintf(" (HTTP %d)", e.Status)
	}
	if e.Op != "" {
		msg = e.Op + ": " + msg
	}
	return msg
}

// TokensDead reports whether the provider said the presented grant can never
// work again, so the user has to log in again.
func (e *OAuthError) TokensDead() bool {
	return e.Code == "invalid_grant"
}

// Hint is a one-line explanation for people, or "" when the code speaks for itself.
func (e *OAuthError) Hint() string {
	switch {
	case e.Code == "invalid_grant" && e.Op == "refresh":
		return "the refresh token is expired, revoked or already used — log in again"
	case e.Code == "invalid_grant":
		return "the authorization code or PKCE verifier was refused — log in again"
	case e.Code == "invalid_client" || e.Code == "unauthorized_client":
		return "the provider refused the client credentials — check client_id, client secret and client authentication method"
	case e.Status >= 500:
		return "the provider had a server error — your tokens were kept; try again"
	}
	return ""
}

// NeedsLogin reports whether err says the refresh token is dead.
func NeedsLogin(err error) bool {
	var oe *OAuthError
	return errors.As(err, &oe) && oe.TokensDead()
}

// CallbackError is an error sent back to the loopback redirect by the
// authorization server (RFC 6749 §4.1.2.1), for example access_denied.
type CallbackError struct {
	Code        string
	Description string
	URI         string
}

// Error returns the provider's words verbatim.
func (e *CallbackError) Error() string {
	if e.Description == "" {
		return "login: " + e.Code
	}
	return "login: " + e.Code + ": " + e.Description
}

// OpenBrowserError says the browser could not be opened; URL is the
// authorization URL for the user to paste by hand.
type OpenBrowserError struct {
	URL string
	Err error
}

// Error includes the URL on purpose: it is what the user needs next.
func (e *OpenBrowserError) Error() string {
	return fmt.Sprintf("could not open a browser (%v); open this URL yourself: %s", e.Err, e.URL)
}

// Unwrap returns the opener's error.
func (e *OpenBrowserError) Unwrap() error { return e.Err }
