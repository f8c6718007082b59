package demoidp

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	"errors"
	"net/http"
	"slices"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// jwtBearerAssertion is the client_assertion_type of RFC 7523 §2.2.
const jwtBearerAssertion = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"

// assertionAlgs are the algorithms of client assertions it accepts.
var assertionAlgs = []string{"HS256", "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA"}

// assertionMaxLife bounds exp - now of a client assertion.
const assertionMaxLife = 10 * time.Minute

// authenticateAssertion checks a client_assertion (RFC 7523 §3): HS256
// with the client's secret (client_secret_jwt) or RSA, RSA-PSS, ECDSA (ES256/384/512) or EdDSA with
// one of its public keys (private_key_jwt); iss = sub = the client; aud the
// token endpoint (or the endpoint called, or the issuer); a near exp; a
// jti used once.
func (s *Server) authenticateAssertion(r *http.Request) (string, error) {
	form := r.PostForm
	if form.Get("client_assertion_type") != jwtBearerAssertion {
		return "", errors.New("client_assertion_type must be " + jwtBearerAssertion)
	}
	issuer := s.issuerFor(r)
	var clientID string
	claims := jwt.RegisteredClaims{}
	_, err := jwt.ParseWithClaims(form.Get("client_assertion"), &claims, func(t *jwt.Token) (any, error) {
		iss, _ := t.Claims.GetIssuer()
		c, ok := s.client(iss)
		if !ok {
			return nil, errors.New("unknown client")
		}
		clientID = iss
		switch t.Method.(type) {
		case *jwt.SigningMethodHMAC:
			if c.Secret == "" {
				return nil, errors.New("the client has no secret for client_secret_jwt")
			}
			return []byte(c.Secret), nil
		case *jwt.SigningMethodRSA, *jwt.SigningMethodRSAPSS, *jwt.SigningMethodECDSA, *jwt.SigningMethodEd25519:
			if len(c.PublicKeys) == 0 {
				return nil, errors.New("the client has no registered key for private_key_jwt")
			}
			keys := jwt.VerificationKeySet{}
			for _, k := range c.PublicKeys {
				switch k.(type) {
				case *rsa.PublicKey, *ecdsa.PublicKey, ed25519.PublicKey:
					keys.Keys = append(keys.Keys, k)
				}
			}
			return keys, nil
		}
		return nil, errors.New("unsupported algorithm")
	},
		jwt.WithValidMethods(assertionAlgs),
		jwt.WithTimeFunc(s.now),
		jwt.WithExpirationRequired(),
	)
	if err != nil {
		return "", errors.New("client assertion refused: " + err.Error())
	}
	auds := []string{issuer + pathToken, issuer, issuer + r.URL.Path, s.baseFor(r) + pathToken, s.baseFor(r) + r.URL.Path}
	switch {
	case claims.Subject != clientID:
		return "", errors.New("client assertion: sub must equal iss (the client_id)")
	case !slices.ContainsFunc(claims.Audience, func(a string) bool { return slices.Contains(auds, a) }):
		return "", errors.New("client assertion: aud is neither the token endpoint nor the issuer")
	case claims.ID == "":
		return "", errors.New("client assertion: jti is required")
	case claims.ExpiresAt.Time.After(s.now().Add(assertionMaxLife)):
		return "", errors.New("client assertion: exp is too far in the future")
	case !s.replay.first("assertion:"+clientID+":"+claims.ID, s.now(), claims.ExpiresAt.Time):
		return "", errors.New("client assertion: jti was already used")
	}
	if id := form.Get("client_id"); id != "" && id != clientID {
		return "", errors.New("client assertion: client_id does not match the assertion's iss")
	}
	return clientID, nil
}
