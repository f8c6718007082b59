package check

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/tokeninspector/tokeninspector/auth"

	"github.com/tokeninspector/tokeninspector/auth/jose"
)

// CheckStatus is the outcome of one validation check.
type CheckStatus string

const (
	// CheckPass means the token satisfies the rule.
	CheckPass CheckStatus = "pass"
	// CheckFail means the token breaks the rule.
	CheckFail CheckStatus = "fail"
	// CheckNotApplicable means the rule does not apply to this token.
	CheckNotApplicable CheckStatus = "not applicable"
	// CheckUnknown means the rule applies but could not be checked, for
	// want of a key, the value sent, or a readable token.
	CheckUnknown CheckStatus = "could not check"
)

// Check is one line of a validation report.
type Check struct {
	// Name is short and stable, such as "signature", "aud" or "at_hash".
	Name   string      `json:"name"`
	Status CheckStatus `json:"status"`
	// Reason is one sentence explaining the status.
	Reason string `json:"reason"`
}

// TokenKind tells Validate which rules apply.
type TokenKind string

// Token kinds of a token set, and a token pasted without context.
const (
	KindAccess  TokenKind = "access"
	KindID      TokenKind = "id"
	KindRefresh TokenKind = "refresh"
	KindPasted  TokenKind = "token"
)

// DefaultLeeway is the clock difference tolerated for exp, nbf and iat,
// and the provider clock skew above which the report points it out.
const DefaultLeeway = 30 * time.Second

// Expect is what Validate compares a token with. Zero fields mean
// "unknown": the checks that need them say they could not check.
type Expect struct {
	// Kind selects the rules: ID token rules (OpenID Connect Core
	// §3.1.3.7), RFC 9068 for JWT access tokens, or only the common ones.
	Kind TokenKind
	// Issuer is the issuer from discovery (or the profile).
	Issuer string
	// ClientID is the client the tokens were issued to.
	ClientID string
	// Nonce is the nonce sent in the authorization request ("" = none sent).
	Nonce string
	// AccessToken and Code are the access token and authorization code of
	// the same response, for at_hash and c_hash.
	AccessToken, Code string
	// MaxAgeAsked is true when the authorization request had max_age, so
	// auth_time is required.
	MaxAgeAsked bool
	// RegisteredAlg is the client's id_token_signed_response_alg, when known.
	RegisteredAlg string
	// AccessTokenJWT is true when the profile says its access tokens are
	// RFC 9068 JWTs even without typ at+jwt.
	AccessTokenJWT bool
	// Audience, when set, must be in an access token's aud (the resource).
	Audience string
	// Now is the local clock; Leeway the tolerated difference (0 means
	// DefaultLeeway).
	Now    time.Time
	Leeway time.Duration
	// Skew is the provider's clock measured against the local one.
	Skew auth.ClockSkew
	// Signature is the result of checking the signature; nil when it was
	// not attempted.
	Signature *Verification
	// Introspectable is true when the profile has an introspection
	// endpoint, so an opaque token can be introspected.
	Introspectable bool
}

// Report is the validation report of one token: every check, in the
// order a reader should see them.
type Report struct {
	Kind   TokenKind `json:"kind"`
	Checks []Check   `json:"checks"`
	sig    *Verification
}

// Signature is the signature result the report was computed with (nil
// when none was attempted).
func (r Report) Signature() *Verification { return r.sig }

// Failed reports whether any check failed.
func (r Report) Failed() bool {
	return slices.ContainsFunc(r.Checks, func(c Check) bool { return c.Status == CheckFail })
}

// Check returns the check called name.
func (r Report) Check(name string) (Check, bool) {
	for _, c := range r.Checks {
		if c.Name == name {
			return c, true
		}
	}
	return Check{}, false
}

