package demoidp

import (
	"net/http"
	"slices"

	jose "github.com/go-jose/go-jose/v4"
)

// discoveryDocument is the OpenID Provider Metadata (OpenID Connect
// Discovery 1.0 §3, RFC 8414), in this field order.
type discoveryDocument struct {
	Issuer                                    string   `json:"issuer"`
	AuthorizationEndpoint                     string   `json:"authorization_endpoint"`
	TokenEndpoint                             string   `json:"token_endpoint"`
	JWKSURI                                   string   `json:"jwks_uri"`
	UserinfoEndpoint                          string   `json:"userinfo_endpoint"`
	RevocationEndpoint                        string   `json:"revocation_endpoint"`
	IntrospectionEndpoint                     string   `json:"introspection_endpoint"`
	ResponseTypesSupported                    []string `json:"response_types_supported"`
	ResponseModesSupported                    []string `json:"response_modes_supported"`
	GrantTypesSupported                       []string `json:"grant_types_supported"`
	CodeChallengeMethodsSupported             []string `json:"code_challenge_methods_supported"`
	TokenEndpointAuthMethodsSupported         []string `json:"token_endpoint_auth_methods_supported"`
	RevocationEndpointAuthMethodsSupported    []string `json:"revocation_endpoint_auth_methods_supported"`
	IntrospectionEndpointAuthMethodsSupported []string `json:"introspection_endpoint_auth_methods_supported"`
	IDTokenSigningAlgValuesSupported          []string `json:"id_token_signing_alg_values_supported"`
	SubjectTypesSupported                     []string `json:"subject_types_supported"`
	ScopesSupported                           []string `json:"scopes_supported"`
	ClaimsSupported                           []string `json:"claims_supported"`
	AuthorizationResponseIssParameter         bool     `json:"authorization_response_iss_parameter_supported"`
	PAREndpoint                               string   `json:"pushed_authorization_request_endpoint"`
	RequirePAR                                bool     `json:"require_pushed_authorization_requests"`
	DeviceAuthorizationEndpoint               string   `json:"device_authorization_endpoint"`
	EndSessionEndpoint                        string   `json:"end_session_endpoint"`
	DPoPSigningAlgValuesSupported             []string `json:"dpop_signing_alg_values_supported"`
	TokenEndpointAuthSigningAlgValues         []string `json:"token_endpoint_auth_signing_alg_values_supported"`
	RegistrationEndpoint                      string   `json:"registration_endpoint"`
	RequestParameterSupported                 bool     `json:"request_parameter_supported"`
	RequestURIParameterSupported              bool     `json:"request_uri_parameter_supported"`
	RequestObjectSigningAlgValuesSupported    []string `json:"request_object_signing_alg_values_supported"`
	// JARM (§3), the claims parameter and acr (OpenID Connect Discovery
	// §3), rich authorization requests (RFC 9396 §10).
	AuthorizationSigningAlgValuesSupported    []string `json:"authorization_signing_alg_values_supported"`
	AuthorizationEncryptionAlgValuesSupported []string `json:"authorization_encryption_alg_values_supported"`
	AuthorizationEncryptionEncValuesSupported []string `json:"authorization_encryption_enc_values_supported"`
	ClaimsParameterSupported                  bool     `json:"claims_parameter_supported"`
	ACRValuesSupported                        []string `json:"acr_values_supported"`
	AuthorizationDetailsTypesSupported        []string `json:"authorization_details_types_supported"`
	// The mTLS listener's URLs (RFC 8705 §5), when it runs.
	MTLSEndpointAliases                *mtlsAliases `json:"mtls_endpoint_aliases,omitempty"`
	TLSClientCertificateBoundAccessTok bool         `json:"tls_client_certificate_bound_access_tokens,omitempty"`
}

// mtlsAliases are the endpoints served on the mTLS listener.
type mtlsAliases struct {
	TokenEndpoint               string `json:"token_endpoint"`
	PAREndpoint                 string `json:"pushed_authorization_request_endpoint"`
	IntrospectionEndpoint       string `json:"introspection_endpoint"`
	RevocationEndpoint          string `json:"revocation_endpoint"`
	UserinfoEndpoint            string `json:"userinfo_endpoint"`
	DeviceAuthorizationEndpoint string `json:"device_authorization_endpoint"`
}

