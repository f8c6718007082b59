package demoidp

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"net"
	"net/http"
	"slices"
	"time"
)

// Mutual TLS (RFC 8705): a second, HTTPS listener asks every client for a
// certificate, and its URLs are the discovery document's
// mtls_endpoint_aliases. Clients registered with a certificate
// (Client.TLSSubjectDN, Client.TLSCertThumbprints) authenticate with it
// there, and every access token requested over it is bound to the
// certificate presented (cnf.x5t#S256).

// mtlsState is the mTLS listener: its base URL and the CA of its server
// certificate.
type mtlsState struct {
	base  string
	caPEM []byte
	srv   *http.Server
}

// MTLSConfig returns a TLS configuration for an HTTPS listener of the
// provider that requests client certificates (verified per client by the
// endpoints, not by the handshake: self-signed ones are allowed), with a
// server certificate for 127.0.0.1, ::1 and localhost issued by a fresh CA,
// and that CA in PEM (the client must trust it). Serve Handler with it and
// call SetMTLSBase, or use StartMTLS.
func MTLSConfig() (*tls.Config, []byte, error) {
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, nil, fmt.Errorf("demoidp: mTLS CA key: %w", err)
	}
	now := time.Now()
	ca := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "Token Inspector demo provider CA"},
		NotBefore: now.Add(-time.Hour), NotAfter: now.Add(30 * 24 * time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign,
	}
	caDER, err := x509.CreateCertificate(rand.Reader, ca, ca, &caKey.PublicKey, caKey)
	if err != nil {
		return nil, nil, fmt.Errorf("demoidp: mTLS CA: %w", err)
	}
	leafKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, nil, fmt.Errorf("demoidp: mTLS server key: %w", err)
	}
	leaf := &x509.Certificate{
		SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: "127.0.0.1"},
		NotBefore: now.Add(-time.Hour), NotAfter: now.Add(30 * 24 * time.Hour),
		DNSNames: []string{"localhost"}, IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1), net.IPv6loopback},
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}, KeyUsage: x509.KeyUsageDigitalSignature,
	}
	caCert, _ := x509.ParseCertificate(caDER)
	leafDER, err := x509.CreateCertificate(rand.Reader, leaf, caCert, &leafKey.PublicKey, caKey)
	if err != nil {
		return nil, nil, fmt.Errorf("demoidp: mTLS server certificate: %w", err)
	}
	cfg := &tls.Config{
		MinVersion:   tls.VersionTLS12,
		Certificates: []tls.Certificate{{Certificate: [][]byte{leafDER, caDER}, PrivateKey: leafKey}},
		ClientAuth:   tls.RequestClientCert,
	}
	return cfg, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: caDER}), nil
}

// StartMTLS serves the provider over HTTPS on addr (a loopback address),
// requesting client certificates, and advertises it as the
// mtls_endpoint_aliases. It returns the listener's base URL and the PEM
// CA certificate its server certificate chains to. Close stops it too.
func (s *Server) StartMTLS(addr string) (base string, caPEM []byte, err error) {
	host, _, err := net.SplitHostPort(addr)
	if err != nil || !isLoopbackHost(host) {
		return "", nil, fmt.Errorf("demoidp: refusing mTLS listen address %q (want a loopback host:port)", addr)
	}
	cfg, caPEM, err := MTLSConfig()
	if err != nil {
		return "", nil, err
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return "", nil, fmt.Errorf("demoidp: listen on %s: %w", addr, err)
	}
	srv := &http.Server{
		Handler: s.handler, TLSConfig: cfg,
		ReadHeaderTimeout: readHeaderTimeout, ReadTimeout: readTimeout, WriteTimeout: writeTimeout,
		IdleTimeout: idleTimeout, MaxHeaderBytes: maxHeaderBytes,
	}
	base = "https://" + ln.Addr().String()
	s.mu.Lock()
	if s.closed || s.mtls.srv != nil {
		s.mu.Unlock()
		ln.Close()
		return "", nil, errors.New("demoidp: closed, or the mTLS listener already started")
	}
	s.mtls = mtlsState{base: base, caPEM: caPEM, srv: srv}
	s.mu.Unlock()
	go func() {
		if err := srv.ServeTLS(ln, "", ""); err != nil && !errors.Is(err, http.ErrServerClosed) {
			s.opts.Logf("demoidp: serve mTLS: %v", err)
		}
	}()
	s.opts.Logf("demoidp: mTLS endpoints on %s", base)
	return base, caPEM, nil
}

