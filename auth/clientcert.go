package auth

import (
	"bytes"
	"crypto"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"errors"
	"fmt"
	"net/http"
	"os"
	"time"

	"software.sslmate.com/src/go-pkcs12"
)

// TLSPasswordEnvVar names the environment variable that may hold the
// password of a PKCS#12 client certificate file.
const TLSPasswordEnvVar = "TOKENINSPECTOR_TLS_PASSWORD"

// CertExpiryWarning is how long before its expiry a client certificate is
// said to be expiring.
const CertExpiryWarning = 30 * 24 * time.Hour

// ClientCertificate is a profile's TLS client certificate (RFC 8705): the
// key pair the HTTP client presents, and its leaf certificate parsed.
type ClientCertificate struct {
	TLS  tls.Certificate
	Leaf *x509.Certificate
}

// LoadClientCertificate reads a client certificate: PEM files (the key in
// keyFile, or in certFile after the certificate when keyFile is empty), or
// a PKCS#12 file (certFile not PEM) opened with password.
func LoadClientCertificate(certFile, keyFile, password string) (*ClientCertificate, error) {
	if certFile == "" {
		return nil, errors.New("no client certificate file given (--tls-cert)")
	}
	certPEM, err := os.ReadFile(certFile)
	if err != nil {
		return nil, fmt.Errorf("client certificate: %w", err)
	}
	var c tls.Certificate
	switch {
	case !bytes.Contains(certPEM, []byte("-----BEGIN")):
		if keyFile != "" {
			return nil, fmt.Errorf("client certificate %s: a PKCS#12 file holds its own key; leave the key file empty", certFile)
		}
		c, err = parsePKCS12(certPEM, password)
		if err != nil {
			return nil, fmt.Errorf("client certificate %s (PKCS#12): %w", certFile, err)
		}
	default:
		keyPEM := certPEM
		if keyFile != "" {
			if keyPEM, err = os.ReadFile(keyFile); err != nil {
				return nil, fmt.Errorf("client certificate key: %w", err)
			}
		}
		if c, err = tls.X509KeyPair(certPEM, keyPEM); err != nil {
			if keyFile == "" {
				return nil, fmt.Errorf("client certificate %s: %w (give the private key with --tls-key)", certFile, err)
			}
			return nil, fmt.Errorf("client certificate %s with key %s: %w", certFile, keyFile, err)
		}
	}
	if c.Leaf == nil {
		if c.Leaf, err = x509.ParseCertificate(c.Certificate[0]); err != nil {
			return nil, fmt.Errorf("client certificate %s: %w", certFile, err)
		}
	}
	return &ClientCertificate{TLS: c, Leaf: c.Leaf}, nil
}

// LoadCertificateFile reads the first certificate of a PEM file.
func LoadCertificateFile(path string) (*x509.Certificate, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	for {
		var block *pem.Block
		block, b = pem.Decode(b)
		if block == nil {
			return nil, fmt.Errorf("%s: no PEM certificate", path)
		}
		if block.Type == "CERTIFICATE" {
			return x509.ParseCertificate(block.Bytes)
		}
	}
}

// NeedsTLSPassword reports whether the profile's client certificate is a
// PKCS#12 file whose password is not known yet (so the keyring is asked).
func (c Client) NeedsTLSPassword() bool {
	if c.TLSCert == "" || c.TLSKey != "" || c.TLSPassword != "" {
		return false
	}
	b, err := os.ReadFile(c.TLSCert)
	return err == nil && !bytes.Contains(b, []byte("-----BEGIN"))
}

// parsePKCS12 opens a PKCS#12 bundle: its key, its leaf and the chain.
func parsePKCS12(b []byte, password string) (tls.Certificate, error) {
	key, leaf, chain, err := pkcs12.DecodeChain(b, password)
	if errors.Is(err, pkcs12.ErrIncorrectPassword) {
		return tls.Certificate{}, fmt.Errorf("wrong password (set it in the profile form, which keeps it in the keyring, or in $%s)", TLSPasswordEnvVar)
	}
	if err != nil {
		return tls.Certificate{}, err
	}
	signer, ok := key.(crypto.Signer)
	if !ok {
		return tls.Certificate{}, fmt.Errorf("unsupported private key %T", key)
	}
	c := tls.Certificate{Certificate: [][]byte{leaf.Raw}, PrivateKey: signer, Leaf: leaf}
	for _, ca := range chain {
		c.Certificate = append(c.Certificate, ca.Raw)
	}
	return c, nil
}

// Thumbprint is the certificate's x5t#S256: the base64url SHA-256 of its
// DER encoding, as an RFC 8705 §3.1 cnf claim carries it.
func (c *ClientCertificate) Thumbprint() string { return CertThumbprint(c.Leaf.Raw) }

