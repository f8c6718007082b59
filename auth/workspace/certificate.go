package workspace

import "github.com/tokeninspector/tokeninspector/auth"

// CertificateInfo is what the profile form shows of a TLS client
// certificate: its subject, issuer and validity, and a warning when it has
// expired or expires soon (auth.CertExpiryWarning) at the workspace's clock.
type CertificateInfo struct {
	auth.CertSummary
	Warning string
}

// DescribeCertificate reads the client certificate files a profile names
// (a PKCS#12 file with password), for display; the files are read here,
// not by the window.
func (ws *Workspace) DescribeCertificate(certFile, keyFile, password string) (CertificateInfo, error) {
	c, err := auth.LoadClientCertificate(certFile, keyFile, password)
	if err != nil {
		return CertificateInfo{}, err
	}
	s := c.Summary()
	return CertificateInfo{CertSummary: s, Warning: s.ExpiryWarning(ws.clock.Now())}, nil
}
