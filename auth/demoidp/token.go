package demoidp

import (
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// handleToken serves POST /token (RFC 6749 §3.2).
func (s *Server) handleToken(w http.ResponseWriter, r *http.Request) {
	clientID, ok := s.clientForm(w, r)
	if !ok {
		return
	}
	jkt, oerr := s.checkDPoP(r, s.baseFor(r)+pathToken, "")
	s.setDPoPNonce(w)
	if oerr != nil {
		s.opts.Logf("demoidp: token: client %q: %s: %s", clientID, oerr.Code, oerr.Description)
		writeError(w, oerr)
		return
	}
	r = withX5T(withJKT(r, jkt))
	var resp *tokenResponse
	switch gt := r.PostForm.Get("grant_type"); gt {
	case "authorization_code":
		resp, oerr = s.authorizationCodeGrant(r, clientID)
	case "refresh_token":
		resp, oerr = s.refreshTokenGrant(r, clientID)
	case "client_credentials":
		resp, oerr = s.clientCredentialsGrant(r, clientID)
	case deviceGrantType:
		resp, oerr = s.deviceCodeGrant(r, clientID)
	case tokenExchangeGrantType:
		resp, oerr = s.tokenExchangeGrant(r, clientID)
	case jwtBearerGrantType:
		resp, oerr = s.jwtBearerGrant(r, clientID)
	case "":
		oerr = newError("invalid_request", "grant_type is required")
	default:
		oerr = newError("unsupported_grant_type", "grant_type "+gt+" is not supported")
	}
	if oerr != nil {
		s.opts.Logf("demoidp: token: client %q: %s: %s", clientID, oerr.Code, oerr.Description)
		writeError(w, oerr)
		return
	}
	noStore(w)
	writeJSON(w, http.StatusOK, resp)
}

// authorizationCodeGrant handles grant_type=authorization_code
// (RFC 6749 §4.1.3, RFC 7636 §4.5).
func (s *Server) authorizationCodeGrant(r *http.Request, clientID string) (*tokenResponse, *oauthError) {
	form := r.PostForm
	code, redirectURI, verifier := form.Get("code"), form.Get("redirect_uri"), form.Get("code_verifier")
	switch {
	case code == "":
		return nil, newError("invalid_request", "code is required")
	case redirectURI == "":
		return nil, newError("invalid_request", "redirect_uri is required")
	case verifier == "":
		return nil, newError("invalid_request", "code_verifier is required (PKCE)")
	}
	requested, oerr := parseResources(form["resource"])
	if oerr != nil {
		return nil, oerr
	}
	now := s.now()
	iss := s.newIssuance(newUUID(), now)
	iss.jkt, iss.x5t = requestJKT(r), requestX5T(r)
	var audience []string
	c, err := s.store.redeemCode(code, now, func(req authRequest) error {
		switch {
		case req.clientID != clientID:
			return newError("invalid_grant", "authorization code was issued to another client")
		case req.redirectURI != redirectURI:
			return newError("invalid_grant", "redirect_uri does not match the authorization request")
		case !verifyPKCE(verifier, req.challenge):
			return newError("invalid_grant", "PKCE verification failed: code_verifier does not match code_challenge")
		case req.dpopJKT != "" && req.dpopJKT != iss.jkt:
			return newError("invalid_grant", "the authorization code is bound to another DPoP key (dpop_jkt)")
		}
		var oerr *oauthError
		if audience, oerr = narrowResources(req.resources, requested); oerr != nil {
			return oerr
		}
		return nil
	}, &iss)
	if oerr, ok := errors.AsType[*oauthError](err); ok {
		return nil, oerr
	}
	switch {
	case errors.Is(err, errCodeReused):
		s.opts.Logf("demoidp: token: client %q replayed an authorization code; its tokens are revoked", clientID)
		return nil, newError("invalid_grant", "authorization code was already used; tokens issued from it are revoked")
	case err != nil:
		return nil, newError("invalid_grant", "authorization code is invalid or expired")
	}
	return s.issueTokens(grant{
		issuer:        s.issuerFor(r),
		clientID:      clientID,
		scopes:        c.req.scopes,
		refreshScopes: c.req.scopes,
		nonce:         c.req.nonce,
		audience:      audience,
		authTime:      c.authTime,
		acr:           c.req.acr,
		details:       c.req.details,
		now:           now,
		iss:           iss,
	})
}

// refreshTokenGrant handles grant_type=refresh_token (RFC 6749 §6) with
// rotation and reuse detection (RFC 9700 §4.14.2).
func (s *Server) refreshTokenGrant(r *http.Request, clientID string) (*tokenResponse, *oauthError) {
	raw := r.PostForm.Get("refresh_token")
	if raw == "" {
		return nil, newError("invalid_request", "refresh_token is required")
	}
	issuer := s.issuerFor(r)
	claims, err := s.parseToken(raw, issuer, false)
	if err != nil || claims.kind() != kindRefresh {
		return nil, newError("invalid_grant", "refresh token is invalid or expired")
	}
	if claims.ClientID != clientID {
		return nil, newError("invalid_grant", "refresh token was issued to another client")
	}
	scopes := claims.Scope
	if sc := r.PostForm.Get("scope"); sc != "" {
		requested, ok := parseScope(sc)
		if !ok || len(requested) == 0 {
			return nil, newError("invalid_scope", "scope is malformed")
		}
		for _, sc := range requested {
			if !slices.Contains(claims.Scope, sc) {
				return nil, newError("invalid_scope", "scope "+sc+" exceeds the original grant")
			}
		}
		scopes = requested
	}

	requested, oerr := parseResources(r.PostForm["resource"])
	if oerr != nil {
		return nil, oerr
	}
	now := s.now()
	iss := s.newIssuance(claims.FID, now)
	iss.jkt, iss.x5t = requestJKT(r), requestX5T(r)
	// The resources are checked before the rotation, so that a refused
	// resource does not use up the refresh token.
	audience, oerr := narrowResources(s.store.familyResources(claims.FID), requested)
	if oerr != nil {
		return nil, oerr
	}
	fam, err := s.store.rotateRefresh(claims.FID, claims.ID, now, iss)
	switch {
	case errors.Is(err, errDPoPKeyMismatch):
		return nil, newError("invalid_grant", "the refresh token is bound to another DPoP key")
	case errors.Is(err, errRefreshReused):
		s.opts.Logf("demoidp: token: client %q reused a rotated refresh token; token family revoked", clientID)
		return nil, newError("invalid_grant", "refresh token reuse detected; token family revoked")
	case err != nil:
		return nil, newError("invalid_grant", "refresh token has been revoked")
	}
	return s.issueTokens(grant{
		issuer:        issuer,
		audience:      audience,
		clientID:      clientID,
		scopes:        scopes,
		refreshScopes: claims.Scope,
		authTime:      fam.authTime,
		acr:           fam.acr,
		details:       fam.details,
		now:           now,
		iss:           iss,
	})
}

// authenticateClient authenticates the client of a token, revocation or
// introspection request (RFC 6749 §2.3): HTTP Basic with form-url-encoded
// credentials (client_secret_basic), client_id and client_secret in the body
// (client_secret_post), or client_id alone for public clients (none). Public
// clients may also use Basic with an empty password. r.PostForm must be
// parsed. Failures are invalid_client errors, with status 401 when the
// client tried HTTP authentication.
func (s *Server) authenticateClient(r *http.Request) (string, *oauthError) {
	form := r.PostForm
	var (
		id, secret string
		hasSecret  bool
		viaHeader  = r.Header.Get("Authorization") != ""
	)
	fail := func(desc string) (string, *oauthError) {
		s.opts.Logf("demoidp: client authentication failed: %s", desc)
		e := newError("invalid_client", desc)
		if viaHeader {
			e.status = http.StatusUnauthorized
		}
		return "", e
	}
	if form.Has("client_assertion") || form.Has("client_assertion_type") {
		if viaHeader || form.Has("client_secret") {
			return fail("more than one client authentication method used")
		}
		id, err := s.authenticateAssertion(r)
		if err != nil {
			return fail(err.Error())
		}
		return id, nil
	}
	if viaHeader {
		user, pass, ok := r.BasicAuth()
		if !ok {
			return fail("only HTTP Basic client authentication is supported")
		}
		if form.Has("client_secret") {
			return fail("more than one client authentication method used")
		}
		var err1, err2 error
		id, err1 = url.QueryUnescape(user)
		secret, err2 = url.QueryUnescape(pass)
		if err1 != nil || err2 != nil {
			return fail("malformed HTTP Basic credentials")
		}
		if bodyID := form.Get("client_id"); bodyID != "" && bodyID != id {
			return fail("client_id does not match the HTTP Basic credentials")
		}
		hasSecret = secret != ""
	} else {
		id, secret, hasSecret = form.Get("client_id"), form.Get("client_secret"), form.Has("client_secret")
	}
	if id == "" {
		return fail("client authentication required")
	}
	c, ok := s.client(id)
	switch {
	case !ok:
		return fail("unknown client")
	case c.Secret == "" && hasSecret && secret != "":
		return fail("public client must not send a client_secret")
	case c.usesCertificate() && !hasSecret:
		if err := s.authenticateCertificate(r, c); err != nil {
			return fail(err.Error())
		}
		return id, nil
	case c.Secret == "" && len(c.PublicKeys) > 0:
		return fail("client authentication required: this client uses private_key_jwt")
	case c.Secret == "":
		return id, nil
	case !hasSecret:
		return fail("client authentication required for confidential client")
	case subtle.ConstantTimeCompare([]byte(secret), []byte(c.Secret)) != 1:
		return fail("client authentication failed")
	}
	return id, nil
}

// verifyPKCE reports whether BASE64URL(SHA256(verifier)) equals challenge
// (RFC 7636 §4.6).
func verifyPKCE(verifier, challenge string) bool {
	if !validPKCEValue(verifier) {
		return false
	}
	sum := sha256.Sum256([]byte(verifier))
	return subtle.ConstantTimeCompare([]byte(b64(sum[:])), []byte(challenge)) == 1
}

// joinScope formats scopes as a scope parameter.
func joinScope(scopes []string) string { return strings.Join(scopes, " ") }

// issueTokens issues the tokens of a grant; a failure is logged and
// answered with server_error.
func (s *Server) issueTokens(g grant) (*tokenResponse, *oauthError) {
	resp, err := s.issue(g)
	if err != nil {
		s.opts.Logf("demoidp: token: issue tokens: %v", err)
		return nil, &oauthError{Code: "server_error", Description: "could not issue tokens", status: http.StatusInternalServerError}
	}
	return resp, nil
}

// clientForm reads a POSTed form and authenticates its client, answering
// the request with the OAuth error itself when either fails: the start of
// every client endpoint (token, PAR, device authorization, revocation,
// introspection).
func (s *Server) clientForm(w http.ResponseWriter, r *http.Request) (clientID string, ok bool) {
	if oerr := parsePostForm(w, r); oerr != nil {
		writeError(w, oerr)
		return "", false
	}
	clientID, oerr := s.authenticateClient(r)
	if oerr != nil {
		writeError(w, oerr)
		return "", false
	}
	return clientID, true
}

// tokenForm is clientForm for a request about one token (revocation,
// introspection): it also answers invalid_request when the form names none.
func (s *Server) tokenForm(w http.ResponseWriter, r *http.Request) (clientID, token string, ok bool) {
	clientID, ok = s.clientForm(w, r)
	if !ok {
		return "", "", false
	}
	token = r.PostForm.Get("token")
	if token == "" {
		writeError(w, newError("invalid_request", "token is required"))
		return "", "", false
	}
	return clientID, token, true
}
