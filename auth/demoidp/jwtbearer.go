package demoidp

import (
	"fmt"
	"net/http"
	"slices"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// jwtBearerGrantType is the JWT bearer grant's grant_type (RFC 7523 §2.1).
const jwtBearerGrantType = "urn:ietf:params:oauth:grant-type:jwt-bearer"

// jwtBearerMaxLife bounds exp - now of a JWT bearer grant's assertion.
const jwtBearerMaxLife = time.Hour

// signedAssertionAlgs are the algorithms of JWT bearer assertions: the
// asymmetric ones (an issuer shares no secret with this server).
var signedAssertionAlgs = []string{"RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA"}

// jwtBearerScopes are the scopes a JWT bearer grant may ask for.
var jwtBearerScopes = []string{"openid", "profile", "email", "api", "api.read", "api.write"}

// TrustedIssuer is an issuer whose signed assertions the token endpoint
// takes in the JWT bearer grant (RFC 7523 §2.1): a service account, or
// another identity provider. A client with registered public keys is
// also trusted to assert for itself (iss = its client_id).
type TrustedIssuer struct {
	// Issuer is the assertion's iss.
	Issuer string
	// Keys verify its assertions (a key's ID "" matches any kid).
	Keys []TrustedKey
}

// jwtBearerGrant handles the JWT bearer grant (RFC 7523 §3): the assertion
// must be signed by a trusted issuer's key, name this token endpoint (or
// the issuer) in aud, carry a sub, an exp not passed and not too far, and
// a jti used once. The access token's sub is the assertion's.
func (s *Server) jwtBearerGrant(r *http.Request, clientID string) (*tokenResponse, *oauthError) {
	raw := r.PostForm.Get("assertion")
	if raw == "" {
		return nil, newError("invalid_request", "assertion is required")
	}
	var iss *TrustedIssuer
	claims := jwt.RegisteredClaims{}
	_, err := jwt.ParseWithClaims(raw, &claims, func(t *jwt.Token) (any, error) {
		name, _ := t.Claims.GetIssuer()
		iss = s.assertionIssuer(name)
		if iss == nil {
			return nil, fmt.Errorf("issuer %q is not trusted", name)
		}
		kid, _ := t.Header["kid"].(string)
		var set jwt.VerificationKeySet
		for _, k := range iss.Keys {
			if k.ID == "" || kid == "" || k.ID == kid {
				set.Keys = append(set.Keys, k.Key)
			}
		}
		if len(set.Keys) == 0 {
			return nil, fmt.Errorf("no key %q of issuer %q", kid, name)
		}
		return set, nil
	}, jwt.WithValidMethods(signedAssertionAlgs), jwt.WithTimeFunc(s.now), jwt.WithExpirationRequired())
	if err != nil {
		return nil, newError("invalid_grant", "assertion refused: "+err.Error())
	}
	issuer := s.issuerFor(r)
	auds := []string{issuer + pathToken, issuer, s.baseFor(r) + pathToken}
	switch {
	case claims.Subject == "":
		return nil, newError("invalid_grant", "assertion: sub is required (RFC 7523 §3)")
	case !slices.ContainsFunc(claims.Audience, func(a string) bool { return slices.Contains(auds, a) }):
		return nil, newError("invalid_grant", "assertion: aud is neither the token endpoint nor the issuer")
	case claims.ExpiresAt.Time.After(s.now().Add(jwtBearerMaxLife)):
		return nil, newError("invalid_grant", "assertion: exp is too far in the future")
	case claims.ID != "" && !s.replay.first("jwt-bearer:"+iss.Issuer+":"+claims.ID, s.now(), claims.ExpiresAt.Time):
		return nil, newError("invalid_grant", "assertion: jti was already used")
	}
	scopes, ok := parseScope(r.PostForm.Get("scope"))
	if !ok {
		return nil, newError("invalid_scope", "scope is malformed")
	}
	for _, sc := range scopes {
		if !slices.Contains(jwtBearerScopes, sc) {
			return nil, newError("invalid_scope", "scope "+sc+" is not available to the jwt-bearer grant")
		}
	}
	resources, oerr := parseResources(r.PostForm["resource"])
	if oerr != nil {
		return nil, oerr
	}
	s.opts.Logf("demoidp: token: jwt-bearer assertion of %q for %q accepted", iss.Issuer, claims.Subject)
	details, oerr := parseAuthorizationDetails(r.PostForm.Get("authorization_details"))
	if oerr != nil {
		return nil, oerr
	}
	return s.issueAccessOnly(r, accessOnly{clientID: clientID, sub: claims.Subject, scopes: scopes,
		audience: audienceOf("", resources), details: details})
}

// assertionIssuer is the trusted issuer called name: one of
// Options.JWTBearerIssuers, or a client with registered public keys
// asserting for itself (RFC 7523 §3: iss may be the client); nil for none.
func (s *Server) assertionIssuer(name string) *TrustedIssuer {
	if i := slices.IndexFunc(s.opts.JWTBearerIssuers, func(ti TrustedIssuer) bool { return ti.Issuer == name }); i >= 0 {
		return &s.opts.JWTBearerIssuers[i]
	}
	c, ok := s.client(name)
	if !ok || len(c.PublicKeys) == 0 {
		return nil
	}
	ti := &TrustedIssuer{Issuer: name}
	for _, k := range c.PublicKeys {
		ti.Keys = append(ti.Keys, TrustedKey{Key: k})
	}
	return ti
}
