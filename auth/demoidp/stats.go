package demoidp

import (
	"net/http"
	"sync"
	"sync/atomic"
)

// Stats is a snapshot of the server's counters, returned by [Server.Stats].
type Stats struct {
	// DiscoveryRequests counts GET /.well-known/openid-configuration.
	DiscoveryRequests int64
	// JWKSRequests counts GET /jwks.json.
	JWKSRequests int64
	// AuthorizeRequests counts GET /authorize.
	AuthorizeRequests int64
	// Approvals counts authorization codes issued (sign-in or AutoApprove).
	Approvals int64
	// Denials counts sign-in requests the user denied.
	Denials int64
	// TokenRequests counts every POST /token, including failed ones.
	TokenRequests int64
	// AuthorizationCodeGrants counts successful authorization_code grants.
	AuthorizationCodeGrants int64
	// RefreshGrants counts successful refresh_token grants.
	RefreshGrants int64
	// RejectedCodes counts failed authorization_code grants.
	RejectedCodes int64
	// RejectedRefreshes counts failed refresh_token grants.
	RejectedRefreshes int64
	// CodeReuses counts second uses of an authorization code.
	CodeReuses int64
	// RefreshReuses counts presentations of an already-rotated refresh token.
	RefreshReuses int64
	// FamiliesRevoked counts token families revoked, by reuse detection or
	// by revocation of a refresh token.
	FamiliesRevoked int64
	// ClientAuthFailures counts failed client authentications at /token,
	// /revoke and /introspect.
	ClientAuthFailures int64
	// InjectedFailures counts token requests failed because of FailNext.
	InjectedFailures int64
	// RevocationRequests counts POST /revoke.
	RevocationRequests int64
	// IntrospectionRequests counts POST /introspect.
	IntrospectionRequests int64
	// UserinfoRequests counts GET and POST /userinfo.
	UserinfoRequests int64
}

// counters holds the live values behind Stats.
type counters struct {
	discovery, jwks, authorize, approvals, denials          atomic.Int64
	token, codeGrants, refreshGrants                        atomic.Int64
	rejectedCodes, rejectedRefreshes                        atomic.Int64
	codeReuses, refreshReuses, clientAuthFailures           atomic.Int64
	injectedFailures, revocations, introspections, userinfo atomic.Int64
}

// Stats returns a snapshot of the server's counters. Counters are read one
// by one, so a snapshot taken during traffic is not atomic as a whole.
func (s *Server) Stats() Stats {
	c := &s.stats
	return Stats{
		DiscoveryRequests:       c.discovery.Load(),
		JWKSRequests:            c.jwks.Load(),
		AuthorizeRequests:       c.authorize.Load(),
		Approvals:               c.approvals.Load(),
		Denials:                 c.denials.Load(),
		TokenRequests:           c.token.Load(),
		AuthorizationCodeGrants: c.codeGrants.Load(),
		RefreshGrants:           c.refreshGrants.Load(),
		RejectedCodes:           c.rejectedCodes.Load(),
		RejectedRefreshes:       c.rejectedRefreshes.Load(),
		CodeReuses:              c.codeReuses.Load(),
		RefreshReuses:           c.refreshReuses.Load(),
		FamiliesRevoked:         s.store.familiesRevoked(),
		ClientAuthFailures:      c.clientAuthFailures.Load(),
		InjectedFailures:        c.injectedFailures.Load(),
		RevocationRequests:      c.revocations.Load(),
		IntrospectionRequests:   c.introspections.Load(),
		UserinfoRequests:        c.userinfo.Load(),
	}
}

// faults holds the failures injected by FailNext.
type faults struct {
	mu        sync.Mutex // guards remaining, status
	remaining int
	status    int
}

// FailNext makes the next n token requests fail with the given HTTP status
// and an RFC 6749 §5.2 error body (error "temporarily_unavailable" for 429
// and 503, "server_error" for other 5xx, "invalid_request" otherwise). It
// replaces any failures still pending; n <= 0 cancels them. A status
// outside 400-599 is treated as 503.
func (s *Server) FailNext(n int, status int) {
	if status < 400 || status > 599 {
		status = http.StatusServiceUnavailable
	}
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	s.faults.remaining = max(n, 0)
	s.faults.status = status
}

// take consumes one injected failure, if any is pending.
func (f *faults) take() (*oauthError, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.remaining == 0 {
		return nil, false
	}
	f.remaining--
	code := "invalid_request"
	switch {
	case f.status == http.StatusTooManyRequests || f.status == http.StatusServiceUnavailable:
		code = "temporarily_unavailable"
	case f.status >= 500:
		code = "server_error"
	}
	return &oauthError{Code: code, Description: "injected failure (FailNext)", status: f.status}, true
}
