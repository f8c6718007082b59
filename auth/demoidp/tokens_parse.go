package demoidp

import (
	"errors"
	"fmt"

	"github.com/golang-jwt/jwt/v5"
)

// tokenKind tells the tokens issued here apart.
type tokenKind int

const (
	kindOther tokenKind = iota
	kindAccess
	kindRefresh
)

// parsedClaims receives the claims of any token issued here.
type parsedClaims struct {
	jwt.RegisteredClaims
	Scope    []string `json:"scope"`
	ATI      string   `json:"ati"`
	ClientID string   `json:"client_id"`
	FID      string   `json:"fid"`
	Cnf      *cnf     `json:"cnf"`
}

// kind classifies the token: refresh tokens carry ati and fid, access
// tokens carry client_id but neither ati nor aud, ID tokens carry aud.
func (c *parsedClaims) kind() tokenKind {
	switch {
	case c.ID == "" || c.ClientID == "":
		return kindOther
	case c.ATI != "" && c.FID != "":
		return kindRefresh
	case c.ATI == "" && c.FID == "":
		return kindAccess
	}
	return kindOther
}

// parseToken verifies raw against the server's keys and issuer. Unless
// signatureOnly is set it also validates exp with the injected clock.
func (s *Server) parseToken(raw, issuer string, signatureOnly bool) (*parsedClaims, error) {
	opts := []jwt.ParserOption{
		jwt.WithValidMethods([]string{s.keys.method().Alg()}),
		jwt.WithTimeFunc(s.now),
		jwt.WithIssuer(issuer),
		jwt.WithExpirationRequired(),
	}
	if signatureOnly {
		opts = append(opts, jwt.WithoutClaimsValidation())
	}
	claims := new(parsedClaims)
	_, err := jwt.ParseWithClaims(raw, claims, func(t *jwt.Token) (any, error) {
		kid, _ := t.Header["kid"].(string)
		if pub, ok := s.keys.publicKey(kid); ok {
			return pub, nil
		}
		return nil, fmt.Errorf("unknown kid %q", kid)
	}, opts...)
	if err != nil {
		return nil, fmt.Errorf("demoidp: parse token: %w", err)
	}
	if signatureOnly && claims.Issuer != issuer {
		return nil, errors.New("demoidp: parse token: issuer mismatch")
	}
	return claims, nil
}
