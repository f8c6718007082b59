// Package oidc makes every request Token Inspector sends to an OAuth 2.0 /
// OpenID Connect provider: the authorization-code login with its loopback
// callback, each grant, refresh, PAR, the device flow, userinfo,
// introspection, revocation and logout, through one token-endpoint client
// that authenticates the client and binds DPoP proofs.
package oidc
