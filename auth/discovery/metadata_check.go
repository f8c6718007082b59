package discovery

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"

	"github.com/tokeninspector/tokeninspector/auth"
)

// readDoc reads a provider document of at most limit bytes, refusing a
// larger one instead of cutting it (a cut document would only fail later
// as "unexpected end of JSON input").
func ReadDoc(r io.Reader, limit int64) ([]byte, error) {
	body, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(body)) > limit {
		return nil, fmt.Errorf("the document is larger than %s: refused (read no further)", byteSize(limit))
	}
	return body, nil
}

// parseMetadata decodes a discovery or RFC 8414 metadata document for
// issuer and checks it: the issuer it names must be issuer (OpenID Connect
// Discovery §4.3, RFC 8414 §3.3); every endpoint must be an absolute http or
// https URL, and https when the issuer is (an http:// token endpoint would
// carry the client secret and the tokens in clear). Endpoints on another
// host than the issuer's are allowed (many providers put the JWKS or the
// login page on a CDN or a separate domain) and described in
// Metadata.Notes, so they can be shown.
func parseMetadata(body []byte, issuer string) (*Metadata, error) {
	var m Metadata
	if err := json.Unmarshal(body, &m); err != nil {
		return nil, fmt.Errorf("not a JSON metadata document: %w", err)
	}
	if m.Issuer == "" {
		return nil, errors.New("the document names no issuer")
	}
	if strings.TrimSuffix(m.Issuer, "/") != strings.TrimSuffix(issuer, "/") {
		return nil, fmt.Errorf("document issuer %q does not match %q", m.Issuer, issuer)
	}
	iu, err := url.Parse(issuer)
	if err != nil {
		return nil, fmt.Errorf("issuer %q is not a URL: %w", issuer, err)
	}
	for _, ep := range m.Named() {
		if err := checkEndpoint(&m, iu, ep, false); err != nil {
			return nil, err
		}
	}
	for _, ep := range m.MTLSAliases.Named() {
		ep.Name = "mtls_endpoint_aliases." + ep.Name
		if err := checkEndpoint(&m, iu, ep, true); err != nil {
			return nil, err
		}
	}
	return &m, nil
}

// checkEndpoint vets one endpoint URL of m against the issuer's URL iu;
// an mTLS alias must be https (RFC 8705 §5: the certificate is presented
// in the TLS handshake).
func checkEndpoint(m *Metadata, iu *url.URL, ep auth.NamedURL, mtls bool) error {
	u, err := url.Parse(ep.URL)
	switch {
	case err != nil || !u.IsAbs() || u.Host == "":
		return fmt.Errorf("%s %q is not an absolute URL", ep.Name, ep.URL)
	case u.Scheme != "https" && u.Scheme != "http":
		return fmt.Errorf("%s %q is not an http(s) URL", ep.Name, ep.URL)
	case u.Scheme == "http" && iu.Scheme == "https":
		return fmt.Errorf("%s %q is http:// for an https:// issuer: refused (secrets and tokens would travel in clear)", ep.Name, ep.URL)
	case u.Scheme == "http" && mtls:
		return fmt.Errorf("%s %q is http://: a client certificate is presented only over TLS (RFC 8705)", ep.Name, ep.URL)
	case u.User != nil:
		return fmt.Errorf("%s carries a user name or password in its URL: refused", ep.Name)
	case !strings.EqualFold(u.Host, iu.Host):
		m.Notes = append(m.Notes, fmt.Sprintf("%s is on %s, not on the issuer's host %s", ep.Name, u.Host, iu.Host))
	}
	return nil
}

// byteSize formats a limit as "1 MiB" or "64 KiB".
func byteSize(n int64) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return fmt.Sprintf("%d MiB", n>>20)
	}
	return fmt.Sprintf("%d KiB", n>>10)
}
