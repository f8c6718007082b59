package cli

import (
	"fmt"
	"os"

	"github.com/tokeninspector/tokeninspector/auth/jose"
	"github.com/tokeninspector/tokeninspector/internal/privatefile"
)

// saveDPoPKey writes the session's DPoP private key to path (mode 0600),
// or warns that without it the bound tokens cannot be used later.
func saveDPoPKey(s stdio, path string, key *jose.DPoPKey) error {
	if path == "" {
		fmt.Fprintln(s.err, "tokeninspector: the tokens are DPoP-bound; without --dpop-key-out the key is gone when this command ends")
		return nil
	}
	jwk, err := key.PrivateJWK()
	if err != nil {
		return fmt.Errorf("DPoP key: %w", err)
	}
	if err := privatefile.Write(path, append(jwk, '\n')); err != nil {
		return fmt.Errorf("DPoP key file: %w", err)
	}
	fmt.Fprintf(s.err, "DPoP key written to %s (jkt %s)\n", path, key.Thumbprint())
	return nil
}

// loadDPoPKey reads a key written by --dpop-key-out ("" is no key).
func loadDPoPKey(path string) (*jose.DPoPKey, error) {
	if path == "" {
		return nil, nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("DPoP key file: %w", err)
	}
	k, err := jose.LoadDPoPKey(b)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return k, nil
}
