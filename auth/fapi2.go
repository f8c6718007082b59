package auth

import (
	"fmt"
	"slices"
)

// SecurityProfileFAPI2 is the FAPI 2.0 Security Profile switch of a profile.
const SecurityProfileFAPI2 = "fapi2"

// FAPI2Algs are the only JWS algorithms FAPI 2.0 accepts (§5.4).
var FAPI2Algs = []string{"PS256", "ES256", "EdDSA"}

// FAPI2 reports whether the profile asks for the FAPI 2.0 Security Profile.
func (p Profile) FAPI2() bool { return p.SecurityProfile == SecurityProfileFAPI2 }

// WithSecurityProfile returns p as its security profile makes it log in:
// for FAPI 2.0, pushed requests (PAR) always, client assertions whose aud
// is the issuer, private_key_jwt when no client authentication is set, and
// sender-constrained tokens (§5.3.2.1): DPoP-bound, unless the client
// authenticates with its TLS certificate (RFC 8705), whose tokens are bound
// to that certificate. PKCE S256 and the RFC 9207 iss check are the
// login's own. Other profiles are returned as they are.
func (p Profile) WithSecurityProfile() Profile {
	if !p.FAPI2() {
		return p
	}
	p.PAR, p.AssertionAudience = PAROn, AssertionAudIssuer
	if p.ClientAuth == "" {
		p.ClientAuth = AuthPrivateKeyJWT
	}
	if !p.ClientAuth.UsesCertificate() {
		p.DPoP = true
	}
	return p
}

// validateSecurityProfile reports the settings a FAPI 2.0 profile cannot
// have; p has WithSecurityProfile applied.
func (p Profile) validateSecurityProfile() error {
	switch p.SecurityProfile {
	case "":
		return nil
	case SecurityProfileFAPI2:
	default:
		return fmt.Errorf("security_profile is %q (want fapi2 or empty)", p.SecurityProfile)
	}
	if m := p.Auth(); m != AuthPrivateKeyJWT && !m.UsesCertificate() {
		return fmt.Errorf("FAPI 2.0 (§5.3, client authentication) needs private_key_jwt, tls_client_auth or self_signed_tls_client_auth, not %s", m)
	}
	if p.DPoP && p.DPoPAlg != "" && !slices.Contains(FAPI2Algs, p.DPoPAlg) {
		return fmt.Errorf("FAPI 2.0 (§5.4) allows PS256, ES256 or EdDSA DPoP proofs, not %s", p.DPoPAlg)
	}
	if p.GrantType() != GrantAuthorizationCode {
		return fmt.Errorf("the FAPI 2.0 profile here covers the authorization code grant, not %s", p.GrantType())
	}
	if p.RequestObject == RequestObjectNone {
		return fmt.Errorf("FAPI 2.0 (§5.4) does not allow unsigned request objects (alg none)")
	}
	if p.RequestObject == "RS256" {
		return fmt.Errorf("FAPI 2.0 (§5.4) allows PS256, ES256 or EdDSA, not RS256 request objects")
	}
	return nil
}
