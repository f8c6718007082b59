package auth

import (
	"fmt"
	"slices"

	"github.com/tokeninspector/tokeninspector/auth/jose"
)

// Response modes a login can ask for (OAuth 2.0 Form Post Response Mode;
// JWT Secured Authorization Response Mode, JARM §2.3).
const (
	ResponseModeQuery       = ""              // the default: the response in the redirect's query
	ResponseModeFormPost    = "form_post"     // the browser POSTs the response to the redirect URI
	ResponseModeJWT         = "jwt"           // JARM, the provider's default delivery (query.jwt for code)
	ResponseModeQueryJWT    = "query.jwt"     // JARM: a response JWT in the redirect's query
	ResponseModeFormPostJWT = "form_post.jwt" // JARM: a response JWT POSTed to the redirect URI
)

// ResponseModes are the response modes a profile can set ("" is query).
var ResponseModes = []string{"query", ResponseModeFormPost, ResponseModeJWT, ResponseModeQueryJWT, ResponseModeFormPostJWT}

// ValidateResponseMode accepts "" and ResponseModes. fragment and
// fragment.jwt are not: a loopback listener cannot read a fragment.
func ValidateResponseMode(m string) error {
	if m == ResponseModeQuery || slices.Contains(ResponseModes, m) {
		return nil
	}
	return fmt.Errorf("response_mode is %q (want form_post, jwt, query.jwt, form_post.jwt, or empty for the query string)", m)
}

// IsJARM reports whether response mode m asks for a JWT-secured
// authorization response.
func IsJARM(m string) bool {
	return m == ResponseModeJWT || m == ResponseModeQueryJWT || m == ResponseModeFormPostJWT
}

// IsFormPost reports whether the response of mode m is POSTed.
func IsFormPost(m string) bool { return m == ResponseModeFormPost || m == ResponseModeFormPostJWT }

// ResponseJWT is a JWT-secured authorization response (JARM) as the login
// received it: decoded (the inner JWT of an encrypted one), how it was
// encrypted, and the checks it passed or failed.
type ResponseJWT struct {
	Decoded jose.Decoded
	// Encryption is "alg · enc" of an encrypted response; "" when signed only.
	Encryption string
	Checks     []ResponseCheck
}

// ResponseCheck is one check of a response JWT: signature, iss, aud, exp…
type ResponseCheck struct {
	Name   string
	OK     bool
	Reason string
}

// RequestObjectNone is the unsigned request object (RFC 9101 §5, alg none).
const RequestObjectNone = "none"

// RequestObjectAlgs are the request object algorithms a login can use.
var RequestObjectAlgs = []string{RequestObjectNone, "RS256", "PS256", "ES256", "ES512", "EdDSA"}

// ValidateDPoPAlg checks a DPoP proof algorithm: empty (ES256) or one of
// jose.DPoPAlgs.
func ValidateDPoPAlg(alg string) error {
	if alg == "" || slices.Contains(jose.DPoPAlgs, alg) {
		return nil
	}
	return fmt.Errorf("DPoP algorithm %q is not one of %v", alg, jose.DPoPAlgs)
}

// ValidateRequestObjectAlg accepts "" (no request object) and RequestObjectAlgs.
func ValidateRequestObjectAlg(alg string) error {
	if alg == "" || slices.Contains(RequestObjectAlgs, alg) {
		return nil
	}
	return fmt.Errorf("request object algorithm %q is not one of %v", alg, RequestObjectAlgs)
}
