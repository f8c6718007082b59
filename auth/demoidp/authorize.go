package demoidp

import (
	"crypto/rand"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// defaultScopes is the scope of an authorization request without one.
var defaultScopes = []string{"openid"}

// handleAuthorize serves GET /authorize: it validates the authorization
// request and shows the sign-in page, or with AutoApprove redirects back
// with a code at once. Errors about client_id or redirect_uri are shown as a
// page and never redirected (RFC 6749 §4.1.2.1).
func (s *Server) handleAuthorize(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	for _, k := range []string{"client_id", "redirect_uri"} {
		if len(q[k]) > 1 {
			s.errorPage(w, http.StatusBadRequest, "Invalid request", "The "+k+" parameter is repeated.")
			return
		}
	}
	clientID := q.Get("client_id")
	if clientID == "" {
		s.errorPage(w, http.StatusBadRequest, "Invalid request", "The client_id parameter is missing.")
		return
	}
	client, ok := s.client(clientID)
	if !ok {
		s.opts.Logf("demoidp: authorize: unknown client %q", clientID)
		s.errorPage(w, http.StatusBadRequest, "Unknown client", "The client "+clientID+" is not registered with this provider.")
		return
	}
	switch uri := q.Get("request_uri"); {
	case uri != "":
		pushed, ok := s.par.take(uri, clientID, s.now())
		if !ok {
			s.opts.Logf("demoidp: authorize: client %q: unknown, used or expired request_uri", clientID)
			s.errorPage(w, http.StatusBadRequest, "Request expired",
				"The pushed authorization request (request_uri) is unknown, expired or was already used. Start the login again from the application.")
			return
		}
		q = pushed
	case s.opts.RequirePAR:
		s.errorPage(w, http.StatusBadRequest, "Pushed request required",
			"This provider accepts only pushed authorization requests (RFC 9126): the request_uri parameter is missing.")
		return
	}
	if q.Has("request") {
		ro, err := s.requestObjectParams(q, clientID, client, s.issuerFor(r))
		if err != nil {
			s.opts.Logf("demoidp: authorize: client %q: invalid_request_object: %v", clientID, err)
			s.errorPage(w, http.StatusBadRequest, "Invalid request object", "invalid_request_object: "+err.Error()+".")
			return
		}
		q = ro
	}
	redirectURI := q.Get("redirect_uri")
	if err := validateRedirectURI(redirectURI); err != nil {
		s.opts.Logf("demoidp: authorize: client %q: rejected redirect_uri: %v", clientID, err)
		s.errorPage(w, http.StatusBadRequest, "Invalid redirect URI", "The redirect_uri is not acceptable: "+err.Error()+".")
		return
	}

	if !client.allowsRedirect(redirectURI) {
		s.opts.Logf("demoidp: authorize: client %q: redirect_uri not registered", clientID)
		s.errorPage(w, http.StatusBadRequest, "Invalid redirect URI", "The redirect_uri is not one this client registered.")
		return
	}
	issuer := s.issuerFor(r)
	state := q.Get("state")
	mode, modeOK := responseModeOf(q)
	req, oerr := parseAuthRequest(q, clientID, redirectURI)
	if oerr == nil && !modeOK {
		mode, oerr = responseModeQuery, newError("invalid_request", "response_mode "+mode+" is not supported ("+strings.Join(responseModes, ", ")+")")
	}
	if oerr != nil {
		s.opts.Logf("demoidp: authorize: client %q: %s", clientID, oerr.Code)
		s.redirectWith(w, r, mode, redirectURI, issuer, state, url.Values{
			"error":             {oerr.Code},
			"error_description": {oerr.Description},
		}, clientID)
		return
	}
	if s.opts.AutoApprove {
		s.approve(w, r, req, issuer)
		return
	}
	if slices.Contains(strings.Fields(q.Get("prompt")), "none") {
		// No sign-in session is kept: without AutoApprove, every login
		// needs the sign-in page, which prompt=none forbids (§3.1.2.6).
		s.redirectWith(w, r, mode, redirectURI, issuer, state, url.Values{
			"error":             {"login_required"},
			"error_description": {"prompt=none, but the user must sign in"},
		}, clientID)
		return
	}
	id := rand.Text()
	s.store.addPending(id, req, s.now())
	s.signInPage(w, id, req)
}

// parseAuthRequest validates the parameters of an authorization request
// whose client and redirect URI are already known to be valid. Unknown
// parameters are ignored.
func parseAuthRequest(q url.Values, clientID, redirectURI string) (authRequest, *oauthError) {
	for _, k := range []string{"response_type", "response_mode", "scope", "state", "nonce", "code_challenge", "code_challenge_method", "prompt", "max_age", "claims", "authorization_details"} {
		if len(q[k]) > 1 {
			return authRequest{}, newError("invalid_request", "parameter "+k+" is repeated")
		}
	}
	if rt := q.Get("response_type"); rt != "code" {
		if rt == "" {
			return authRequest{}, newError("invalid_request", "response_type is required")
		}
		return authRequest{}, newError("unsupported_response_type", "only response_type=code is supported")
	}
	challenge := q.Get("code_challenge")
	if challenge == "" {
		return authRequest{}, newError("invalid_request", "code_challenge is required (PKCE)")
	}
	if q.Get("code_challenge_method") != "S256" {
		return authRequest{}, newError("invalid_request", "code_challenge_method must be S256")
	}
	if !validPKCEValue(challenge) {
		return authRequest{}, newError("invalid_request", "code_challenge is malformed")
	}
	scopes, ok := parseScope(q.Get("scope"))
	if !ok {
		return authRequest{}, newError("invalid_scope", "scope is malformed")
	}
	if len(scopes) == 0 {
		scopes = defaultScopes
	}
	resources, oerr := parseResources(q["resource"])
	if oerr != nil {
		return authRequest{}, oerr
	}
	details, oerr := parseAuthorizationDetails(q.Get("authorization_details"))
	if oerr != nil {
		return authRequest{}, oerr
	}
	acr, oerr := acrFor(q)
	if oerr != nil {
		return authRequest{}, oerr
	}
	return authRequest{
		resources:   resources,
		acr:         acr,
		details:     details,
		clientID:    clientID,
		redirectURI: redirectURI,
		scopes:      scopes,
		state:       q.Get("state"),
		nonce:       q.Get("nonce"),
		challenge:   challenge,
		dpopJKT:     q.Get("dpop_jkt"),
		mode:        q.Get("response_mode"),
	}, nil
}

// handleDecision serves POST /authorize/decision, the sign-in form. Only the
// server-side pending request named by the form is trusted.
func (s *Server) handleDecision(w http.ResponseWriter, r *http.Request) {
	if oerr := parsePostForm(w, r); oerr != nil {
		s.errorPage(w, http.StatusBadRequest, "Invalid request", "The sign-in form could not be read.")
		return
	}
	decision := r.PostForm.Get("decision")
	if decision != "approve" && decision != "deny" {
		s.errorPage(w, http.StatusBadRequest, "Invalid request", "The sign-in form carried no decision.")
		return
	}
	req, ok := s.store.takePending(r.PostForm.Get("request"), s.now())
	if !ok {
		s.errorPage(w, http.StatusBadRequest, "Sign-in expired",
			"This sign-in request has expired or was already used. Start the login again from the application.")
		return
	}
	issuer := s.issuerFor(r)
	if decision == "deny" {
		s.opts.Logf("demoidp: authorize: user denied client %q", req.clientID)
		s.redirectWith(w, r, req.mode, req.redirectURI, issuer, req.state, url.Values{
			"error":             {"access_denied"},
			"error_description": {"The user denied the request"},
		}, req.clientID)
		return
	}
	s.approve(w, r, req, issuer)
}

// approve issues an authorization code for req and redirects back with it.
func (s *Server) approve(w http.ResponseWriter, r *http.Request, req authRequest, issuer string) {
	code := rand.Text()
	s.store.addCode(code, req, s.now())
	s.opts.Logf("demoidp: authorize: issued code to client %q (scope %q)", req.clientID, strings.Join(req.scopes, " "))
	s.redirectWith(w, r, req.mode, req.redirectURI, issuer, req.state, url.Values{"code": {code}}, req.clientID)
}

// redirectWith redirects to redirectURI with params, state (if any) and the
// RFC 9207 iss parameter added to its query, or with response mode
// form_post posts them there through an auto-submitting form.
func redirectWith(w http.ResponseWriter, r *http.Request, mode, redirectURI, issuer, state string, params url.Values) {
	if mode == responseModeFormPost {
		p := url.Values{}
		for k, vs := range params {
			p[k] = vs
		}
		if state != "" {
			p.Set("state", state)
		}
		p.Set("iss", issuer)
		writeFormPost(w, redirectURI, p)
		return
	}
	u, err := url.Parse(redirectURI)
	if err != nil { // validated earlier; cannot happen
		http.Error(w, "invalid redirect_uri", http.StatusBadRequest)
		return
	}
	q := u.Query()
	for k, vs := range params {
		q[k] = vs
	}
	if state != "" {
		q.Set("state", state)
	}
	q.Set("iss", issuer)
	u.RawQuery = q.Encode()
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Referrer-Policy", "no-referrer")
	http.Redirect(w, r, u.String(), http.StatusFound)
}

// validateRedirectURI accepts only loopback http redirect URIs (RFC 8252
// §7.3): host 127.0.0.1, [::1] or localhost, any port and path, no
// user info and no fragment.
func validateRedirectURI(raw string) error {
	if raw == "" {
		return errors.New("redirect_uri is missing")
	}
	u, err := url.Parse(raw)
	if err != nil {
		return errors.New("redirect_uri is not a valid URI")
	}
	switch {
	case u.Scheme != "http":
		return errors.New("redirect_uri must use the http scheme on a loopback host")
	case u.Opaque != "" || u.User != nil:
		return errors.New("redirect_uri must not carry user information")
	case u.Fragment != "" || strings.Contains(raw, "#"):
		return errors.New("redirect_uri must not have a fragment")
	}
	host := u.Hostname()
	if host != "127.0.0.1" && host != "::1" && !strings.EqualFold(host, "localhost") {
		return errors.New("redirect_uri host must be 127.0.0.1, [::1] or localhost")
	}
	return nil
}

// parseScope splits a space-delimited scope parameter (RFC 6749 §3.3),
// dropping duplicates. It reports false for an invalid scope token.
func parseScope(scope string) ([]string, bool) {
	var out []string
	for _, tok := range strings.Split(scope, " ") {
		if tok == "" {
			continue
		}
		for _, c := range []byte(tok) {
			if c < 0x21 || c == 0x22 || c == 0x5c || c > 0x7e {
				return nil, false
			}
		}
		if !slices.Contains(out, tok) {
			out = append(out, tok)
		}
	}
	return out, true
}

// validPKCEValue reports whether v is a syntactically valid PKCE code
// verifier or challenge: 43 to 128 unreserved characters (RFC 7636 §4.1).
func validPKCEValue(v string) bool {
	if len(v) < 43 || len(v) > 128 {
		return false
	}
	for _, c := range []byte(v) {
		switch {
		case 'A' <= c && c <= 'Z', 'a' <= c && c <= 'z', '0' <= c && c <= '9',
			c == '-', c == '.', c == '_', c == '~':
		default:
			return false
		}
	}
	return true
}
