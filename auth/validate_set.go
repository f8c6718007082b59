package auth

import (
	"context"
	"slices"
)

// LoginFacts are what the authorization request sent that the ID token
// must echo. They stay in memory with the token set and are never printed.
type LoginFacts struct {
	// Nonce is the nonce of the authorization request ("" = none sent).
	Nonce string
	// Code is the authorization code the tokens were exchanged for (already
	// redeemed, so useless to anyone), for c_hash.
	Code string
	// MaxAgeAsked is true when the request had max_age.
	MaxAgeAsked bool
}

// SetValidation is the validation report of each token of a token set.
type SetValidation struct {
	Access, Refresh, ID Report
}

// Expect returns what a token of the given kind from this provider is
// checked against: the discovery issuer, the client id, the clock and its
// skew, and the profile's RFC 9068 and ID token alg settings.
func (pr *Provider) Expect(kind TokenKind) Expect {
	p, ep := pr.profile, pr.endpoints
	e := Expect{
		Kind:           kind,
		Issuer:         ep.Issuer,
		ClientID:       p.ClientID,
		MaxAgeAsked:    p.AuthParams["max_age"] != "",
		RegisteredAlg:  p.IDTokenAlg,
		AccessTokenJWT: p.AccessTokenJWT,
		Audience:       firstNonEmpty(p.AuthParams["resource"], p.AuthParams["audience"]),
		Now:            pr.env.Now(),
		Skew:           ep.Skew,
		Introspectable: ep.IntrospectionURL != "",
	}
	if e.RegisteredAlg == "" && len(ep.IDTokenAlgs) == 1 {
		// A provider that supports one alg can only have registered that one.
		e.RegisteredAlg = ep.IDTokenAlgs[0]
	}
	return e
}

// ValidateSet checks every token of ts: its signature against the
// provider's JWKS (fetched again once for an unknown kid), then the rules
// of its kind. The nonce and code come from ts.Sent, which only a login
// sets: a refreshed ID token carries no nonce of its own (OpenID Connect
// Core §12.2).
func (pr *Provider) ValidateSet(ctx context.Context, ts *TokenSet) SetValidation {
	facts := ts.Sent
	check := func(kind TokenKind, raw string, d Decoded) Report {
		if raw == "" {
			return Report{Kind: kind}
		}
		e := pr.Expect(kind)
		e.AccessToken = ts.AccessToken
		if ts.Skew.Known {
			e.Skew = ts.Skew // the freshest reading, and the only one without discovery
		}
		if kind == KindID && ts.IDKept {
			// The login's ID token, kept over a refresh: its at_hash is that
			// of the login's access token, which is gone.
			e.AccessToken = ""
		}
		if facts != nil && kind == KindID {
			e.Nonce, e.Code = facts.Nonce, facts.Code
			e.MaxAgeAsked = e.MaxAgeAsked || facts.MaxAgeAsked
		}
		if d.IsJWT() {
			v := pr.verifier.Verify(ctx, d)
			e.Signature = &v
		}
		return Validate(d, e)
	}
	return SetValidation{
		Access:  check(KindAccess, ts.AccessToken, ts.Access),
		Refresh: check(KindRefresh, ts.RefreshToken, ts.Refresh),
		ID:      check(KindID, ts.IDToken, ts.ID),
	}
}

func firstNonEmpty(ss ...string) string {
	if i := slices.IndexFunc(ss, func(s string) bool { return s != "" }); i >= 0 {
		return ss[i]
	}
	return ""
}
