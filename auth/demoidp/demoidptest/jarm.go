package demoidptest

import (
	"fmt"
	"net/url"
)

// jarmRedirect rewrites the response JWT of a JARM redirect (its response
// parameter) by JARMClaims, signed again with JARMKey.
func (f Faults) jarmRedirect(loc string) (string, error) {
	u, err := url.Parse(loc)
	if err != nil {
		return "", fmt.Errorf("redirect: %w", err)
	}
	q := u.Query()
	raw := q.Get("response")
	if raw == "" {
		return loc, nil
	}
	// Signed again RS256 whatever the provider signs with: the header says so.
	g := Faults{IDClaims: f.JARMClaims, Key: f.JARMKey, IDHeader: func(h map[string]any) { h["alg"] = "RS256" }}
	if g.IDClaims == nil {
		g.IDClaims = func(map[string]any) {}
	}
	bad, err := g.idToken(raw)
	if err != nil {
		return "", fmt.Errorf("response JWT: %w", err)
	}
	q.Set("response", bad)
	u.RawQuery = q.Encode()
	return u.String(), nil
}
