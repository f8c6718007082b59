package oidc

import (
	"bytes"
	"cmp"
	"context"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/tokeninspector/tokeninspector/auth"
	"github.com/tokeninspector/tokeninspector/auth/discovery"

	gojose "github.com/go-jose/go-jose/v4"
)

// Registration is what dynamic client registration (RFC 7591 §3.2.1) gave
// a profile. The secret never goes into JSON output.
type Registration struct {
	ClientID              string   `json:"client_id"`
	ClientSecret          string   `json:"-"`
	SecretIssued          bool     `json:"client_secret_issued"`
	ClientIDIssuedAt      int64    `json:"client_id_issued_at,omitempty"`
	ClientSecretExpiresAt int64    `json:"client_secret_expires_at"`
	AuthMethod            string   `json:"token_endpoint_auth_method"`
	RedirectURIs          []string `json:"redirect_uris,omitempty"`
	GrantTypes            []string `json:"grant_types,omitempty"`
	Endpoint              string   `json:"registration_endpoint"`
}

// Apply writes the registered client into p: its id, secret (kept in
// memory; the caller stores it in the keyring), times and auth method.
func (r *Registration) Apply(p *auth.Profile) {
	p.ClientID, p.ClientIDIssuedAt, p.ClientSecretExpiresAt = r.ClientID, r.ClientIDIssuedAt, r.ClientSecretExpiresAt
	p.ClientAuth = auth.ClientAuth(r.AuthMethod)
	p.ClientSecret, p.SecretSource = "", ""
	if r.ClientSecret != "" {
		p.ClientSecret, p.SecretSource = r.ClientSecret, auth.SecretTyped
	}
}

// RegistrationError is a registration endpoint's refusal (RFC 7591 §3.2.2),
// explained.
type RegistrationError struct {
	Status      int
	Code        string // invalid_redirect_uri, invalid_client_metadata, …
	Description string
	Sent        []string // the redirect URIs sent, for invalid_redirect_uri
}

// Error says what the provider refused and what to change.
func (e *RegistrationError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "client registration refused (HTTP %d", e.Status)
	if e.Code != "" {
		fmt.Fprintf(&b, ", %s", e.Code)
	}
	b.WriteString(")")
	if e.Description != "" {
		fmt.Fprintf(&b, ": %s", e.Description)
	}
	switch e.Code {
	case "invalid_redirect_uri":
		fmt.Fprintf(&b, " — the provider does not accept the redirect URI(s) %s; Token Inspector listens on 127.0.0.1 (RFC 8252 §7.3): set the redirect ports the provider allows", strings.Join(e.Sent, ", "))
	case "invalid_client_metadata":
		b.WriteString(" — the provider refused a client setting (grant types, client authentication, keys or request object algorithm): change the profile's and register again")
	case "invalid_software_statement", "unapproved_software_statement":
		b.WriteString(" — the provider wants a software statement Token Inspector does not have")
	}
	if e.Status == http.StatusUnauthorized || e.Status == http.StatusForbidden {
		b.WriteString(" — this provider does not allow open registration (it needs an initial access token, RFC 7591 §3)")
	}
	return b.String()
}

// registrationMetadata is the client metadata Token Inspector registers:
// a native app with loopback redirects.
type registrationMetadata struct {
	ApplicationType         string                `json:"application_type"`
	ClientName              string                `json:"client_name"`
	RedirectURIs            []string              `json:"redirect_uris,omitempty"`
	GrantTypes              []string              `json:"grant_types"`
	ResponseTypes           []string              `json:"response_types"`
	TokenEndpointAuthMethod string                `json:"token_endpoint_auth_method"`
	Scope                   string                `json:"scope,omitempty"`
	JWKS                    *gojose.JSONWebKeySet `json:"jwks,omitempty"`
	RequestObjectAlg        string                `json:"request_object_signing_alg,omitempty"`
	// TLSClientAuthSubjectDN names the certificate of a tls_client_auth
	// client (RFC 8705 §2.1.2).
	TLSClientAuthSubjectDN string `json:"tls_client_auth_subject_dn,omitempty"`
}

// RegistrationRedirectURIs are the loopback redirect URIs of p: one per
// fixed redirect port, or http://127.0.0.1/callback without one, whose
// port the provider ignores (RFC 8252 §7.3).
func RegistrationRedirectURIs(p auth.Profile) []string {
	var out []string
	for _, port := range p.RedirectPorts {
		if port > 0 {
			out = append(out, "http://127.0.0.1:"+strconv.Itoa(port)+"/callback")
		}
	}
	if len(out) == 0 {
		out = []string{"http://127.0.0.1/callback"}
	}
	return out
}

