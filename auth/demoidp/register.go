package demoidp

import (
	"crypto"
	"crypto/rand"
	"crypto/x509"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"slices"

	"github.com/tokeninspector/tokeninspector/auth/jose"
)

// registrationRequest is the client metadata of RFC 7591 §2 this provider
// reads; other members are ignored.
type registrationRequest struct {
	RedirectURIs            []string        `json:"redirect_uris"`
	GrantTypes              []string        `json:"grant_types"`
	ResponseTypes           []string        `json:"response_types"`
	TokenEndpointAuthMethod string          `json:"token_endpoint_auth_method"`
	ApplicationType         string          `json:"application_type"`
	ClientName              string          `json:"client_name"`
	Scope                   string          `json:"scope"`
	JWKS                    json.RawMessage `json:"jwks"`
	RequestObjectAlg        string          `json:"request_object_signing_alg"`
	TLSClientAuthSubjectDN  string          `json:"tls_client_auth_subject_dn"`
}

// registrationResponse is RFC 7591 §3.2.1's answer: the client's
// identifier, secret and their times, and the metadata as registered.
type registrationResponse struct {
	ClientID                string   `json:"client_id"`
	ClientSecret            string   `json:"client_secret,omitempty"`
	ClientIDIssuedAt        int64    `json:"client_id_issued_at"`
	ClientSecretExpiresAt   *int64   `json:"client_secret_expires_at,omitempty"`
	RedirectURIs            []string `json:"redirect_uris"`
	GrantTypes              []string `json:"grant_types"`
	ResponseTypes           []string `json:"response_types"`
	TokenEndpointAuthMethod string   `json:"token_endpoint_auth_method"`
	ApplicationType         string   `json:"application_type"`
	ClientName              string   `json:"client_name,omitempty"`
	Scope                   string   `json:"scope,omitempty"`
	RequestObjectAlg        string   `json:"request_object_signing_alg,omitempty"`
}

// registrableGrants are the grant types a registered client may ask for.
var registrableGrants = []string{"authorization_code", "refresh_token", "client_credentials", deviceGrantType, tokenExchangeGrantType, jwtBearerGrantType}

// handleRegister serves POST /register, open dynamic client registration
// (RFC 7591 §3): no initial access token is needed. Bad metadata is
// refused with the errors of §3.2.2.
func (s *Server) handleRegister(w http.ResponseWriter, r *http.Request) {
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "application/json" {
		writeError(w, newError("invalid_client_metadata", "the registration request must be application/json"))
		return
	}
	var req registrationRequest
	if err := json.NewDecoder(io.LimitReader(r.Body, maxFormBytes)).Decode(&req); err != nil {
		writeError(w, newError("invalid_client_metadata", "the registration request is not a JSON object of client metadata"))
		return
	}
	resp, cl, oerr := s.registerClient(req)
	if oerr != nil {
		s.opts.Logf("demoidp: register: refused: %s", oerr.Code)
		writeError(w, oerr)
		return
	}
	s.clients.add(resp.ClientID, cl)
	s.opts.Logf("demoidp: register: client %q (%s)", resp.ClientID, resp.TokenEndpointAuthMethod)
	noStore(w)
	writeJSON(w, http.StatusCreated, resp)
}

