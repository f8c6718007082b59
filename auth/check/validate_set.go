package check

import (
	"cmp"
	"time"

	"github.com/tokeninspector/tokeninspector/auth/discovery"

	"github.com/tokeninspector/tokeninspector/auth"

	"github.com/tokeninspector/tokeninspector/auth/jose"
)

// SetValidation is the validation report of each token of a token set.
type SetValidation struct {
	Access, Refresh, ID Report
	// FAPI2 are the FAPI 2.0 Security Profile checks (fapi2.go), for a
	// profile that asks for them; nil otherwise.
	FAPI2 []Check
}

// ExpectFor returns what a token of the given kind is checked against for
// profile p with resolved endpoints ep at now: the discovery issuer, the
// client id, the clock skew read at discovery, and the profile's RFC 9068,
// ID token alg, max_age and resource settings.
func ExpectFor(p auth.Profile, ep discovery.Resolved, kind TokenKind, now time.Time) Expect {
	e := Expect{
		Kind:           kind,
		Issuer:         ep.Issuer,
		ClientID:       p.ClientID,
		RegisteredAlg:  p.IDTokenAlg,
		AccessTokenJWT: p.AccessTokenJWT,
		Audience:       cmp.Or(p.AuthParams["resource"], p.AuthParams["audience"]),
		Resources:      p.Resources,
		Now:            now,
		Skew:           ep.Skew,
		Introspectable: ep.IntrospectionURL != "",
	}
	if secs, ok := p.RequestedMaxAge(); ok {
		e.MaxAgeAsked = true
		if n, err := auth.ParseMaxAge(p.AuthorizationParams().Get("max_age")); err == nil && n != nil {
			d := time.Duration(secs) * time.Second
			e.MaxAge = &d
		}
	}
	e.ACRValues, e.ACREssential, e.ACREssentialValues = p.RequestedACR()
	if e.RegisteredAlg == "" && len(ep.IDTokenAlgs) == 1 {
		// A provider that supports one alg can only have registered that one.
		e.RegisteredAlg = ep.IDTokenAlgs[0]
	}
	return e
}

// ValidateTokens is the validation report of each token of ts, given the
// signature results already known (by the token's raw text, as the
// workspace snapshot's Signatures holds them; a missing one reads "not
// checked"). It does no I/O, so a view can call it whenever it draws. The
// nonce and code come from ts.Sent, which only a login sets (an ID token
// kept over a refresh keeps its login's); a new ID token from a refresh
// carries no nonce of its own (OpenID Connect Core §12.2).
func ValidateTokens(p auth.Profile, ep discovery.Resolved, ts *auth.TokenSet, sigs map[string]Verification, now time.Time) SetValidation {
	facts := ts.Sent
	check := func(kind TokenKind, raw string, d jose.Decoded) Report {
		if raw == "" {
			return Report{Kind: kind}
		}
		e := ExpectFor(p, ep, kind, now)
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
		if facts == nil && kind == KindID {
			// max_age bounds the sign-in of the login that asked for it; a
			// refreshed ID token keeps that auth_time with a later iat
			// (its continuity is checked instead, OpenID Connect Core §12.2).
			e.MaxAge = nil
		}
		if v, ok := sigs[d.Raw]; ok && d.IsJWT() {
			e.Signature = &v
		}
		return Validate(d, e)
	}
	v := SetValidation{
		Access:  check(KindAccess, ts.AccessToken, ts.Access),
		Refresh: check(KindRefresh, ts.RefreshToken, ts.Refresh),
		ID:      check(KindID, ts.IDToken, ts.ID),
	}
	if c, ok := certBindingCheck(ts); ok && ts.AccessToken != "" {
		v.Access.Checks = append(v.Access.Checks, c)
	}
	if ts.IDToken != "" && !ts.IDKept {
		v.ID.Checks = append(v.ID.Checks, Continuity(ts.PreviousID, ts.ID)...)
	}
	if p.FAPI2() {
		v.FAPI2 = FAPI2(p.WithSecurityProfile(), ep, ts)
	}
	return v
}
