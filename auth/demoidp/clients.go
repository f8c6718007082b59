package demoidp

import (
	"net/url"
	"slices"
	"strings"
	"sync"
)

// clientRegistry holds the clients of Options.Clients and those registered
// at the registration endpoint (RFC 7591), by client_id.
type clientRegistry struct {
	mu sync.Mutex // guards m
	m  map[string]Client
}

func (c *clientRegistry) get(id string) (Client, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	cl, ok := c.m[id]
	return cl, ok
}

func (c *clientRegistry) add(id string, cl Client) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.m[id] = cl
}

// client returns the client registered as id.
func (s *Server) client(id string) (Client, bool) { return s.clients.get(id) }

// allowsRedirect reports whether the client may use redirectURI: any
// loopback redirect URI when it registered none, else one of its
// registered ones, where a loopback IP literal's port is ignored
// (RFC 8252 §7.3: the app picks the port when it starts listening).
func (c Client) allowsRedirect(redirectURI string) bool {
	if len(c.RedirectURIs) == 0 {
		return true
	}
	got, err := url.Parse(redirectURI)
	if err != nil {
		return false
	}
	return slices.ContainsFunc(c.RedirectURIs, func(reg string) bool {
		want, err := url.Parse(reg)
		if err != nil || want.Scheme != got.Scheme || want.Path != got.Path || want.RawQuery != got.RawQuery {
			return false
		}
		if h := want.Hostname(); h == "127.0.0.1" || h == "::1" {
			return strings.EqualFold(h, got.Hostname())
		}
		return want.Host == got.Host
	})
}
