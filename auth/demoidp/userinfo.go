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
	dpopToken, isDPoP := dpopScheme(r.Header.Get("Authorization"))
	if isDPoP {
		raw, ok = dpopToken, dpopToken != ""
	}
	if !ok {
		w.Header().Set("WWW-Authenticate", `Bearer realm="`+realm+`"`)
		writeJSON(w, http.StatusUnauthorized, newError("invalid_request", "a bearer access token is required"))
		return
	}
	claims, err := s.parseToken(raw, s.issuerFor(r), false)
	if err != nil && len(s.opts.TrustedKeys) > 0 && !isDPoP {
		s.trustedUserinfo(w, raw, s.issuerFor(r))
		return
	}
	if err != nil || claims.kind() != kindAccess || !s.store.accessActive(claims.ID) {
		const desc = "the access token is invalid, expired or revoked"
		w.Header().Set("WWW-Authenticate", `Bearer realm="`+realm+`", error="invalid_token", error_description="`+desc+`"`)
		writeJSON(w, http.StatusUnauthorized, newError("invalid_token", desc))
		return
	}
	bound := claims.Cnf != nil && claims.Cnf.JKT != ""
	if isDPoP || bound {
		jkt, oerr := s.checkDPoP(r, s.baseFor(r)+pathUserinfo, raw)
		s.setDPoPNonce(w)
		switch {
		case oerr != nil:
			w.Header().Set("WWW-Authenticate", `DPoP realm="`+realm+`", error="`+oerr.Code+`", error_description="`+oerr.Description+`", algs="`+strings.Join(algNames(dpopAlgs), " ")+`"`)
			writeJSON(w, http.StatusUnauthorized, oerr)
			return
		case !isDPoP || !bound || jkt == "" || jkt != claims.Cnf.JKT:
			const desc = "the access token is DPoP-bound: send it with the DPoP scheme and a proof of its key"
			w.Header().Set("WWW-Authenticate", `DPoP realm="`+realm+`", error="invalid_token", error_description="`+desc+`", algs="`+strings.Join(algNames(dpopAlgs), " ")+`"`)
			writeJSON(w, http.StatusUnauthorized, newError("invalid_token", desc))
			return
		}
	}
	if x5t := claims.Cnf.certBound(); x5t != "" {
		if cert := peerCertificate(r); cert == nil || certThumbprint(cert) != x5t {
			const desc = "the access token is bound to a TLS client certificate (cnf.x5t#S256): call the mTLS endpoint with that certificate"
			w.Header().Set("WWW-Authenticate", `Bearer realm="`+realm+`", error="invalid_token", error_description="`+desc+`"`)
			writeJSON(w, http.StatusUnauthorized, newError("invalid_token", desc))
			return
		}
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

// trustedUserinfo answers userinfo for a token signed by a trusted key.
func (s *Server) trustedUserinfo(w http.ResponseWriter, raw, issuer string) {
	tc, err := s.parseTrusted(raw, issuer)
	if err != nil || tc.Subject == "" {
		s.opts.Logf("userinfo: refused a token: %v", err)
		const desc = "the access token is invalid, expired or not signed by a trusted key"
		w.Header().Set("WWW-Authenticate", `Bearer realm="`+realm+`", error="invalid_token", error_description="`+desc+`"`)
		writeJSON(w, http.StatusUnauthorized, newError("invalid_token", desc))
		return
	}
	if !slices.Contains(tc.scopes(), "openid") {
		const desc = "the access token lacks the openid scope"
		w.Header().Set("WWW-Authenticate", `Bearer realm="`+realm+`", error="insufficient_scope", error_description="`+desc+`", scope="openid"`)
		writeJSON(w, http.StatusForbidden, newError("insufficient_scope", desc))
		return
	}
	writeJSON(w, http.StatusOK, userinfoResponse{Sub: tc.Subject, Name: s.opts.Name, Email: s.opts.Email, EmailVerified: true})
}
