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
	// MaxAge is the max_age sent, when MaxAgeAsked and known: auth_time
	// must then be at most MaxAge before the ID token's iat.
	MaxAge *time.Duration
	// ACRValues are the acr_values sent (voluntary); ACREssential is true
	// when the claims parameter made acr essential, ACREssentialValues the
	// values it then allows (OpenID Connect Core §3.1.2.1, §5.5.1.1).
	ACRValues          []string
	ACREssential       bool
	ACREssentialValues []string
	// RegisteredAlg is the client's id_token_signed_response_alg, when known.
	RegisteredAlg string
	// AccessTokenJWT is true when the profile says its access tokens are
	// RFC 9068 JWTs even without typ at+jwt.
	AccessTokenJWT bool
	// Audience, when set, must be in an access token's aud (the resource).
	Audience string
	// Resources are the RFC 8707 resource indicators the token was asked
	// for; an access token's aud should name one of them.
	Resources []string
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
	v.size()
	v.signature()
	v.skew()
	v.times()
	switch {
	case e.Kind == KindID:
		v.idToken()
	case e.Kind == KindAccess && v.isJWTAccessToken():
		v.jwtAccessToken()
		v.resource()
	case e.Kind == KindAccess:
		v.add("profile", CheckNotApplicable, "not an RFC 9068 access token (typ is not at+jwt and the profile does not say so): only the common checks apply")
		v.issuer(false)
		v.resource()
	default:
		v.issuer(false)
	}
	return v.r
}

// MaxHeaderTokenBytes is the longest token most servers take in an
// Authorization header: nginx's and Apache's request header lines stop at
// 8 KiB by default.
const MaxHeaderTokenBytes = 8 << 10

// size fails a token too long to travel in a request header; a token that
// fits adds no check (most do, and the report stays as short as it was).
func (v *validation) size() {
	if n := len(v.d.Raw); n > MaxHeaderTokenBytes {
		v.add("size", CheckFail, "%d bytes: longer than the %d bytes most servers take in a request header (nginx, Apache); an API should refuse it before parsing it (431 or 400)", n, MaxHeaderTokenBytes)
	}
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
