package demoidp

import (
	"net/url"
	"slices"
)

// parseResources reads the resource parameters of a request (RFC 8707 §2):
// each must be an absolute URI without a fragment, else invalid_target.
// Duplicates are dropped.
func parseResources(vals []string) ([]string, *oauthError) {
	var out []string
	for _, v := range vals {
		u, err := url.Parse(v)
		if err != nil || !u.IsAbs() || u.Host == "" {
			return nil, newError("invalid_target", "resource "+v+" is not an absolute URI (RFC 8707 §2)")
		}
		if u.Fragment != "" || u.RawFragment != "" {
			return nil, newError("invalid_target", "resource "+v+" has a fragment (RFC 8707 §2)")
		}
		if !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out, nil
}

// narrowResources picks the audience of the tokens a grant issues: the
// resources the token request names, which must all be among those granted
// (the authorization request's, or the refresh token family's), or all of
// the granted ones when it names none (RFC 8707 §2.2). A grant that named
// no resource accepts any valid one at the token endpoint.
func narrowResources(granted, requested []string) ([]string, *oauthError) {
	if len(requested) == 0 {
		return granted, nil
	}
	if len(granted) > 0 {
		for _, r := range requested {
			if !slices.Contains(granted, r) {
				return nil, newError("invalid_target", "resource "+r+" was not part of the authorization grant")
			}
		}
	}
	return requested, nil
}

// audienceOf is the aud of an access token issued for an audience (token
// exchange, client credentials) and resources.
func audienceOf(audience string, resources []string) []string {
	var out []string
	if audience != "" {
		out = append(out, audience)
	}
	for _, r := range resources {
		if !slices.Contains(out, r) {
			out = append(out, r)
		}
	}
	return out
}
