package auth

import (
	"crypto/x509"
	"errors"
	"fmt"
)

// CAFileOption is the command-line option that adds a CA bundle; messages
// about untrusted certificates name it.
const CAFileOption = "--ca-file"

// explainTLS adds a sentence a person can act on to a certificate error
// (the provider's certificate is not trusted, has the wrong name, or is
// expired); other errors come back unchanged. The original error stays
// wrapped, so errors.As still finds the x509 error.
func ExplainTLS(err error) error {
	if err == nil {
		return nil
	}
	var unknown x509.UnknownAuthorityError
	var hostname x509.HostnameError
	var invalid x509.CertificateInvalidError
	switch {
	case errors.As(err, &unknown):
		return fmt.Errorf("%w (the server's TLS certificate is not issued by a certificate authority this system trusts; if the provider uses a private or self-signed CA, pass its PEM certificate with %s FILE)", err, CAFileOption)
	case errors.As(err, &hostname):
		return fmt.Errorf("%w (the server's TLS certificate is for another host name; check the URL)", err)
	case errors.As(err, &invalid):
		return fmt.Errorf("%w (the server's TLS certificate is not valid: expired, not yet valid, or not allowed for TLS servers)", err)
	}
	return err
}
