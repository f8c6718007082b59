package demoidp

import (
	"cmp"
	"net/http"
	"strings"

	"github.com/golang-jwt/jwt/v5"
)

// handleRevoke serves POST /revoke (RFC 7009). Revoking a refresh token
// revokes its whole family; revoking an access token revokes that token.
// Unknown, invalid or foreign tokens are answered with 200 and ignored.
func (s *Server) handleRevoke(w http.ResponseWriter, r *http.Request) {
	clientID, raw, ok := s.tokenForm(w, r)
	if !ok {
		return
	}
	// token_type_hint is optional and only an optimization; both kinds are
	// recognized from the token itself.
	claims, err := s.parseToken(raw, s.issuerFor(r), true)
	if err == nil && claims.ClientID == clientID {
		switch claims.kind() {
		case kindRefresh:
			if s.store.revokeFamily(claims.FID) {
				s.opts.Logf("demoidp: revoke: client %q revoked a refresh token family", clientID)
			}
		case kindAccess:
			s.store.revokeAccess(claims.ID)
			s.opts.Logf("demoidp: revoke: client %q revoked an access token", clientID)
		}
	}
	noStore(w)
	w.WriteHeader(http.StatusOK)
}

// introspection is an introspection response (RFC 7662 §2.2).
type introspection struct {
	Active    bool   `json:"active"`
	Scope     string `json:"scope,omitempty"`
	ClientID  string `json:"client_id,omitempty"`
	TokenType string `json:"token_type,omitempty"`
	Exp       int64  `json:"exp,omitempty"`
	Iat       int64  `json:"iat,omitempty"`
	Sub       string `json:"sub,omitempty"`
	Iss       string `json:"iss,omitempty"`
	JTI       string `json:"jti,omitempty"`
}

// handleIntrospect serves POST /introspect (RFC 7662). A client may only
// introspect its own tokens; any other token is reported inactive.
func (s *Server) handleIntrospect(w http.ResponseWriter, r *http.Request) {
	clientID, raw, ok := s.tokenForm(w, r)
	if !ok {
		return
	}
	noStore(w)
	claims, err := s.parseToken(raw, s.issuerFor(r), false)
	if err != nil && len(s.opts.TrustedKeys) > 0 {
		// A test token signed by a trusted key: active while it is valid.
		if tc, terr := s.parseTrusted(raw, s.issuerFor(r)); terr == nil {
			writeJSON(w, http.StatusOK, introspection{Active: true, Scope: strings.Join(tc.scopes(), " "),
				ClientID: cmp.Or(tc.ClientID, clientID), TokenType: "access_token", Exp: unix(tc.ExpiresAt),
				Iat: unix(tc.IssuedAt), Sub: tc.Subject, Iss: tc.Issuer, JTI: tc.ID})
			return
		}
	}
	if err != nil || claims.ClientID != clientID {
		writeJSON(w, http.StatusOK, introspection{})
		return
	}
	var active bool
	var typ string
	switch claims.kind() {
	case kindAccess:
		active, typ = s.store.accessActive(claims.ID), "access_token"
	case kindRefresh:
		active, typ = s.store.refreshActive(claims.FID, claims.ID), "refresh_token"
	}
	if !active {
		writeJSON(w, http.StatusOK, introspection{})
		return
	}
	writeJSON(w, http.StatusOK, introspection{
		Active:    true,
		Scope:     joinScope(claims.Scope),
		ClientID:  claims.ClientID,
		TokenType: typ,
		Exp:       unix(claims.ExpiresAt),
		Iat:       unix(claims.IssuedAt),
		Sub:       claims.Subject,
		Iss:       claims.Issuer,
		JTI:       claims.ID,
	})
}

// unix returns d as seconds since the epoch, or 0 if d is nil.
func unix(d *jwt.NumericDate) int64 {
	if d == nil {
		return 0
	}
	return d.Unix()
}