// CertThumbprint is the x5t#S256 of a DER certificate.
func CertThumbprint(der []byte) string {
	sum := sha256.Sum256(der)
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

// CertSummary is what a user needs to know of a client certificate.
type CertSummary struct {
	Subject, Issuer     string
	NotBefore, NotAfter time.Time
	SelfSigned          bool
	Thumbprint          string // x5t#S256
}

// Summary describes the certificate.
func (c *ClientCertificate) Summary() CertSummary {
	l := c.Leaf
	return CertSummary{
		Subject: l.Subject.String(), Issuer: l.Issuer.String(),
		NotBefore: l.NotBefore, NotAfter: l.NotAfter,
		SelfSigned: bytes.Equal(l.RawIssuer, l.RawSubject) && l.CheckSignature(l.SignatureAlgorithm, l.RawTBSCertificate, l.Signature) == nil,
		Thumbprint: c.Thumbprint(),
	}
}

// ExpiryWarning says, at now, that the certificate has expired, is not yet
// valid, or expires within CertExpiryWarning; "" when none applies.
func (s CertSummary) ExpiryWarning(now time.Time) string {
	switch {
	case now.After(s.NotAfter):
		return fmt.Sprintf("the client certificate expired on %s", s.NotAfter.UTC().Format(time.DateOnly))
	case now.Before(s.NotBefore):
		return fmt.Sprintf("the client certificate is not valid before %s", s.NotBefore.UTC().Format(time.DateTime+" UTC"))
	case s.NotAfter.Sub(now) < CertExpiryWarning:
		left := s.NotAfter.Sub(now)
		in := fmt.Sprintf("%d days", int(left.Hours()/24))
		if left < 48*time.Hour {
			in = fmt.Sprintf("%d hour(s)", int(left.Hours()))
		}
		return fmt.Sprintf("the client certificate expires in %s, on %s", in, s.NotAfter.UTC().Format(time.DateTime+" UTC"))
	}
	return ""
}

// WithClientCertificate returns a copy of c whose TLS handshakes present
// cert when the server asks for a client certificate (RFC 8705 §2).
// c's transport must be an *http.Transport (or nil: the default one).
func WithClientCertificate(c *http.Client, cert *ClientCertificate) (*http.Client, error) {
	return withTLSConfig(c, func(t *tls.Config) { t.Certificates = []tls.Certificate{cert.TLS} })
}

// WithRootCAs returns a copy of c that also trusts the CA certificates of
// pool's PEM (a provider's own CA, such as the demo provider's).
func WithRootCAs(c *http.Client, caPEM []byte) (*http.Client, error) {
	return withTLSConfig(c, func(t *tls.Config) {
		pool := t.RootCAs
		if pool == nil {
			pool, _ = x509.SystemCertPool()
		}
		if pool == nil {
			pool = x509.NewCertPool()
		} else {
			pool = pool.Clone()
		}
		pool.AppendCertsFromPEM(caPEM)
		t.RootCAs = pool
	})
}

// WrappingTransport is a transport around another one (a recording
// transport, say) that can be rebuilt around a changed copy of it.
type WrappingTransport interface {
	http.RoundTripper
	Unwrap() http.RoundTripper // nil: http.DefaultTransport
	WithBase(http.RoundTripper) http.RoundTripper
}

// withTLSConfig clones c and its transport and lets edit change the TLS
// configuration of the copy.
func withTLSConfig(c *http.Client, edit func(*tls.Config)) (*http.Client, error) {
	if c == nil {
		return nil, errors.New("no HTTP client")
	}
	rt, err := editTransport(c.Transport, edit)
	if err != nil {
		return nil, err
	}
	out := *c
	out.Transport = rt
	return &out, nil
}

// editTransport copies rt (nil: the default transport), through any
// WrappingTransport, with its TLS configuration changed by edit.
func editTransport(rt http.RoundTripper, edit func(*tls.Config)) (http.RoundTripper, error) {
	if rt == nil {
		rt = http.DefaultTransport
	}
	if w, ok := rt.(WrappingTransport); ok {
		inner, err := editTransport(w.Unwrap(), edit)
		if err != nil {
			return nil, err
		}
		return w.WithBase(inner), nil
	}
	tr, ok := rt.(*http.Transport)
	if !ok {
		return nil, fmt.Errorf("the HTTP client's transport (%T) cannot carry TLS settings", rt)
	}
	tr = tr.Clone()
	if tr.TLSClientConfig == nil {
		tr.TLSClientConfig = &tls.Config{MinVersion: tls.VersionTLS12}
	}
	edit(tr.TLSClientConfig)
	return tr, nil
}