// algNames are the names of algs.
func algNames(algs []jose.SignatureAlgorithm) []string {
	out := make([]string, len(algs))
	for i, a := range algs {
		out[i] = string(a)
	}
	return out
}

// clientAuthMethods are the supported client authentication methods.
var clientAuthMethods = []string{"client_secret_post", "client_secret_basic", "none", "client_secret_jwt", "private_key_jwt"}

// mtlsAuthMethods are the methods added when the mTLS listener runs.
var mtlsAuthMethods = []string{"tls_client_auth", "self_signed_tls_client_auth"}

// handleDiscovery serves GET /.well-known/openid-configuration.
func (s *Server) handleDiscovery(w http.ResponseWriter, r *http.Request) {
	iss := s.issuerFor(r)
	w.Header().Set("Cache-Control", "no-cache")
	methods := clientAuthMethods
	var aliases *mtlsAliases
	if m := s.MTLSBase(); m != "" {
		methods = append(slices.Clone(methods), mtlsAuthMethods...)
		aliases = &mtlsAliases{TokenEndpoint: m + pathToken, PAREndpoint: m + pathPAR, IntrospectionEndpoint: m + pathIntrospect,
			RevocationEndpoint: m + pathRevoke, UserinfoEndpoint: m + pathUserinfo, DeviceAuthorizationEndpoint: m + pathDeviceAuth}
	}
	writeJSON(w, http.StatusOK, discoveryDocument{
		MTLSEndpointAliases:                       aliases,
		TLSClientCertificateBoundAccessTok:        aliases != nil,
		Issuer:                                    iss,
		AuthorizationEndpoint:                     iss + pathAuthorize,
		TokenEndpoint:                             iss + pathToken,
		JWKSURI:                                   iss + pathJWKS,
		UserinfoEndpoint:                          iss + pathUserinfo,
		RevocationEndpoint:                        iss + pathRevoke,
		IntrospectionEndpoint:                     iss + pathIntrospect,
		ResponseTypesSupported:                    []string{"code"},
		ResponseModesSupported:                    responseModes,
		GrantTypesSupported:                       []string{"authorization_code", "refresh_token", "client_credentials", deviceGrantType, tokenExchangeGrantType, jwtBearerGrantType},
		CodeChallengeMethodsSupported:             []string{"S256"},
		TokenEndpointAuthMethodsSupported:         methods,
		RevocationEndpointAuthMethodsSupported:    methods,
		IntrospectionEndpointAuthMethodsSupported: methods,
		IDTokenSigningAlgValuesSupported:          []string{s.keys.method().Alg()},
		SubjectTypesSupported:                     []string{"public"},
		ScopesSupported:                           []string{"openid", "profile", "email", "offline_access"},
		ClaimsSupported: []string{
			"iss", "sub", "aud", "exp", "iat", "auth_time", "acr", "nonce", "at_hash", "email", "email_verified", "name",
		},
		AuthorizationResponseIssParameter: true,
		PAREndpoint:                       iss + pathPAR,
		RequirePAR:                        s.opts.RequirePAR,
		DeviceAuthorizationEndpoint:       iss + pathDeviceAuth,
		EndSessionEndpoint:                iss + pathEndSession,
		DPoPSigningAlgValuesSupported:     algNames(dpopAlgs),
		TokenEndpointAuthSigningAlgValues: assertionAlgs,
		RegistrationEndpoint:              iss + pathRegister,
		RequestParameterSupported:         true,
		// request_uri only as the pushed request's URN (RFC 9126), never fetched.
		RequestURIParameterSupported:              false,
		RequestObjectSigningAlgValuesSupported:    requestObjectAlgs,
		AuthorizationSigningAlgValuesSupported:    []string{s.keys.method().Alg()},
		AuthorizationEncryptionAlgValuesSupported: jarmEncryptionAlgs,
		AuthorizationEncryptionEncValuesSupported: jarmEncryptionEncs,
		ClaimsParameterSupported:                  true,
		ACRValuesSupported:                        acrValues,
		AuthorizationDetailsTypesSupported:        authorizationDetailsTypes,
	})
}
