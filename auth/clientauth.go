package auth

import (
	"net/http"
	"net/url"
)

// clientCredentials authenticate the client at the token endpoint and at
// the endpoints that share its client authentication (RFC 8414 §2: PAR,
// device authorization, introspection, revocation).
type clientCredentials struct {
	method     ClientAuth
	id, secret string
}

// newClientCredentials reads the profile's client authentication.
func newClientCredentials(p Profile) clientCredentials {
	return clientCredentials{method: p.Auth(), id: p.ClientID, secret: p.ClientSecret}
}

// apply adds the client authentication to a request's form and header.
func (c clientCredentials) apply(form url.Values, h http.Header) error {
	switch c.method {
	case AuthBasic:
		// RFC 6749 §2.3.1: both parts form-encoded before the Basic encoding.
		req := http.Request{Header: h}
		req.SetBasicAuth(url.QueryEscape(c.id), url.QueryEscape(c.secret))
	case AuthNone:
		form.Set("client_id", c.id)
	default: // AuthPost
		form.Set("client_id", c.id)
		if c.secret != "" {
			form.Set("client_secret", c.secret)
		}
	}
	return nil
}
