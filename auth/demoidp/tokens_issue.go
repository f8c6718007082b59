package demoidp

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/json"
	"fmt"
	"slices"
	"time"
)

// Fixed claim values, as in Decathlon's tokens.
const (
	dataCenter = "EU"
	tokenType  = "bearer"
)

// authorities is the authorities claim of every access and refresh token.
var authorities = []string{"ROLE_USER"}

// accessClaims are the claims of an access token, in Decathlon's order.
type accessClaims struct {
	Sub         string   `json:"sub"`
	Scope       []string `json:"scope"`
	Iss         string   `json:"iss"`
	DataCenter  string   `json:"data_center"`
	Exp         int64    `json:"exp"`
	Iat         int64    `json:"iat"`
	Authorities []string `json:"authorities"`
	JTI         string   `json:"jti"`
	ClientID    string   `json:"client_id"`
	// Aud is the token exchange's audience and the RFC 8707 resources the
	// token is for (one is written as a string).
	Aud audience `json:"aud,omitempty"`
	Act *actor   `json:"act,omitempty"` // token exchange's actor (RFC 8693 §4.1)
	Cnf *cnf     `json:"cnf,omitempty"` // DPoP (RFC 9449 §6) or certificate (RFC 8705 §3.1) binding
}

// audience is an aud claim: one value is written as a string, several as
// an array (RFC 7519 §4.1.3).
type audience []string

// MarshalJSON implements json.Marshaler.
func (a audience) MarshalJSON() ([]byte, error) {
	if len(a) == 1 {
		return json.Marshal(a[0])
	}
	return json.Marshal([]string(a))
}

// cnf is a confirmation claim holding a DPoP key thumbprint or a TLS
// client certificate thumbprint.
type cnf struct {
	JKT string `json:"jkt,omitempty"`
	X5T string `json:"x5t#S256,omitempty"`
}

// certBound is the certificate thumbprint a token is bound to, "" for none.
func (c *cnf) certBound() string {
	if c == nil {
		return ""
	}
	return c.X5T
}

// actor is an act claim.
type actor struct {
	Sub string `json:"sub"`
}

// refreshClaims are the claims of a refresh token, in Decathlon's order,
// followed by the family ID.
type refreshClaims struct {
	Sub         string   `json:"sub"`
	Scope       []string `json:"scope"`
	ATI         string   `json:"ati"` // jti of the access token issued alongside
	Iss         string   `json:"iss"`
	Exp         int64    `json:"exp"`
	Iat         int64    `json:"iat"`
	Authorities []string `json:"authorities"`
	JTI         string   `json:"jti"`
	ClientID    string   `json:"client_id"`
	FID         string   `json:"fid"` // token family: every refresh token descending from one login
}

// idClaims are the claims of an OpenID Connect ID token.
type idClaims struct {
	Iss      string `json:"iss"`
	Sub      string `json:"sub"`
	Aud      string `json:"aud"`
	Exp      int64  `json:"exp"`
	Iat      int64  `json:"iat"`
	AuthTime int64  `json:"auth_time"`
	Acr      string `json:"acr,omitempty"`
	Nonce    string `json:"nonce,omitempty"`
	AtHash   string `json:"at_hash"`
	Email    string `json:"email"`
	Name     string `json:"name"`
}

// tokenResponse is a successful token response (RFC 6749 §5.1) shaped like
// Decathlon's.
type tokenResponse struct {
	AccessToken  string `json:"access_token"`
	TokenType    string `json:"token_type"`
	ExpiresIn    int64  `json:"expires_in"`
	RefreshToken string `json:"refresh_token,omitempty"`
	Scope        string `json:"scope"`
	JTI          string `json:"jti"`
	IDToken      string `json:"id_token,omitempty"`
	// IssuedTokenType is set for token exchange (RFC 8693 §2.2.1).
	IssuedTokenType string `json:"issued_token_type,omitempty"`
	// AuthorizationDetails are the granted authorization_details (RFC 9396 §7).
	AuthorizationDetails json.RawMessage `json:"authorization_details,omitempty"`
}

// grant describes the tokens to issue for one successful grant.
type grant struct {
	issuer        string
	clientID      string
	scopes        []string        // access token (and response) scope
	refreshScopes []string        // refresh token scope: always the original grant's
	nonce         string          // ID token nonce; empty on refresh
	audience      []string        // access token aud: the resources it is for (RFC 8707)
	acr           string          // ID token acr; "" when none was asked
	details       json.RawMessage // authorization_details granted (RFC 9396 §7)
	authTime      time.Time
	now           time.Time
	iss           issuance
}

