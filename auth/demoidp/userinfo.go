package demoidp

import (
	"net/http"
	"slices"
	"strings"
)

// userinfoResponse is the UserInfo response (OpenID Connect Core §5.3.2).
type userinfoResponse struct {
	Sub           string `json:"sub"`
	Name          string `json:"name"`
	Email         string `json:"email"`
	EmailVerified bool   `json:"email_verified"`
}

// handleUserinfo serves GET and POST /userinfo for a bearer access token
// sent in the Authorization header (RFC 6750 §2.1).
func (s *Server) handleUserinfo(w http.ResponseWriter, r *http.Request) {
	noStore(w)
	raw, ok := bearerToken(r)
	if !ok {
		w.Header().Set("WWW-Authenticate", `Bearer realm="`+realm+`"`)
		writeJSON(w, http.StatusUnauthorized, newError("invalid_request", "a bearer access token is required"))
		return
	}
	claims, err := s.parseToken(raw, s.issuerFor(r), false)
	if err != nil || claims.kind() != kindAccess || !s.store.accessActive(claims.ID) {
		const desc = "the access token is invalid, expired or revoked"
		w.Header().Set("WWW-Authenticate", `Bearer realm="`+realm+`", error="invalid_token", error_description="`+desc+`"`)
		writeJSON(w, http.StatusUnauthorized, newError("invalid_token", desc))
		return
	}
	if !slices.Contains(claims.Scope, "openid") {
		const desc = "the access token lacks the openid scope"
		w.Header().Set("WWW-Authenticate", `Bearer realm="`+realm+`", error="insufficient_scope", error_description="`+desc+`", scope="openid"`)
		writeJSON(w, http.StatusForbidden, newError("insufficient_scope", desc))
		return
	}
	writeJSON(w, http.StatusOK, userinfoResponse{
		Sub:           claims.Subject,
		Name:          s.opts.Name,
		Email:         s.opts.Email,
		EmailVerified: true,
	})
}

// bearerToken returns the token of an "Authorization: Bearer" header.
func bearerToken(r *http.Request) (string, bool) {
	scheme, token, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	token = strings.TrimSpace(token)
	if !ok || !strings.EqualFold(scheme, "Bearer") || token == "" {
		return "", false
	}
	return token, true
}
