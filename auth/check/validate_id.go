package check

import (
	"fmt"
	"slices"
	"strings"
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
	v.authTime()
	v.acr()
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
	if sig := v.e.Signature; v.d.Alg == "EdDSA" && sig != nil && sig.Key != nil && sig.Key.Curve == "Ed448" {
		err = fmt.Errorf("an Ed448 ID token's %s is a SHAKE256 hash, which this app does not compute", name)
	}
	switch {
	case err != nil:
		v.add(name, CheckUnknown, "%v", err)
	case got == want:
		v.add(name, CheckPass, "matches the %s (%s)", what, hashName(v.d.Alg))
	default:
		v.add(name, CheckFail, "%q does not match the %s (expected %q, %s)", got, what, want, hashName(v.d.Alg))
	}
}

// authTime checks auth_time against the max_age sent (OpenID Connect Core
// §3.1.2.1, §3.1.3.7 point 13): required then, and no older than max_age
// before the token was issued (its iat; the local clock without one).
func (v *validation) authTime() {
	d, e := v.d, v.e
	switch {
	case !e.MaxAgeAsked && d.AuthTime.IsZero():
		v.add("auth_time", CheckNotApplicable, "max_age was not asked")
	case d.AuthTime.IsZero():
		v.add("auth_time", CheckFail, "missing, but the request asked for max_age")
	case !e.MaxAgeAsked || e.MaxAge == nil:
		v.add("auth_time", CheckPass, "the user authenticated at %s", d.AuthTime.UTC().Format(time.RFC3339))
	default:
		ref, what := d.IssuedAt, "the token was issued"
		if ref.IsZero() {
			ref, what = e.Now, "now"
		}
		age := ref.Sub(d.AuthTime)
		if age > *e.MaxAge+e.Leeway {
			v.add("auth_time", CheckFail, "the user authenticated at %s, %s before %s; max_age %d s asked for a newer sign-in (the provider had to re-authenticate)",
				d.AuthTime.UTC().Format(time.RFC3339), age.Round(time.Second), what, int64(*e.MaxAge/time.Second))
			return
		}
		v.add("auth_time", CheckPass, "the user authenticated at %s, %s before %s: within max_age %d s",
			d.AuthTime.UTC().Format(time.RFC3339), age.Round(time.Second), what, int64(*e.MaxAge/time.Second))
	}
}

// checkACREssential names the acr check when the claims parameter made acr
// essential: a client MUST refuse an acr it did not allow then (OpenID
// Connect Core §5.5.1.1). acr_values alone are voluntary, so a missing or
// other acr is only a warning ("acr").
const checkACREssential = "acr (essential)"

// acr checks the ID token's acr against what the request asked.
func (v *validation) acr() {
	e := v.e
	f, has := v.d.Claim("acr")
	got, _ := f.Value.(string)
	if e.ACREssential {
		switch {
		case !has || got == "":
			v.add(checkACREssential, CheckFail, "missing, but the claims parameter asked for acr as essential")
		case len(e.ACREssentialValues) > 0 && !slices.Contains(e.ACREssentialValues, got):
			v.add(checkACREssential, CheckFail, "%q is none of the essential values %s asked for", got, quoteList(e.ACREssentialValues))
		default:
			v.add(checkACREssential, CheckPass, "%q, as the essential claim request asked", got)
		}
		return
	}
	switch {
	case len(e.ACRValues) == 0 && !has:
		v.add("acr", CheckNotApplicable, "acr_values was not asked")
	case len(e.ACRValues) == 0:
		v.add("acr", CheckPass, "%q (nothing was asked)", got)
	case !has:
		v.add("acr", CheckFail, "missing; acr_values %s was asked (voluntary: a warning, not a refusal)", strings.Join(e.ACRValues, " "))
	case !slices.Contains(e.ACRValues, got):
		v.add("acr", CheckFail, "%q is not among the acr_values %s asked (voluntary: a warning, not a refusal)", got, strings.Join(e.ACRValues, " "))
	default:
		v.add("acr", CheckPass, "%q is one of the acr_values asked", got)
	}
}