// registrationRequest is the metadata of p. With no client authentication
// set, a native app registers as a public client ("none", PKCE).
func registrationRequest(p auth.Profile) (registrationMetadata, error) {
	m := registrationMetadata{
		ApplicationType: "native", ClientName: "Token Inspector (" + p.Name + ")",
		TokenEndpointAuthMethod: string(p.ClientAuth), Scope: strings.Join(p.Scopes, " "),
		RequestObjectAlg: p.RequestObject,
	}
	if m.TokenEndpointAuthMethod == "" {
		m.TokenEndpointAuthMethod = string(auth.AuthNone)
	}
	switch p.GrantType() {
	case auth.GrantClientCredentials:
		m.GrantTypes, m.ResponseTypes = []string{"client_credentials"}, []string{}
	case auth.GrantDeviceCode:
		m.GrantTypes, m.ResponseTypes = []string{auth.DeviceGrantType, "refresh_token"}, []string{}
	case auth.GrantJWTBearer:
		m.GrantTypes, m.ResponseTypes = []string{auth.JWTBearerGrantType}, []string{}
	default:
		m.GrantTypes, m.ResponseTypes = []string{"authorization_code", "refresh_token"}, []string{"code"}
		m.RedirectURIs = RegistrationRedirectURIs(p)
	}
	needKey := m.TokenEndpointAuthMethod == string(auth.AuthPrivateKeyJWT) || (p.RequestObject != "" && p.RequestObject != auth.RequestObjectNone)
	if needKey {
		ck, err := LoadClientKey(p.ClientKeyFile)
		if err != nil {
			return m, err
		}
		m.JWKS = &gojose.JSONWebKeySet{Keys: []gojose.JSONWebKey{{Key: ck.Key.Public(), KeyID: ck.KeyID, Algorithm: ck.Algorithm, Use: "sig"}}}
	}
	if method := auth.ClientAuth(m.TokenEndpointAuthMethod); method.UsesCertificate() {
		cert, err := auth.LoadClientCertificate(p.TLSCert, p.TLSKey, p.TLSPassword)
		if err != nil {
			return m, err
		}
		if method == auth.AuthTLSClient {
			m.TLSClientAuthSubjectDN = cert.Leaf.Subject.String()
		} else {
			// RFC 8705 §2.2: a self-signed certificate is registered as
			// the x5c of a key in jwks.
			if m.JWKS == nil {
				m.JWKS = &gojose.JSONWebKeySet{}
			}
			m.JWKS.Keys = append(m.JWKS.Keys, gojose.JSONWebKey{Key: cert.Leaf.PublicKey, KeyID: cert.Thumbprint(), Certificates: []*x509.Certificate{cert.Leaf}})
		}
	}
	return m, nil
}

// maxRegistrationAnswer bounds the registration endpoint's answer.
const maxRegistrationAnswer = 1 << 20

// Register registers p as a new client at its provider's
// registration_endpoint (RFC 7591 §3.1) and returns the registration; apply
// it to the profile with Registration.Apply.
func Register(ctx context.Context, env Env, p auth.Profile) (*Registration, error) {
	env = env.withDefaults()
	if p.Issuer == "" {
		return nil, errors.New("register: the profile needs an issuer (the registration endpoint comes from discovery)")
	}
	md, err := discovery.Discover(ctx, env.HTTP, p.Issuer)
	if err != nil {
		return nil, fmt.Errorf("register: %w", err)
	}
	if md.RegistrationURL == "" {
		return nil, fmt.Errorf("register: the provider %s offers no registration_endpoint (no dynamic client registration)", p.Issuer)
	}
	return RegisterAt(ctx, env, p, md.RegistrationURL)
}

// RegisterAt registers p as a new client at the registration endpoint of
// its issuer's metadata (RFC 7591 §3.1), already fetched.
func RegisterAt(ctx context.Context, env Env, p auth.Profile, endpoint string) (*Registration, error) {
	env = env.withDefaults()
	if eu, err := url.Parse(endpoint); err != nil || (eu.Scheme != "https" && !(eu.Scheme == "http" && strings.HasPrefix(p.Issuer, "http://"))) {
		return nil, fmt.Errorf("register: registration_endpoint %q is not an https URL: refused (the client secret would travel in clear)", endpoint)
	}
	meta, err := registrationRequest(p)
	if err != nil {
		return nil, fmt.Errorf("register: %w", err)
	}
	body, err := json.Marshal(meta)
	if err != nil {
		return nil, fmt.Errorf("register: %w", err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint, bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("register: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	resp, err := env.HTTP.Do(req)
	if err != nil {
		return nil, fmt.Errorf("register: %s: %w", endpoint, auth.ExplainNetwork(err))
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, maxRegistrationAnswer))
	if err != nil {
		return nil, fmt.Errorf("register: reading the answer of %s: %w", endpoint, err)
	}
	if resp.StatusCode != http.StatusCreated && resp.StatusCode != http.StatusOK {
		var e struct {
			Code string `json:"error"`
			Desc string `json:"error_description"`
		}
		_ = json.Unmarshal(raw, &e)
		return nil, &RegistrationError{Status: resp.StatusCode, Code: e.Code, Description: e.Desc, Sent: meta.RedirectURIs}
	}
	var got struct {
		ClientID              string   `json:"client_id"`
		ClientSecret          string   `json:"client_secret"`
		ClientIDIssuedAt      int64    `json:"client_id_issued_at"`
		ClientSecretExpiresAt int64    `json:"client_secret_expires_at"`
		AuthMethod            string   `json:"token_endpoint_auth_method"`
		RedirectURIs          []string `json:"redirect_uris"`
		GrantTypes            []string `json:"grant_types"`
	}
	if err := json.Unmarshal(raw, &got); err != nil {
		return nil, fmt.Errorf("register: the answer of %s is not JSON: %w", endpoint, err)
	}
	if got.ClientID == "" {
		return nil, fmt.Errorf("register: the answer of %s has no client_id", endpoint)
	}
	r := &Registration{
		ClientID: got.ClientID, ClientSecret: got.ClientSecret, SecretIssued: got.ClientSecret != "",
		ClientIDIssuedAt: got.ClientIDIssuedAt, ClientSecretExpiresAt: got.ClientSecretExpiresAt,
		AuthMethod: cmp.Or(got.AuthMethod, meta.TokenEndpointAuthMethod), RedirectURIs: got.RedirectURIs, GrantTypes: got.GrantTypes,
		Endpoint: endpoint,
	}
	if _, err := auth.ParseClientAuth(r.AuthMethod); err != nil {
		return nil, fmt.Errorf("register: the provider registered the client with %w", err)
	}
	env.Logf("register: registered client %s at %s (%s)", r.ClientID, endpoint, r.AuthMethod)
	return r, nil
}
