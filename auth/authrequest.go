package auth

import (
	"fmt"
	"slices"
)

// Response modes a login can ask for (OAuth 2.0 Form Post Response Mode).
const (
	ResponseModeQuery    = ""          // the default: the response in the redirect's query
	ResponseModeFormPost = "form_post" // the browser POSTs the response to the redirect URI
)

// ValidateResponseMode accepts "", "query" and "form_post".
func ValidateResponseMode(m string) error {
	switch m {
	case ResponseModeQuery, "query", ResponseModeFormPost:
		return nil
	}
	return fmt.Errorf("response_mode is %q (want form_post, or empty for the query string)", m)
}

// RequestObjectNone is the unsigned request object (RFC 9101 §5, alg none).
const RequestObjectNone = "none"

// RequestObjectAlgs are the request object algorithms a login can use.
var RequestObjectAlgs = []string{RequestObjectNone, "RS256", "PS256", "ES256"}

// ValidateRequestObjectAlg accepts "" (no request object) and RequestObjectAlgs.
func ValidateRequestObjectAlg(alg string) error {
	if alg == "" || slices.Contains(RequestObjectAlgs, alg) {
		return nil
	}
	return fmt.Errorf("request object algorithm %q is not one of %v", alg, RequestObjectAlgs)
}