// registerClient validates the metadata and makes the client, applying
// RFC 7591 §2's defaults.
func (s *Server) registerClient(req registrationRequest) (registrationResponse, Client, *oauthError) {
	bad := func(desc string) (registrationResponse, Client, *oauthError) {
		return registrationResponse{}, Client{}, newError("invalid_client_metadata", desc)
	}
	if len(req.GrantTypes) == 0 {
		req.GrantTypes = []string{"authorization_code"}
	}
	if len(req.ResponseTypes) == 0 && slices.Contains(req.GrantTypes, "authorization_code") {
		req.ResponseTypes = []string{"code"}
	}
	if req.TokenEndpointAuthMethod == "" {
		req.TokenEndpointAuthMethod = "client_secret_basic"
	}
	if req.ApplicationType == "" {
		req.ApplicationType = "web"
	}
	for _, g := range req.GrantTypes {
		if !slices.Contains(registrableGrants, g) {
			return bad("grant type " + g + " is not supported")
		}
	}
	for _, rt := range req.ResponseTypes {
		if rt != "code" {
			return bad("response type " + rt + " is not supported (only code)")
		}
	}
	if slices.Contains(req.ResponseTypes, "code") != slices.Contains(req.GrantTypes, "authorization_code") {
		return bad("response type code and grant type authorization_code go together (RFC 7591 §2.1)")
	}
	methods := clientAuthMethods
	if s.MTLSBase() != "" {
		methods = append(slices.Clone(methods), mtlsAuthMethods...)
	}
	if !slices.Contains(methods, req.TokenEndpointAuthMethod) {
		return bad("token_endpoint_auth_method " + req.TokenEndpointAuthMethod + " is not supported")
	}
	if req.TokenEndpointAuthMethod == "none" && slices.Contains(req.GrantTypes, "client_credentials") {
		return bad("a public client (token_endpoint_auth_method none) cannot use client_credentials")
	}
	if slices.Contains(req.GrantTypes, "authorization_code") && len(req.RedirectURIs) == 0 {
		return registrationResponse{}, Client{}, newError("invalid_redirect_uri", "redirect_uris is required for the authorization_code grant")
	}
	for _, u := range req.RedirectURIs {
		if err := validateRedirectURI(u); err != nil {
			return registrationResponse{}, Client{}, newError("invalid_redirect_uri", u+": "+err.Error()+" (native clients use loopback redirects, RFC 8252 §7.3)")
		}
	}
	keys, certs, err := registeredKeys(req.JWKS)
	if err != nil {
		return bad("jwks: " + err.Error())
	}
	var thumbprints []string
	switch req.TokenEndpointAuthMethod {
	case "self_signed_tls_client_auth":
		// RFC 8705 §2.2: the certificates come as the x5c of jwks keys.
		for _, c := range certs {
			thumbprints = append(thumbprints, certThumbprint(c))
		}
		if len(thumbprints) == 0 {
			return bad("self_signed_tls_client_auth needs the client's certificate as an x5c in jwks")
		}
	case "tls_client_auth":
		if req.TLSClientAuthSubjectDN == "" {
			return bad("tls_client_auth needs tls_client_auth_subject_dn")
		}
		if s.opts.ClientCAs == nil {
			return bad("tls_client_auth: this provider trusts no client CA; use self_signed_tls_client_auth")
		}
	}
	if req.TokenEndpointAuthMethod == "private_key_jwt" && len(keys) == 0 {
		return bad("private_key_jwt needs the client's public keys in jwks")
	}
	if alg := req.RequestObjectAlg; alg != "" {
		if !slices.Contains(requestObjectAlgs, alg) {
			return bad("request_object_signing_alg " + alg + " is not supported")
		}
		if alg != "none" && len(keys) == 0 {
			return bad("request_object_signing_alg " + alg + " needs the client's public keys in jwks")
		}
	}
	cl := Client{PublicKeys: keys, RedirectURIs: req.RedirectURIs, RequestObjectAlg: req.RequestObjectAlg,
		TLSCertThumbprints: thumbprints, TLSSubjectDN: req.TLSClientAuthSubjectDN}
	if len(thumbprints) > 0 {
		cl.PublicKeys = nil // the certificate's key authenticates by TLS, not by signed assertions
	}
	resp := registrationResponse{
		ClientID:                "dyn-" + rand.Text(),
		ClientIDIssuedAt:        s.now().Unix(),
		RedirectURIs:            req.RedirectURIs,
		GrantTypes:              req.GrantTypes,
		ResponseTypes:           req.ResponseTypes,
		TokenEndpointAuthMethod: req.TokenEndpointAuthMethod,
		ApplicationType:         req.ApplicationType,
		ClientName:              req.ClientName,
		Scope:                   req.Scope,
		RequestObjectAlg:        req.RequestObjectAlg,
	}
	switch req.TokenEndpointAuthMethod {
	case "client_secret_basic", "client_secret_post", "client_secret_jwt":
		cl.Secret = rand.Text() + rand.Text() // 52 characters: long enough for HS256
		resp.ClientSecret = cl.Secret
		never := int64(0)
		resp.ClientSecretExpiresAt = &never // RFC 7591 §3.2.1: 0 = does not expire
	}
	return resp, cl, nil
}

// registeredKeys reads the public keys of a registration's jwks member,
// and the first x5c certificate of each key that has one.
func registeredKeys(raw json.RawMessage) ([]crypto.PublicKey, []*x509.Certificate, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return nil, nil, nil
	}
	keys, err := jose.ParseKeys(raw)
	if err != nil {
		return nil, nil, err
	}
	var out []crypto.PublicKey
	var certs []*x509.Certificate
	for _, k := range keys {
		if !k.IsPublic() {
			return nil, nil, errNotPublic
		}
		out = append(out, k.Key)
		if len(k.Certificates) > 0 {
			certs = append(certs, k.Certificates[0])
		}
	}
	return out, certs, nil
}

// errNotPublic refuses a registration that sends a private key.
var errNotPublic = errors.New("a key in jwks is private: send only public keys")
