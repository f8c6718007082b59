package auth

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
)

// The profile fields a ProfileError can name.
const (
	FieldClientID     = "client_id"
	FieldClientSecret = "client_secret"
	FieldClientKey    = "client_key"
	FieldIssuer       = "issuer"
)

// ProfileError is a profile lacking something a login needs, said twice:
// Msg in the command line's words (its flags), Window in the window's
// (its fields); Field names the field to fill in, for a form to mark.
type ProfileError struct {
	Profile, Field, Msg, Window string
}

// Error reads as the command line says it: "profile NAME: MSG".
func (e *ProfileError) Error() string { return "profile " + e.Profile + ": " + e.Msg }

// Validate reports what a profile lacks before a login can start. Endpoints
// may still come from discovery, so only the shape is checked here.
func (p Profile) Validate() error {
	if strings.TrimSpace(p.Name) == "" {
		return fmt.Errorf("profile: name is empty")
	}
	p = p.WithSecurityProfile()
	if err := p.validateSecurityProfile(); err != nil {
		return fmt.Errorf("profile %s: %w", p.Name, err)
	}
	if p.Demo {
		return nil
	}
	// RFC 7523 §3.1: the JWT bearer grant needs no client authentication,
	// so no client id (a Google service account has none).
	if p.ClientID == "" && (p.Grant != GrantJWTBearer || p.Auth() != AuthNone) {
		return &ProfileError{Profile: p.Name, Field: FieldClientID, Msg: "client_id is empty", Window: "Set the Client ID (✎): the provider gives it when you register the app"}
	}
	if p.Issuer == "" && p.TokenURL == "" {
		return &ProfileError{Profile: p.Name, Field: FieldIssuer, Msg: "set an issuer (for discovery) or the token endpoint", Window: "Set the Issuer (for discovery) or the Token URL (✎)"}
	}
	if p.Issuer == "" && p.AuthURL == "" && p.GrantType() == GrantAuthorizationCode {
		return &ProfileError{Profile: p.Name, Field: FieldIssuer, Msg: "set an issuer (for discovery) or both the authorization and token endpoints", Window: "Set the Issuer (for discovery), or both the Authorize URL and the Token URL (✎)"}
	}
	if _, err := ParseClientAuth(string(p.ClientAuth)); err != nil {
		return fmt.Errorf("profile %s: %w", p.Name, err)
	}
	switch p.Auth() {
	case AuthNone:
	case AuthPrivateKeyJWT:
		if p.ClientKeyFile == "" {
			return &ProfileError{Profile: p.Name, Field: FieldClientKey, Msg: "private_key_jwt needs a client key file (flag --client-key)", Window: "Client auth private_key_jwt needs a client key file: choose one (✎)"}
		}
	case AuthTLSClient, AuthSelfSignedTLS:
		if !p.HasCertificate() {
			return fmt.Errorf("profile %s: %s needs a client certificate (flags --tls-cert and --tls-key)", p.Name, p.Auth())
		}
	default:
		// With an issuer and no client authentication set, discovery
		// picks one: none when there is no secret (oidc.applyDefaults).
		if p.ClientSecret == "" && (p.ClientAuth != "" || p.Issuer == "") {
			return &ProfileError{Profile: p.Name, Field: FieldClientSecret,
				Msg:    fmt.Sprintf("%s needs a client secret (flag --client-secret, $%s, or the keyring)", p.Auth(), SecretEnvVar),
				Window: fmt.Sprintf("Fill in the Client secret (client auth %s needs one), or choose client auth none for a public client", p.Auth())}
		}
	}
	if _, err := ParseGrant(string(p.Grant)); err != nil {
		return fmt.Errorf("profile %s: %w", p.Name, err)
	}
	if p.Grant == GrantJWTBearer && p.AssertionKey == "" && p.Assertion == "" {
		return fmt.Errorf("profile %s: the jwt-bearer grant needs an assertion key (--assertion-key) or an assertion (--assertion)", p.Name)
	}
	if c := strings.TrimSpace(p.AssertionClaims); c != "" {
		var m map[string]any
		if err := json.Unmarshal([]byte(c), &m); err != nil {
			return fmt.Errorf("profile %s: the assertion claims are not a JSON object: %w", p.Name, err)
		}
	}
	if p.TLSKey != "" && p.TLSCert == "" {
		return fmt.Errorf("profile %s: a TLS key file without its certificate (flag --tls-cert)", p.Name)
	}
	if p.Grant == GrantClientCredentials && p.Auth() == AuthNone {
		return fmt.Errorf("profile %s: client_credentials needs a confidential client (not client authentication none)", p.Name)
	}
	switch p.PAR {
	case PARAuto, PAROn, PAROff:
	default:
		return fmt.Errorf("profile %s: par is %q (want on, off or empty for automatic)", p.Name, p.PAR)
	}
	if err := ValidateResponseMode(p.ResponseMode); err != nil {
		return fmt.Errorf("profile %s: %w", p.Name, err)
	}
	if err := ValidateRequestObjectAlg(p.RequestObject); err != nil {
		return fmt.Errorf("profile %s: %w", p.Name, err)
	}
	if err := ValidateDPoPAlg(p.DPoPAlg); err != nil {
		return fmt.Errorf("profile %s: %w", p.Name, err)
	}
	if err := p.AuthRequest.Validate(); err != nil {
		return fmt.Errorf("profile %s: %w", p.Name, err)
	}
	if p.RequestObject != "" && p.RequestObject != RequestObjectNone && p.ClientKeyFile == "" {
		return fmt.Errorf("profile %s: a %s request object needs a client key file (flag --client-key)", p.Name, p.RequestObject)
	}
	switch p.AssertionAudience {
	case AssertionAudTokenEndpoint, AssertionAudIssuer:
	default:
		return fmt.Errorf("profile %s: assertion_audience is %q (want issuer or empty for the token endpoint)", p.Name, p.AssertionAudience)
	}
	for _, u := range append([]string{p.Issuer}, p.Endpoints.URLs()...) {
		if u == "" {
			continue
		}
		pu, err := url.Parse(u)
		if err != nil || pu.Host == "" || (pu.Scheme != "https" && pu.Scheme != "http") {
			return fmt.Errorf("profile %s: %q is not an http(s) URL", p.Name, u)
		}
	}
	for _, r := range p.Resources {
		if u, err := url.Parse(r); err != nil || !u.IsAbs() || u.Fragment != "" || strings.Contains(r, "#") {
			return fmt.Errorf("profile %s: resource %q is not an absolute URI without a fragment (RFC 8707 §2)", p.Name, r)
		}
	}
	for _, port := range p.RedirectPorts {
		if port < 0 || port > 65535 {
			return fmt.Errorf("profile %s: redirect port %d out of range", p.Name, port)
		}
	}
	return nil
}
