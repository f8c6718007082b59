package demoidp

import (
	"encoding/json"
	"net/http"
	"slices"
	"time"
)

// Grant type URNs.
const (
	deviceGrantType        = "urn:ietf:params:oauth:grant-type:device_code"    // RFC 8628 §3.4
	tokenExchangeGrantType = "urn:ietf:params:oauth:grant-type:token-exchange" // RFC 8693 §2.1
	tokenTypeAccess        = "urn:ietf:params:oauth:token-type:access_token"
	tokenTypeID            = "urn:ietf:params:oauth:token-type:id_token"
	tokenTypeJWT           = "urn:ietf:params:oauth:token-type:jwt"
)

// serviceScopes are the scopes a client_credentials request may ask for.
var serviceScopes = []string{"api", "api.read", "api.write"}

// clientCredentialsGrant handles grant_type=client_credentials (RFC 6749
// §4.4): confidential clients only, an access token whose sub is the
// client, no refresh token.
func (s *Server) clientCredentialsGrant(r *http.Request, clientID string) (*tokenResponse, *oauthError) {
	if c, _ := s.client(clientID); c.public() {
		return nil, newError("unauthorized_client", "a public client cannot use client_credentials")
	}
	scopes, ok := parseScope(r.PostForm.Get("scope"))
	if !ok {
		return nil, newError("invalid_scope", "scope is malformed")
	}
	for _, sc := range scopes {
		if !slices.Contains(serviceScopes, sc) {
			return nil, newError("invalid_scope", "scope "+sc+" is not available to client_credentials (try api)")
		}
	}
	resources, oerr := parseResources(r.PostForm["resource"])
	if oerr != nil {
		return nil, oerr
	}
	details, oerr := parseAuthorizationDetails(r.PostForm.Get("authorization_details"))
	if oerr != nil {
		return nil, oerr
	}
	return s.issueAccessOnly(r, accessOnly{clientID: clientID, sub: clientID, scopes: scopes,
		audience: audienceOf(r.PostForm.Get("audience"), resources), details: details})
}

// tokenExchangeGrant handles the token exchange grant (RFC 8693): the
// subject token must be an active access token or a valid ID token issued
// here; the new access token keeps its subject, carries the audience and,
// with an actor token, an act claim.
func (s *Server) tokenExchangeGrant(r *http.Request, clientID string) (*tokenResponse, *oauthError) {
	form := r.PostForm
	subject, subjectType := form.Get("subject_token"), form.Get("subject_token_type")
	if subject == "" || subjectType == "" {
		return nil, newError("invalid_request", "subject_token and subject_token_type are required")
	}
	if rt := form.Get("requested_token_type"); rt != "" && rt != tokenTypeAccess && rt != tokenTypeJWT {
		return nil, newError("invalid_target", "only access tokens can be issued")
	}
	sub, oerr := s.exchangeSubject(r, subject, subjectType)
	if oerr != nil {
		return nil, oerr
	}
	var act *actor
	if at := form.Get("actor_token"); at != "" {
		if form.Get("actor_token_type") == "" {
			return nil, newError("invalid_request", "actor_token_type is required with actor_token")
		}
		asub, oerr := s.exchangeSubject(r, at, form.Get("actor_token_type"))
		if oerr != nil {
			return nil, newError("invalid_request", "actor_token: "+oerr.Description)
		}
		act = &actor{Sub: asub}
	}
	scopes, ok := parseScope(form.Get("scope"))
	if !ok {
		return nil, newError("invalid_scope", "scope is malformed")
	}
	resources, oerr := parseResources(form["resource"])
	if oerr != nil {
		return nil, oerr
	}
	return s.issueAccessOnly(r, accessOnly{clientID: clientID, sub: sub, scopes: scopes,
		audience: audienceOf(form.Get("audience"), resources), act: act, issuedType: tokenTypeAccess})
}

// exchangeSubject validates a subject or actor token and returns its sub.
func (s *Server) exchangeSubject(r *http.Request, raw, typ string) (string, *oauthError) {
	claims, err := s.parseToken(raw, s.issuerFor(r), false)
	if err != nil {
		return "", newError("invalid_request", "subject_token is invalid or expired")
	}
	switch typ {
	case tokenTypeAccess, tokenTypeJWT:
		if claims.kind() == kindAccess && s.store.accessActive(claims.ID) {
			return claims.Subject, nil
		}
		if typ == tokenTypeJWT && claims.Subject != "" {
			return claims.Subject, nil
		}
		return "", newError("invalid_request", "subject_token is not an active access token")
	case tokenTypeID:
		if len(claims.Audience) == 0 || claims.Subject == "" {
			return "", newError("invalid_request", "subject_token is not an ID token")
		}
		return claims.Subject, nil
	}
	return "", newError("invalid_request", "subject_token_type "+typ+" is not supported")
}

// accessOnly describes an access token issued alone (no refresh or ID
// token): client credentials, token exchange, JWT bearer.
type accessOnly struct {
	clientID, sub string
	scopes        []string
	audience      []string        // aud: the resources it is for (RFC 8707)
	act           *actor          // token exchange's actor, or nil
	issuedType    string          // token exchange's issued_token_type, or ""
	details       json.RawMessage // authorization_details granted (RFC 9396 §6, §7)
}

// issueAccessOnly signs an access token without a refresh or ID token.
func (s *Server) issueAccessOnly(r *http.Request, g accessOnly) (*tokenResponse, *oauthError) {
	clientID, scopes := g.clientID, g.scopes
	now := s.now()
	jti, jkt := newUUID(), requestJKT(r)
	exp := now.Add(s.opts.AccessTTL)
	access, err := s.keys.sign(accessClaims{
		Sub:         g.sub,
		Scope:       nonNil(scopes),
		Iss:         s.issuerFor(r),
		DataCenter:  dataCenter,
		Exp:         exp.Unix(),
		Iat:         now.Unix(),
		Authorities: authorities,
		JTI:         jti,
		ClientID:    clientID,
		Aud:         g.audience,
		Act:         g.act,
		Cnf:         cnfFor(jkt, requestX5T(r)),
	})
	if err != nil {
		s.opts.Logf("demoidp: token: issue access token: %v", err)
		return nil, &oauthError{Code: "server_error", Description: "could not issue tokens", status: http.StatusInternalServerError}
	}
	s.store.addAccessOnly(jti, clientID, now, exp)
	return &tokenResponse{
		AccessToken:          access,
		TokenType:            tokenTypeFor(jkt),
		ExpiresIn:            int64(s.opts.AccessTTL / time.Second),
		Scope:                joinScope(scopes),
		JTI:                  jti,
		IssuedTokenType:      g.issuedType,
		AuthorizationDetails: g.details,
	}, nil
}
