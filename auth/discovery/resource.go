package discovery

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/tokeninspector/tokeninspector/auth"
)

// ResourceMetadata is the protected resource metadata of RFC 9728 §2: what
// an API says about the tokens it accepts and where to get them.
type ResourceMetadata struct {
	Resource               string   `json:"resource"`
	AuthorizationServers   []string `json:"authorization_servers"`
	ScopesSupported        []string `json:"scopes_supported"`
	BearerMethodsSupported []string `json:"bearer_methods_supported"`
	ResourceName           string   `json:"resource_name"`
	// DPoPBoundRequired: the resource accepts only DPoP-bound tokens.
	DPoPBoundRequired bool `json:"dpop_bound_access_tokens_required"`
}

// resourceMetadataWellKnown is RFC 9728 §3's well-known URI suffix.
const resourceMetadataWellKnown = "/.well-known/oauth-protected-resource"

// ResourceIdentifier is the resource identifier of an API URL (RFC 8707
// §2, RFC 9728 §1.2): an absolute http(s) URL without a fragment, its
// scheme and host in lower case and a default port dropped.
func ResourceIdentifier(raw string) (string, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return "", fmt.Errorf("%q is not a URL: %w", raw, err)
	}
	if !u.IsAbs() || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return "", fmt.Errorf("%q is not an absolute http(s) URL", raw)
	}
	if u.User != nil {
		return "", fmt.Errorf("%q carries a user name or password: refused", raw)
	}
	u.Scheme, u.Host = strings.ToLower(u.Scheme), strings.ToLower(u.Host)
	if p := u.Port(); (u.Scheme == "https" && p == "443") || (u.Scheme == "http" && p == "80") {
		u.Host = u.Hostname()
	}
	u.Fragment, u.RawFragment = "", ""
	return u.String(), nil
}

// ResourceMetadataURLs are the well-known locations of a resource's
// metadata (RFC 9728 §3.1): the well-known path inserted between the host
// and the resource's path, then at the root (the same URL for a resource
// without a path). The query is kept on the path-inserted one.
func ResourceMetadataURLs(resource string) []string {
	u, err := url.Parse(resource)
	if err != nil || u.Host == "" {
		return nil
	}
	root := u.Scheme + "://" + u.Host + resourceMetadataWellKnown
	path := strings.TrimSuffix(u.EscapedPath(), "/")
	if path == "" && u.RawQuery == "" {
		return []string{root}
	}
	inserted := root + path
	if u.RawQuery != "" {
		inserted += "?" + u.RawQuery
	}
	return []string{inserted, root}
}

// ErrNoResourceMetadata is wrapped by FetchResourceMetadata's error when
// the URL answered 404 or 410: no metadata there.
var ErrNoResourceMetadata = errors.New("no protected resource metadata")

// ResourceMismatchError is a metadata document that describes another
// resource than the one asked about (RFC 9728 §3.3: its data MUST NOT be
// used).
type ResourceMismatchError struct {
	URL       string // where the document came from
	Got, Want string
}

// Error names both resources.
func (e *ResourceMismatchError) Error() string {
	return fmt.Sprintf("the protected resource metadata at %s is about %q, not %q (RFC 9728 §3.3: it must not be used)", e.URL, e.Got, e.Want)
}

// FetchResourceMetadata GETs the protected resource metadata at u and
// checks it for resource (the caller's ResourceIdentifier): its resource
// must be that identifier, it must name at least one authorization server,
// and each must be an absolute URL, https unless the resource is http.
func FetchResourceMetadata(ctx context.Context, client *http.Client, u, resource string) (*ResourceMetadata, error) {
	const what = "protected resource metadata"
	ru, _ := url.Parse(resource)
	if mu, err := url.Parse(u); err != nil || !mu.IsAbs() || (mu.Scheme != "https" && !(mu.Scheme == "http" && ru != nil && ru.Scheme == "http")) {
		return nil, fmt.Errorf("%s: %q is not an https URL: refused", what, u)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	req.Header.Set("Accept", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		if re, ok := auth.AsRedirectError(err); ok {
			return nil, fmt.Errorf("%s: %s: %w", what, u, re)
		}
		return nil, fmt.Errorf("%s: %s: %w", what, u, auth.ExplainTLS(err))
	}
	defer resp.Body.Close()
	switch {
	case resp.StatusCode == http.StatusNotFound || resp.StatusCode == http.StatusGone:
		return nil, fmt.Errorf("%w at %s (HTTP %d)", ErrNoResourceMetadata, u, resp.StatusCode)
	case resp.StatusCode != http.StatusOK:
		return nil, fmt.Errorf("%s: %s answered HTTP %d", what, u, resp.StatusCode)
	}
	body, err := ReadDoc(resp.Body, MaxDocBytes)
	if err != nil {
		return nil, fmt.Errorf("%s: reading %s: %w", what, u, err)
	}
	var m ResourceMetadata
	if err := json.Unmarshal(body, &m); err != nil {
		return nil, fmt.Errorf("%s: %s is not a JSON metadata document: %w", what, u, err)
	}
	if m.Resource == "" {
		return nil, fmt.Errorf("%s: %s names no resource (RFC 9728 §2: resource is required)", what, u)
	}
	if got, err := ResourceIdentifier(m.Resource); err != nil || got != resource {
		return nil, &ResourceMismatchError{URL: u, Got: m.Resource, Want: resource}
	}
	if len(m.AuthorizationServers) == 0 {
		return nil, fmt.Errorf("%s: %s names no authorization server (authorization_servers is empty)", what, u)
	}
	for _, as := range m.AuthorizationServers {
		au, err := url.Parse(as)
		switch {
		case err != nil || !au.IsAbs() || au.Host == "" || (au.Scheme != "https" && au.Scheme != "http"):
			return nil, fmt.Errorf("%s: %s: authorization server %q is not an absolute http(s) URL", what, u, as)
		case au.Scheme == "http" && ru != nil && ru.Scheme == "https":
			return nil, fmt.Errorf("%s: %s: authorization server %q is http:// for an https:// resource: refused", what, u, as)
		}
	}
	return &m, nil
}

// DiscoverAS finds an authorization server's metadata the way RFC 9728 §7.6
// and the MCP authorization spec do: RFC 8414 first (the well-known path
// inserted before the issuer's path), then OpenID Connect discovery. It
// returns the document's URL; the issuer is checked in both.
func DiscoverAS(ctx context.Context, client *http.Client, issuer string, now func() time.Time) (*Metadata, string, auth.ClockSkew, error) {
	pu, err := url.Parse(issuer)
	if err != nil || pu.Host == "" {
		return nil, "", auth.ClockSkew{}, fmt.Errorf("authorization server %q is not a URL", issuer)
	}
	rfc8414 := pu.Scheme + "://" + pu.Host + "/.well-known/oauth-authorization-server" + strings.TrimSuffix(pu.Path, "/")
	m, skew, err := fetchMetadata(ctx, client, "authorization server metadata", rfc8414, issuer, now)
	if err == nil {
		return m, rfc8414, skew, nil
	}
	m, skew, err2 := discover(ctx, client, issuer, now)
	if err2 != nil {
		return nil, "", auth.ClockSkew{}, fmt.Errorf("%w; then %w", err, err2)
	}
	return m, strings.TrimSuffix(issuer, "/") + "/.well-known/openid-configuration", skew, nil
}
