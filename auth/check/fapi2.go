package check

import (
	"slices"
	"strings"

	"github.com/tokeninspector/tokeninspector/auth"
	"github.com/tokeninspector/tokeninspector/auth/discovery"
)

// FAPI 2.0 Security Profile clauses the checks name.
const (
	fapiClientClause = "FAPI 2.0 Security Profile §5.3 (clients)"
	fapiCryptoClause = "FAPI 2.0 Security Profile §5.4 (cryptography)"
)

// FAPI2 checks a token set against the FAPI 2.0 Security Profile, for a
// profile that asks for it (p with WithSecurityProfile applied): each rule
// one check, its reason naming the clause. A login's set is checked for
// the request it made (PAR, PKCE, client authentication, DPoP, iss) and
// its ID token's algorithm; a refreshed set for the refresh token's
// rotation.
func FAPI2(p auth.Profile, ep discovery.Resolved, ts *auth.TokenSet) []Check {
	login := ts.Sent != nil
	var out []Check
	add := func(name string, ok bool, clause, pass, fail string) {
		c := Check{Name: "fapi2 " + name, Status: CheckPass, Reason: clause + ": " + pass}
		if !ok {
			c.Status, c.Reason = CheckFail, clause+": "+fail
		}
		out = append(out, c)
	}
	na := func(name, reason string) {
		out = append(out, Check{Name: "fapi2 " + name, Status: CheckNotApplicable, Reason: reason})
	}
	if login {
		add("par", p.PAR == auth.PAROn && ep.PARURL != "", fapiClientClause,
			"the authorization request was pushed (RFC 9126)",
			"authorization requests must be pushed (RFC 9126), but the provider lists no pushed_authorization_request_endpoint")
		if ep.Issuer == "" {
			out = append(out, Check{Name: "fapi2 pkce", Status: CheckUnknown, Reason: fapiClientClause + ": PKCE S256 was sent, but without discovery the provider's support is unknown"})
		} else {
			add("pkce", slices.Contains(ep.CodeChallengeMethods, "S256"), fapiClientClause,
				"PKCE with S256 was sent, and the provider lists S256 (RFC 7636)",
				"PKCE with S256 was sent, but the provider does not list S256 in code_challenge_methods_supported")
		}
		switch m := p.Auth(); {
		case m.UsesCertificate():
			add("client authentication", ts.CertThumbprint != "", fapiClientClause,
				"the client authenticated with its TLS certificate ("+string(m)+", RFC 8705)",
				"the client must authenticate with its TLS certificate ("+string(m)+"), but none was presented")
		default:
			add("client authentication", m == auth.AuthPrivateKeyJWT && ts.ClientAssertion != nil, fapiClientClause,
				"the client authenticated with private_key_jwt",
				"the client must authenticate with private_key_jwt (or mTLS), but sent no client assertion")
		}
		if a := ts.ClientAssertion; a != nil {
			add("assertion aud", len(a.Audience) == 1 && strings.TrimSuffix(a.Audience[0], "/") == strings.TrimSuffix(ep.Issuer, "/"), fapiClientClause,
				"the client assertion's aud is the issuer",
				"the client assertion's aud must be the issuer "+ep.Issuer+", not "+strings.Join(a.Audience, " "))
			add("assertion alg", slices.Contains(auth.FAPI2Algs, a.Alg), fapiCryptoClause,
				"the client assertion is signed with "+a.Alg,
				"the client assertion is signed with "+a.Alg+"; only PS256, ES256 or EdDSA are allowed")
		}
		add("iss parameter", ep.IssParameter, fapiClientClause,
			"the provider sends iss in the authorization response (RFC 9207), and it was checked",
			"the provider does not list authorization_response_iss_parameter_supported (RFC 9207): the mix-up defence FAPI 2.0 requires is missing")
	}
	bind := CertBinding(ts.Access, ts.CertThumbprint)
	switch {
	case ts.DPoP != nil:
		add("sender-constrained tokens", strings.EqualFold(ts.TokenType, "DPoP"), fapiClientClause,
			"the tokens are bound to the session's DPoP key (RFC 9449)",
			"the tokens were asked for with a DPoP proof, but the token_type is "+ts.TokenType+" (want DPoP): they are bearer tokens")
		add("dpop alg", slices.Contains(auth.FAPI2Algs, ts.DPoP.Alg()), fapiCryptoClause,
			"the DPoP proofs are signed with "+ts.DPoP.Alg(),
			"the DPoP proofs are signed with "+ts.DPoP.Alg()+"; only PS256, ES256 or EdDSA are allowed")
	case ts.CertThumbprint != "" && bind.Status == CheckUnknown:
		// an opaque token: only introspection can say what it is bound to
		out = append(out, Check{Name: "fapi2 sender-constrained tokens", Status: CheckUnknown, Reason: fapiClientClause + ": " + bind.Reason})
	case ts.CertThumbprint != "":
		add("sender-constrained tokens", bind.Status == CheckPass, fapiClientClause,
			"the access token is bound to the client certificate (RFC 8705 cnf.x5t#S256)",
			"access tokens must be sender-constrained, but the certificate binding check says: "+bind.Reason)
	default:
		add("sender-constrained tokens", false, fapiClientClause, "",
			"access tokens must be sender-constrained (DPoP or mTLS), but the token_type is "+ts.TokenType+" and no client certificate was presented")
	}
	switch {
	case ts.IDToken == "":
		na("id_token alg", "no ID token in this response")
	default:
		add("id_token alg", slices.Contains(auth.FAPI2Algs, ts.ID.Alg), fapiCryptoClause,
			"the ID token is signed with "+ts.ID.Alg,
			"the ID token is signed with "+ts.ID.Alg+"; only PS256, ES256 or EdDSA are allowed")
	}
	switch {
	case login || ts.RefreshToken == "":
		na("refresh rotation", "checked on a refresh")
	default:
		add("refresh rotation", ts.RefreshRotated, fapiClientClause,
			"the refresh answer carried a new refresh token",
			"the refresh answer kept the old refresh token; this profile expects rotation")
	}
	return out
}

// FAPI2Failed lists the FAPI 2.0 checks of v that failed.
func (v SetValidation) FAPI2Failed() []Check {
	var out []Check
	for _, c := range v.FAPI2 {
		if c.Status == CheckFail {
			out = append(out, c)
		}
	}
	return out
}
