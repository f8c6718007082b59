package demoidp

import (
	"net/http"
	"net/url"
)

// handleEndSession serves GET /end_session (OpenID Connect RP-Initiated
// Logout 1.0 §2): with a valid id_token_hint it ends the user's sessions
// at this provider — every token family of that client is revoked — and
// redirects to the loopback post_logout_redirect_uri with state; without
// one it says the user is signed out.
func (s *Server) handleEndSession(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	var clientID string
	if hint := q.Get("id_token_hint"); hint != "" {
		claims, err := s.parseToken(hint, s.issuerFor(r), true)
		if err != nil || len(claims.Audience) == 0 {
			s.errorPage(w, http.StatusBadRequest, "Invalid logout request", "The id_token_hint was not issued by this provider.")
			return
		}
		clientID = claims.Audience[0]
	}
	if cid := q.Get("client_id"); cid != "" && clientID != "" && cid != clientID {
		s.errorPage(w, http.StatusBadRequest, "Invalid logout request", "The client_id does not match the id_token_hint.")
		return
	}
	if clientID == "" {
		clientID = q.Get("client_id")
	}
	if clientID != "" {
		n := s.store.revokeClient(clientID)
		s.opts.Logf("demoidp: end session: client %q signed out (%d token families revoked)", clientID, n)
	}
	target := q.Get("post_logout_redirect_uri")
	if target == "" {
		s.errorPage(w, http.StatusOK, "Signed out", "You are signed out of the demo provider.")
		return
	}
	if clientID == "" {
		s.errorPage(w, http.StatusBadRequest, "Invalid logout request", "A post_logout_redirect_uri needs an id_token_hint or a client_id.")
		return
	}
	if err := validateRedirectURI(target); err != nil {
		s.errorPage(w, http.StatusBadRequest, "Invalid logout request", "The post_logout_redirect_uri is not acceptable: "+err.Error()+".")
		return
	}
	u, _ := url.Parse(target)
	if st := q.Get("state"); st != "" {
		v := u.Query()
		v.Set("state", st)
		u.RawQuery = v.Encode()
	}
	w.Header().Set("Cache-Control", "no-store")
	http.Redirect(w, r, u.String(), http.StatusFound)
}
