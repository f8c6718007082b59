package auth

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// maxRedirects bounds same-origin redirects (net/http's own limit is 10).
const maxRedirects = 5

// RedirectError says a provider endpoint redirected to another origin and
// the redirect was not followed, so nothing (no client secret, refresh
// token, code or bearer token) was sent there and its answer was not read.
type RedirectError struct {
	From, To string // origins: scheme://host[:port]
}

// Error names both origins; paths and queries are left out.
func (e *RedirectError) Error() string {
	return fmt.Sprintf("the server at %s redirected to another origin (%s); the redirect was not followed, so no credentials were sent there", e.From, e.To)
}

// origin returns scheme://host:port of u with the default port spelled out,
// so http://a and http://a:80 compare equal.
func Origin(u *url.URL) string {
	scheme := strings.ToLower(u.Scheme)
	port := u.Port()
	if port == "" {
		switch scheme {
		case "https":
			port = "443"
		case "http":
			port = "80"
		}
	}
	return scheme + "://" + strings.ToLower(u.Hostname()) + ":" + port
}

// displayOrigin is origin without a default port, for messages.
func displayOrigin(u *url.URL) string {
	return strings.ToLower(u.Scheme) + "://" + u.Host
}

// sameOriginRedirects is an http.Client CheckRedirect policy: a redirect
// is followed only to the origin of the first request. Token, PAR,
// introspection and revocation requests carry credentials in their body
// (which net/http resends on 307/308) and userinfo carries a bearer token;
// discovery and JWKS documents from another origin must not be adopted.
func sameOriginRedirects(req *http.Request, via []*http.Request) error {
	if len(via) == 0 {
		return nil
	}
	first := via[0].URL
	if Origin(req.URL) != Origin(first) {
		return &RedirectError{From: displayOrigin(first), To: displayOrigin(req.URL)}
	}
	if len(via) >= maxRedirects {
		return fmt.Errorf("stopped after %d redirects", len(via))
	}
	return nil
}

// withRedirectPolicy returns a shallow copy of c (same transport and
// timeout) that follows redirects only within one origin, whatever policy
// the caller's client had.
func WithRedirectPolicy(c *http.Client) *http.Client {
	cp := *c
	cp.CheckRedirect = sameOriginRedirects
	return &cp
}

// asRedirectError finds a *RedirectError in err.
func AsRedirectError(err error) (*RedirectError, bool) {
	var re *RedirectError
	ok := errors.As(err, &re)
	return re, ok
}