// newIssuance allocates the identifiers and expiries of the tokens that a
// grant at time now will issue within family fid.
func (s *Server) newIssuance(fid string, now time.Time) issuance {
	return issuance{
		familyID:   fid,
		accessJTI:  newUUID(),
		refreshJTI: newUUID(),
		accessExp:  now.Add(s.opts.AccessTTL),
		refreshExp: now.Add(s.opts.RefreshTTL),
	}
}

// issue signs the tokens of g. It issues an ID token when the access scope
// includes "openid".
func (s *Server) issue(g grant) (*tokenResponse, error) {
	access, err := s.keys.sign(accessClaims{
		Sub:         s.opts.Subject,
		Scope:       nonNil(g.scopes),
		Iss:         g.issuer,
		DataCenter:  dataCenter,
		Exp:         g.iss.accessExp.Unix(),
		Iat:         g.now.Unix(),
		Authorities: authorities,
		JTI:         g.iss.accessJTI,
		ClientID:    g.clientID,
		Aud:         g.audience,
		Cnf:         cnfFor(g.iss.jkt, g.iss.x5t),
	})
	if err != nil {
		return nil, fmt.Errorf("access token: %w", err)
	}
	refresh, err := s.keys.sign(refreshClaims{
		Sub:         s.opts.Subject,
		Scope:       nonNil(g.refreshScopes),
		ATI:         g.iss.accessJTI,
		Iss:         g.issuer,
		Exp:         g.iss.refreshExp.Unix(),
		Iat:         g.now.Unix(),
		Authorities: authorities,
		JTI:         g.iss.refreshJTI,
		ClientID:    g.clientID,
		FID:         g.iss.familyID,
	})
	if err != nil {
		return nil, fmt.Errorf("refresh token: %w", err)
	}
	resp := &tokenResponse{
		AccessToken:          access,
		TokenType:            tokenTypeFor(g.iss.jkt),
		ExpiresIn:            int64(s.opts.AccessTTL / time.Second),
		RefreshToken:         refresh,
		Scope:                joinScope(g.scopes),
		JTI:                  g.iss.accessJTI,
		AuthorizationDetails: g.details,
	}
	if slices.Contains(g.scopes, "openid") {
		resp.IDToken, err = s.keys.sign(idClaims{
			Iss:      g.issuer,
			Sub:      s.opts.Subject,
			Aud:      g.clientID,
			Exp:      g.now.Add(s.opts.IDTTL).Unix(),
			Iat:      g.now.Unix(),
			AuthTime: g.authTime.Unix(),
			Acr:      g.acr,
			Nonce:    g.nonce,
			AtHash:   atHash(access, s.keys.method().Alg()),
			Email:    s.opts.Email,
			Name:     s.opts.Name,
		})
		if err != nil {
			return nil, fmt.Errorf("ID token: %w", err)
		}
	}
	return resp, nil
}

// atHash returns the OpenID Connect at_hash of an access token for an ID
// token signed with alg: the base64url encoding of the left half of its
// hash, SHA-256, SHA-384 or SHA-512 by alg's size, SHA-512 for EdDSA
// (Ed25519).
func atHash(accessToken, alg string) string {
	var sum []byte
	switch alg {
	case "ES384":
		s := sha512.Sum384([]byte(accessToken))
		sum = s[:]
	case "ES512", "EdDSA":
		s := sha512.Sum512([]byte(accessToken))
		sum = s[:]
	default:
		s := sha256.Sum256([]byte(accessToken))
		sum = s[:]
	}
	return b64(sum[:len(sum)/2])
}

// newUUID returns a random RFC 9562 version 4 UUID.
func newUUID() string {
	var u [16]byte
	rand.Read(u[:]) // never fails (crypto/rand, Go 1.24+)
	u[6] = u[6]&0x0f | 0x40
	u[8] = u[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", u[0:4], u[4:6], u[6:8], u[8:10], u[10:])
}

// nonNil returns s, or an empty slice if s is nil, so that it encodes as [].
func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// cnfFor is the cnf claim for a DPoP key thumbprint and a certificate
// thumbprint (nil for bearer).
func cnfFor(jkt, x5t string) *cnf {
	if jkt == "" && x5t == "" {
		return nil
	}
	return &cnf{JKT: jkt, X5T: x5t}
}

// tokenTypeFor is the token_type of a response: DPoP for bound tokens.
func tokenTypeFor(jkt string) string {
	if jkt != "" {
		return "DPoP"
	}
	return tokenType
}
