package auth

import (
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"time"

	"golang.org/x/net/http/httpproxy"
)

// DefaultHTTPTimeout bounds every request to a provider.
const DefaultHTTPTimeout = 30 * time.Second

// HTTPOptions configure the one HTTP client all provider traffic goes through.
type HTTPOptions struct {
	Timeout time.Duration // whole-request timeout; 0 => DefaultHTTPTimeout
	CAFile  string        // extra PEM CA bundle (corporate proxies); TLS verification stays on
}

// NewHTTPClient returns a client with timeouts that honours HTTPS_PROXY and
// NO_PROXY and follows redirects only within one origin (discovery and JWKS
// documents from elsewhere are not adopted). There is deliberately no way
// to skip TLS verification.
func NewHTTPClient(o HTTPOptions) (*http.Client, error) {
	if o.Timeout == 0 {
		o.Timeout = DefaultHTTPTimeout
	}
	// The proxy settings are read from the environment now, when the client
	// is made; http.ProxyFromEnvironment would freeze them at its first use
	// anywhere in the process.
	proxy := httpproxy.FromEnvironment().ProxyFunc()
	tr := &http.Transport{
		Proxy:                 func(r *http.Request) (*url.URL, error) { return proxy(r.URL) },
		DialContext:           (&net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		TLSHandshakeTimeout:   10 * time.Second,
		ResponseHeaderTimeout: o.Timeout,
		IdleConnTimeout:       90 * time.Second,
		MaxIdleConns:          10,
		ForceAttemptHTTP2:     true,
	}
	if o.CAFile != "" {
		pem, err := os.ReadFile(o.CAFile)
		if err != nil {
			return nil, fmt.Errorf("CA file: %w", err)
		}
		pool, err := x509.SystemCertPool()
		if err != nil || pool == nil {
			pool = x509.NewCertPool()
		}
		if !pool.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("CA file %s: no PEM certificates found", o.CAFile)
		}
		tr.TLSClientConfig = &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}
	}
	return &http.Client{Transport: tr, Timeout: o.Timeout, CheckRedirect: sameOriginRedirects}, nil
}