// SetMTLSBase sets the base URL of an mTLS listener served by the caller
// (with MTLSConfig), advertised as the mtls_endpoint_aliases.
func (s *Server) SetMTLSBase(base string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.mtls.base = base
}

// MTLSBase is the mTLS listener's base URL, "" when there is none.
func (s *Server) MTLSBase() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.mtls.base
}

// MTLSCA is the PEM CA certificate of the listener StartMTLS started.
func (s *Server) MTLSCA() []byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.mtls.caPEM
}

// closeMTLS stops the mTLS listener, if any.
func (s *Server) closeMTLS() error {
	s.mu.Lock()
	srv := s.mtls.srv
	s.mtls.srv = nil
	s.mu.Unlock()
	if srv == nil {
		return nil
	}
	return srv.Shutdown(context.Background())
}

// baseFor is the URL base r was sent to: the mTLS listener's for a TLS
// request when there is one, else the issuer.
func (s *Server) baseFor(r *http.Request) string {
	if base := s.MTLSBase(); r.TLS != nil && base != "" {
		return base
	}
	return s.issuerFor(r)
}

// peerCertificate is the client certificate r's TLS handshake presented,
// nil for none.
func peerCertificate(r *http.Request) *x509.Certificate {
	if r.TLS == nil || len(r.TLS.PeerCertificates) == 0 {
		return nil
	}
	return r.TLS.PeerCertificates[0]
}

// certThumbprint is a certificate's x5t#S256 (RFC 8705 §3.1).
func certThumbprint(c *x509.Certificate) string {
	sum := sha256.Sum256(c.Raw)
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

// usesCertificate reports whether the client authenticates with a TLS
// client certificate.
func (c Client) usesCertificate() bool { return c.TLSSubjectDN != "" || len(c.TLSCertThumbprints) > 0 }

// authenticateCertificate checks the certificate r presented for client
// c: a registered self-signed one (self_signed_tls_client_auth, by its
// thumbprint), or one chaining to Options.ClientCAs with the registered
// subject (tls_client_auth).
func (s *Server) authenticateCertificate(r *http.Request, c Client) error {
	cert := peerCertificate(r)
	if cert == nil {
		if s.MTLSBase() == "" {
			return errors.New("this client authenticates with a TLS client certificate, and this provider has no mTLS endpoint")
		}
		return errors.New("this client authenticates with a TLS client certificate: none was presented (use the mtls_endpoint_aliases)")
	}
	if slices.Contains(c.TLSCertThumbprints, certThumbprint(cert)) {
		return nil
	}
	if c.TLSSubjectDN != "" && s.opts.ClientCAs != nil {
		inter := x509.NewCertPool()
		for _, ic := range r.TLS.PeerCertificates[1:] {
			inter.AddCert(ic)
		}
		_, err := cert.Verify(x509.VerifyOptions{Roots: s.opts.ClientCAs, Intermediates: inter, CurrentTime: s.now(),
			KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}})
		switch {
		case err != nil:
			return fmt.Errorf("the client certificate does not chain to a trusted CA: %v", err)
		case cert.Subject.String() != c.TLSSubjectDN:
			return fmt.Errorf("the client certificate's subject %q is not the registered %q", cert.Subject.String(), c.TLSSubjectDN)
		}
		return nil
	}
	return errors.New("the client certificate is not the one registered for this client")
}

// x5tKey is the context key of a token request's certificate thumbprint.
type x5tKey struct{}

// withX5T records the thumbprint of the certificate a token request
// presented, which its access tokens are bound to.
func withX5T(r *http.Request) *http.Request {
	cert := peerCertificate(r)
	if cert == nil {
		return r
	}
	return r.WithContext(context.WithValue(r.Context(), x5tKey{}, certThumbprint(cert)))
}

// requestX5T is the certificate thumbprint of a token request ("" for none).
func requestX5T(r *http.Request) string {
	x5t, _ := r.Context().Value(x5tKey{}).(string)
	return x5t
}
