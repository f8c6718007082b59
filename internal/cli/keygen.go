package cli

import (
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/tokeninspector/tokeninspector/auth/mint"
)

func keygenCommand() command {
	return command{
		name:     "keygen",
		synopsis: "keygen --alg RS256|PS256|ES256|ES384|ES512|EdDSA|HS256 --out FILE [--kid K] [--jwks-out FILE] [--pem]",
		summary:  "make a signing key for test tokens (0600) and its public JWK Set",
		quick:    true,
		run:      runKeygen,
		exits:    nil,
		example:  `tokeninspector keygen --alg ES256 --out test.key --jwks-out test.jwks.json`,
	}
}

// runKeygen writes a new private key to --out (mode 0600) and its public
// JWK Set to --jwks-out, and prints what it made (never the private key).
func runKeygen(_ context.Context, args []string, s stdio) error {
	fs := newFlagSet("keygen", s)
	alg := fs.String("alg", "RS256", "algorithm: "+strings.Join(mint.KeyAlgs, ", "))
	kid := fs.String("kid", "", "key ID (default: the start of the key's RFC 7638 thumbprint)")
	out := fs.String("out", "", "write the private key here (mode 0600): a JWK, or PKCS #8 PEM with --pem")
	jwksOut := fs.String("jwks-out", "", "write the public JWK Set here (for decode --verify --key, an API's config or demo-idp --trusted-jwks)")
	asPEM := fs.Bool("pem", false, "write the private key as PEM instead of a JWK (and print the public key as PEM)")
	if err := parseFlags(fs, args, s); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		fmt.Fprintln(s.err, "tokeninspector keygen: unexpected argument", fs.Arg(0))
		return errUsage
	}
	if *out == "" {
		fmt.Fprintln(s.err, "tokeninspector keygen: give --out FILE: a private key is written only where you say")
		return errUsage
	}
	k, err := mint.Generate(*alg, *kid)
	if err != nil {
		fmt.Fprintf(s.err, "tokeninspector keygen: %v\n", err)
		return errUsage
	}
	if k.IsSecret() && (*asPEM || *jwksOut != "") {
		fmt.Fprintln(s.err, "tokeninspector keygen: an HMAC secret has no public half: --pem and --jwks-out need an asymmetric algorithm")
		return errUsage
	}
	var priv []byte
	if *asPEM {
		priv, err = k.PrivatePEM()
	} else {
		priv, err = k.PrivateJWK()
		priv = append(priv, '\n')
	}
	if err != nil {
		return fmt.Errorf("keygen: %w", err)
	}
	if err := writeKeyFile(*out, priv); err != nil {
		return fmt.Errorf("keygen: --out: %w", err)
	}
	summary := struct {
		Alg        string `json:"alg"`
		Kid        string `json:"kid"`
		Key        string `json:"key"`
		KeyFile    string `json:"key_file"`
		JWKSFile   string `json:"jwks_file,omitempty"`
		PublicJWK  any    `json:"public_jwk,omitempty"`
		PublicPEM  string `json:"public_pem,omitempty"`
		Thumbprint string `json:"thumbprint"`
	}{Alg: k.Alg, Kid: k.Kid, Key: k.Describe(), KeyFile: *out, JWKSFile: *jwksOut}
	summary.Thumbprint, _ = k.Thumbprint()
	if !k.IsSecret() {
		jwks, err := k.PublicJWKS()
		if err != nil {
			return fmt.Errorf("keygen: %w", err)
		}
		if *jwksOut != "" {
			if err := os.WriteFile(*jwksOut, append(jwks, '\n'), 0o644); err != nil {
				return fmt.Errorf("keygen: --jwks-out: %w", err)
			}
		}
		pub, _ := k.PublicJWK()
		summary.PublicJWK = rawJSON(pub)
		if *asPEM {
			p, _ := k.PublicPEM()
			summary.PublicPEM = string(p)
		}
	}
	return writeJSON(s.out, summary)
}
