package oidc

import "net/url"

// addAuthorizationDetails puts the profile's authorization_details (RFC
// 9396) on a request that asks for access without the authorization
// endpoint: the device authorization request (§3 allows them wherever
// scope is used) and the token requests of the client credentials and JWT
// bearer grants (§6). The browser login sends them on the authorization
// request instead (AuthRequest.Values), and its code exchange and refreshes
// do not repeat them: the grant already holds them.
func (pr *Provider) addAuthorizationDetails(form url.Values) {
	if d := pr.profile.AuthRequest.Values().Get("authorization_details"); d != "" {
		form.Set("authorization_details", d)
	}
}
