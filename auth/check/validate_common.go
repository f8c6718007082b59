package check

import (
	"fmt"
	"strings"
	"time"
)

// The checks every JWT gets, whatever its kind: signature and header keys,
// clock skew and time claims, the issuer.

// signature adds the alg, signature, kid, key and header-key checks.
func (v *validation) signature() {
	d, sig := v.d, v.e.Signature
	switch {
	case d.HeaderErr != nil:
		v.add("alg", CheckUnknown, "the header cannot be decoded: %v", d.HeaderErr)
	case strings.EqualFold(d.Alg, "none"):
		v.add("alg", CheckFail, "alg none: the token is not signed, anyone could have written it")
	case d.Alg == "":
		v.add("alg", CheckFail, "the header has no alg")
	case v.e.Kind == KindID && v.e.RegisteredAlg != "" && d.Alg != v.e.RegisteredAlg:
		v.add("alg", CheckFail, "%s, but the client registered %s for ID tokens", d.Alg, v.e.RegisteredAlg)
	case v.e.Kind == KindID && v.e.RegisteredAlg != "":
		v.add("alg", CheckPass, "%s, as the client registered", d.Alg)
	default:
		v.add("alg", CheckPass, "%s", d.Alg)
	}

	switch {
	case sig == nil:
		v.add("signature", CheckUnknown, "not checked")
	case sig.Status != SigVerified && v.e.Kind == KindAccess && isOktaOrgIssuer(d.Issuer):
		v.add("signature", CheckUnknown, "%s", "Okta org authorization server access token: it is meant for Okta's own APIs, "+
			"and clients should not validate it (a custom authorization server, https://DOMAIN/oauth2/default, issues tokens for your APIs)")
	case sig.Status == SigVerified:
		v.add("signature", CheckPass, "%s%s", sig.Detail, keyOrigin(sig))
	case sig.Status == SigInvalid:
		v.add("signature", CheckFail, "%s%s", sig.Detail, keyOrigin(sig))
	case sig.Status == SigUnknownKey:
		v.add("signature", CheckFail, "%s%s", sig.Detail, keyOrigin(sig))
	default:
		v.add("signature", CheckUnknown, "%s", sig.Detail)
	}

	switch {
	case sig == nil || !strings.HasPrefix(sig.KeySource, "JWKS"):
		// kid only matters for a JWKS lookup
	case d.Kid == "":
		v.add("kid", CheckNotApplicable, "the token names no kid: every key of the JWKS was tried")
	case sig.Status == SigUnknownKey && sig.Refetched:
		v.add("kid", CheckFail, "key not published (rotated out?): %q is not in %s, even after fetching it again", d.Kid, strings.TrimPrefix(sig.KeySource, "JWKS "))
	case sig.Status == SigUnknownKey:
		v.add("kid", CheckFail, "%q is not in %s", d.Kid, strings.TrimPrefix(sig.KeySource, "JWKS "))
	case sig.Key != nil:
		v.add("kid", CheckPass, "%q is published in %s", d.Kid, strings.TrimPrefix(sig.KeySource, "JWKS "))
	}
	if sig != nil && sig.Key != nil {
		if ok, why := algFitsKey(d.Alg, *sig.Key); ok {
			v.add("key", CheckPass, "%s", why)
		} else {
			v.add("key", CheckFail, "%s", why)
		}
	}
	v.headerKeys()
}

// isOktaOrgIssuer reports whether iss is an Okta org authorization server
// (https://DOMAIN with no /oauth2/ path).
func isOktaOrgIssuer(iss string) bool {
	rest, ok := strings.CutPrefix(iss, "https://")
	if !ok {
		return false
	}
	host, path, _ := strings.Cut(rest, "/")
	return path == "" && (strings.HasSuffix(host, ".okta.com") || strings.HasSuffix(host, ".oktapreview.com"))
}

// keyOrigin says where the key came from, for the signature reason.
func keyOrigin(sig *Verification) string {
	if sig.KeySource == "" {
		return ""
	}
	return " (key from " + sig.KeySource + ")"
}

// algFitsKey checks alg against the JWK's kty, crv, use and alg (RFC 7517
// §4, RFC 7518 §3.1) and explains the answer.
func algFitsKey(alg string, k KeyInfo) (bool, string) {
	desc := "the " + k.Type + " key"
	if k.ID != "" {
		desc = fmt.Sprintf("key %q (%s)", k.ID, k.Type)
	}
	want := ""
	switch {
	case strings.HasPrefix(alg, "RS"), strings.HasPrefix(alg, "PS"):
		want = "RSA"
	case strings.HasPrefix(alg, "ES"):
		want = "EC"
	case alg == "EdDSA":
		want = "OKP"
	case strings.HasPrefix(alg, "HS"):
		want = "oct"
	}
	switch {
	case want == "":
		return false, fmt.Sprintf("no key can vouch for alg %s: %s signs only registered signature algorithms", alg, desc)
	case k.Type != want:
		return false, fmt.Sprintf("%s cannot sign %s, which needs a %s key", desc, alg, want)
	case k.Use != "" && k.Use != "sig":
		return false, fmt.Sprintf("%s is published for use %q, not for signatures", desc, k.Use)
	case k.Alg != "" && k.Alg != alg:
		return false, fmt.Sprintf("%s is published for %s only, but the token says %s", desc, k.Alg, alg)
	case want == "EC" && k.Curve != "" && k.Curve != map[string]string{"ES256": "P-256", "ES384": "P-384", "ES512": "P-521"}[alg]:
		return false, fmt.Sprintf("%s is on curve %s, which %s does not use", desc, k.Curve, alg)
	}
	detail := []string{"kty " + k.Type}
	if k.Use != "" {
		detail = append(detail, "use "+k.Use)
	}
	if k.Alg != "" {
		detail = append(detail, "alg "+k.Alg)
	}
	return true, fmt.Sprintf("%s allows %s (%s)", desc, alg, strings.Join(detail, ", "))
}

