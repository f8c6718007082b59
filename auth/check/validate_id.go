package check

import (
	"slices"
	"time"
)

// The checks of an ID token (OpenID Connect Core §3.1.3.7).

// idToken applies OpenID Connect Core §3.1.3.7.
func (v *validation) idToken() {
	d, e := v.d, v.e
	v.issuer(true)
	if d.Subject == "" {
		v.add("sub", CheckFail, "no sub: an ID token must name the user")
	} else {
		v.add("sub", CheckPass, "%q", d.Subject)
	}
	switch {
	case len(d.Audience) == 0:
		v.add("aud", CheckFail, "no audience: an ID token's aud must contain the client id")
	case e.ClientID == "":
		v.add("aud", CheckUnknown, "%s; the client id is not known here", quoteList(d.Audience))
	case slices.Contains(d.Audience, e.ClientID) && len(d.Audience) > 1:
		v.add("aud", CheckFail, "%s contains the client id, but also audiences this client does not trust (OpenID Connect Core §3.1.3.7 point 3)", quoteList(d.Audience))
	case slices.Contains(d.Audience, e.ClientID):
		v.add("aud", CheckPass, "%s contains the client id", quoteList(d.Audience))
	default:
		v.add("aud", CheckFail, "%s does not contain the client id %q", quoteList(d.Audience), e.ClientID)
	}
	azp, hasAzp := d.Claim("azp")
	azpS, _ := azp.Value.(string)
	switch {
	case len(d.Audience) > 1 && !hasAzp:
		v.add("azp", CheckFail, "missing: with %d audiences the ID token must name the authorized party", len(d.Audience))
	case !hasAzp:
		v.add("azp", CheckNotApplicable, "one audience, no azp needed")
	case e.ClientID == "":
		v.add("azp", CheckUnknown, "%q; the client id is not known here", azpS)
	case azpS == e.ClientID:
		v.add("azp", CheckPass, "%q is the client id", azpS)
	default:
		v.add("azp", CheckFail, "%q is not the client id %q", azpS, e.ClientID)
	}
	nonce, hasNonce := d.Claim("nonce")
	nonceS, _ := nonce.Value.(string)
	switch {
	case e.Nonce == "" && hasNonce:
		v.add("nonce", CheckUnknown, "the token carries a nonce, but the one sent is not known here")
	case e.Nonce == "":
		v.add("nonce", CheckNotApplicable, "no nonce was sent")
	case !hasNonce:
		v.add("nonce", CheckFail, "missing, but the login sent one")
	case nonceS == e.Nonce:
		v.add("nonce", CheckPass, "equals the nonce this login sent")
	default:
		v.add("nonce", CheckFail, "%q is not the nonce this login sent (replayed or mixed-up response)", nonceS)
	}
	v.hashClaim("at_hash", "access token", e.AccessToken)
	v.hashClaim("c_hash", "authorization code", e.Code)
	switch {
	case !e.MaxAgeAsked && d.AuthTime.IsZero():
		v.add("auth_time", CheckNotApplicable, "max_age was not asked")
	case !d.AuthTime.IsZero():
		v.add("auth_time", CheckPass, "the user authenticated at %s", d.AuthTime.UTC().Format(time.RFC3339))
	default:
		v.add("auth_time", CheckFail, "missing, but the request asked for max_age")
	}
}

// hashClaim checks at_hash or c_hash (OpenID Connect Core §3.1.3.6, §3.3.2.11).
func (v *validation) hashClaim(name, what, value string) {
	f, ok := v.d.Claim(name)
	if !ok {
		v.add(name, CheckNotApplicable, "no %s claim (required only when the %s comes from the authorization endpoint)", name, what)
		return
	}
	got, _ := f.Value.(string)
	if value == "" {
		v.add(name, CheckUnknown, "the %s is not known here", what)
		return
	}
	want, err := AtHash(value, v.d.Alg)
	switch {
	case err != nil:
		v.add(name, CheckUnknown, "%v", err)
	case got == want:
		v.add(name, CheckPass, "matches the %s (%s)", what, hashName(v.d.Alg))
	default:
		v.add(name, CheckFail, "%q does not match the %s (expected %q, %s)", got, what, want, hashName(v.d.Alg))
	}
}