// Validate checks d against e and explains every outcome. It never
// fetches anything: the signature result comes in e.Signature (see
// Verifier.Verify and VerifyPasted) and the clock skew in e.Skew.
func Validate(d jose.Decoded, e Expect) Report {
	if e.Now.IsZero() {
		e.Now = time.Now()
	}
	if e.Leeway <= 0 {
		e.Leeway = DefaultLeeway
	}
	v := validation{d: d, e: e, r: Report{Kind: e.Kind, sig: e.Signature}}
	switch {
	case d.Format == jose.FormatEmpty:
		v.add("format", CheckUnknown, "no token")
		return v.r
	case d.Format == jose.FormatOpaque:
		reason := "not a JWT — introspect it: an opaque token means something only to the server that issued it"
		if e.Introspectable {
			reason += " (Introspect asks the provider's introspection endpoint)"
		} else {
			reason += " (this profile has no introspection endpoint)"
		}
		v.add("format", CheckUnknown, "%s", reason)
		return v.r
	case strings.Count(d.Raw, ".") == 4:
		v.add("format", CheckUnknown, "encrypted (JWE): decrypt it with the recipient's key to check the token inside")
		return v.r
	}
	v.signature()
	v.skew()
	v.times()
	switch {
	case e.Kind == KindID:
		v.idToken()
	case e.Kind == KindAccess && v.isJWTAccessToken():
		v.jwtAccessToken()
	case e.Kind == KindAccess:
		v.add("profile", CheckNotApplicable, "not an RFC 9068 access token (typ is not at+jwt and the profile does not say so): only the common checks apply")
		v.issuer(false)
	default:
		v.issuer(false)
	}
	return v.r
}

// validation accumulates the checks of one Validate call.
type validation struct {
	d jose.Decoded
	e Expect
	r Report
}

func (v *validation) add(name string, s CheckStatus, format string, args ...any) {
	v.r.Checks = append(v.r.Checks, Check{Name: name, Status: s, Reason: fmt.Sprintf(format, args...)})
}

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

// isJWTAccessToken reports whether RFC 9068 applies.
func (v *validation) isJWTAccessToken() bool {
	typ := strings.ToLower(v.d.Typ)
	return typ == "at+jwt" || typ == "application/at+jwt" || v.e.AccessTokenJWT
}

// jwtAccessToken applies RFC 9068 §2.2 and §4.
func (v *validation) jwtAccessToken() {
	d, e := v.d, v.e
	if t := strings.ToLower(d.Typ); t == "at+jwt" || t == "application/at+jwt" {
		v.add("typ", CheckPass, "%q: an RFC 9068 access token", d.Typ)
	} else {
		v.add("typ", CheckFail, "%q; RFC 9068 access tokens carry typ at+jwt (the profile says this is one)", d.Typ)
	}
	v.issuer(true)
	switch {
	case len(d.Audience) == 0:
		v.add("aud", CheckFail, "no audience: RFC 9068 requires aud (the resource the token is for)")
	case e.Audience == "":
		v.add("aud", CheckPass, "%s", quoteList(d.Audience))
	case slices.Contains(d.Audience, e.Audience):
		v.add("aud", CheckPass, "%s contains %q", quoteList(d.Audience), e.Audience)
	default:
		v.add("aud", CheckFail, "%s does not contain the resource %q", quoteList(d.Audience), e.Audience)
	}
	for _, name := range []string{"sub", "client_id", "jti"} {
		f, ok := d.Claim(name)
		s, isString := f.Value.(string)
		switch {
		case !ok:
			v.add(name, CheckFail, "missing: RFC 9068 §2.2 requires it")
		case !isString:
			v.add(name, CheckFail, "not a string")
		case name == "client_id" && e.ClientID != "" && s != e.ClientID:
			v.add(name, CheckFail, "%q is not the client id %q", s, e.ClientID)
		default:
			v.add(name, CheckPass, "%q", s)
		}
	}
	if f, ok := d.Claim("scope"); ok {
		v.add("scope", CheckPass, "%s", f.Raw)
	} else {
		v.add("scope", CheckFail, "missing: RFC 9068 §2.2.3 asks for the granted scopes when the request had a scope")
	}
}

func quoteList(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = fmt.Sprintf("%q", s)
	}
	return "[" + strings.Join(q, ", ") + "]"
}

// roundAgo rounds a duration for a reason sentence.
func roundAgo(d time.Duration) string {
	d = d.Abs()
	if d < 48*time.Hour {
		return d.Round(time.Second).String()
	}
	return fmt.Sprintf("%d days", int(d.Hours()/24))
}