// headerKeys lists keys the header carries itself, which prove nothing.
func (v *validation) headerKeys() {
	for _, name := range []string{"jwk", "x5c", "jku", "x5u"} {
		if _, ok := v.d.HeaderField(name); !ok {
			continue
		}
		why := "anyone can put a key in a token's header and sign with it; only a key the issuer publishes (its JWKS) proves who signed"
		if name == "jku" || name == "x5u" {
			why = "the URL comes from the token itself, so whoever wrote the token chose it; keys are only taken from the issuer's metadata"
		}
		v.add("header "+name, CheckNotApplicable, "shown but never trusted: %s", why)
	}
}

// skew reports the provider's clock against the local one.
func (v *validation) skew() {
	s := v.e.Skew
	switch {
	case !s.Known:
		v.add("clock skew", CheckNotApplicable, "the provider's clock is unknown (no Date header seen)")
	case s.Significant(v.e.Leeway):
		v.add("clock skew", CheckFail, "the provider's clock is %s this machine's (Date header of %s): times below may be off by that much", s.Describe(), s.Source)
	default:
		v.add("clock skew", CheckPass, "the provider's clock is %s this machine's", s.Describe())
	}
}

// times checks exp, nbf and iat against the local clock and leeway.
func (v *validation) times() {
	d, now, leeway := v.d, v.e.Now, v.e.Leeway
	required := v.e.Kind == KindID || (v.e.Kind == KindAccess && v.isJWTAccessToken())
	switch {
	case d.ExpiresAt.IsZero() && required:
		v.add("exp", CheckFail, "no exp: the token must say when it expires")
	case d.ExpiresAt.IsZero():
		v.add("exp", CheckNotApplicable, "no exp claim")
	case !d.ExpiresAt.Add(leeway).After(now):
		v.add("exp", CheckFail, "expired %s ago (%s)%s", roundAgo(now.Sub(d.ExpiresAt)), d.ExpiresAt.UTC().Format(time.RFC3339), v.skewNote(d.ExpiresAt, true))
	case !d.ExpiresAt.After(now):
		v.add("exp", CheckPass, "expired %s ago, within the allowed clock difference of %s", roundAgo(now.Sub(d.ExpiresAt)), leeway)
	default:
		v.add("exp", CheckPass, "valid for %s more (until %s)", roundAgo(d.ExpiresAt.Sub(now)), d.ExpiresAt.UTC().Format(time.RFC3339))
	}
	if !d.NotBefore.IsZero() {
		if d.NotBefore.After(now.Add(leeway)) {
			v.add("nbf", CheckFail, "not yet valid: nbf is %s from now%s", roundAgo(d.NotBefore.Sub(now)), v.skewNote(d.NotBefore, false))
		} else {
			v.add("nbf", CheckPass, "valid since %s", d.NotBefore.UTC().Format(time.RFC3339))
		}
	}
	switch {
	case d.IssuedAt.IsZero() && required:
		v.add("iat", CheckFail, "no iat: the token must say when it was issued")
	case d.IssuedAt.IsZero():
	case d.IssuedAt.After(now.Add(leeway)):
		v.add("iat", CheckFail, "issued in the future: iat is %s ahead of this machine's clock (allowed: %s)%s", roundAgo(d.IssuedAt.Sub(now)), leeway, v.skewNote(d.IssuedAt, false))
	case d.IssuedAt.After(now):
		v.add("iat", CheckPass, "issued %s ahead of this machine's clock, within the allowed %s", roundAgo(d.IssuedAt.Sub(now)), leeway)
	default:
		v.add("iat", CheckPass, "issued %s ago", roundAgo(now.Sub(d.IssuedAt)))
	}
}

// skewNote explains a time failure by the provider's clock, when it is
// off by more than the leeway.
func (v *validation) skewNote(t time.Time, expired bool) string {
	s := v.e.Skew
	if !s.Known || !s.Significant(v.e.Leeway) {
		return ""
	}
	providerNow := v.e.Now.Add(s.Offset)
	switch {
	case expired && t.After(providerNow):
		return fmt.Sprintf("; by the provider's clock (%s this machine's) it is still valid: fix this machine's clock", s.Describe())
	case !expired && !t.After(providerNow.Add(v.e.Leeway)):
		return fmt.Sprintf("; by the provider's clock (%s this machine's) it is already valid: fix this machine's clock", s.Describe())
	}
	return fmt.Sprintf("; the provider's clock is %s this machine's", s.Describe())
}

// issuer checks iss against the expected issuer.
func (v *validation) issuer(required bool) {
	iss, want := v.d.Issuer, v.e.Issuer
	_, has := v.d.Claim("iss")
	switch {
	case !has && required:
		v.add("iss", CheckFail, "no iss claim")
	case !has:
	case want == "":
		v.add("iss", CheckUnknown, "%q; the provider's issuer is not known here", iss)
	case iss == want:
		v.add("iss", CheckPass, "%q is the provider's issuer", iss)
	default:
		v.add("iss", CheckFail, "%q is not the provider's issuer %q", iss, want)
	}
}
