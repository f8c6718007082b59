package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/tokeninspector/tokeninspector/auth/check"

	"github.com/tokeninspector/tokeninspector/auth/jose"

	"github.com/tokeninspector/tokeninspector/auth"
	"github.com/tokeninspector/tokeninspector/auth/trace"
)

func decodeCommand() command {
	return command{
		name:     "decode",
		synopsis: "decode [--verify [--issuer URL | --jwks-url URL | --key FILE | --secret S]] [--decrypt-key FILE] [TOKEN|-]",
		summary:  "decode a token (JWT, JWE or opaque) as JSON; --verify checks it and explains each check",
		quick:    true,
		run:      runDecode,
		traces:   true, // --verify fetches the issuer's metadata and keys
		exits:    []string{"1  also: a --verify check failed (the JSON is printed all the same)"},
		example:  `tokeninspector decode --verify eyJhbGciOi…   # or: pbpaste | tokeninspector decode -`,
	}
}

// decodeFlags are decode's own flags.
type decodeFlags struct {
	verify                     bool
	issuer, jwksURL, keyFile   string
	secret, decryptKey, client string
	kind, nonce, accessToken   string
	expectIss                  string
	caFile                     string
	timeout                    time.Duration
}

func (f *decodeFlags) register(fs *flag.FlagSet) {
	fs.BoolVar(&f.verify, "verify", false, "check the signature and the claims (key from the token's iss unless a key flag is given)")
	fs.StringVar(&f.issuer, "issuer", "", "take the keys from this issuer's metadata (OpenID discovery, then RFC 8414)")
	fs.StringVar(&f.jwksURL, "jwks-url", "", "take the keys from this JWKS")
	fs.StringVar(&f.keyFile, "key", "", "take the key from this file: PEM public key, certificate or private key, JWK or JWK Set")
	fs.StringVar(&f.secret, "secret", "", "the shared secret of an HS256/384/512 token")
	fs.StringVar(&f.decryptKey, "decrypt-key", "", "decrypt a JWE with this key file (PEM private key, or a JWK; an oct JWK for dir)")
	fs.StringVar(&f.client, "client-id", "", "the client the token was issued to (for the aud, azp and client_id checks)")
	fs.StringVar(&f.kind, "kind", "", "which rules apply: id, access or refresh (default: guessed from the token)")
	fs.StringVar(&f.expectIss, "expect-iss", "", "the issuer the token must name (iss check); default: the issuer the keys came from")
	fs.StringVar(&f.nonce, "nonce", "", "the nonce the login sent (for an ID token's nonce check)")
	fs.StringVar(&f.accessToken, "access-token", "", "the access token issued with an ID token (for its at_hash check)")
	fs.StringVar(&f.caFile, "ca-file", "", "extra PEM CA bundle for fetching metadata and keys")
	fs.DurationVar(&f.timeout, "timeout", 15*time.Second, "time allowed for fetching metadata and keys")
}

// runDecode decodes a token from the argument or stdin; with --verify it
// checks the signature and the claims, with --decrypt-key it opens a JWE.
// It exits 1 when a check fails (the JSON is printed all the same).
func runDecode(ctx context.Context, args []string, s stdio) error {
	var f decodeFlags
	fs := newFlagSet("decode", s)
	f.register(fs)
	if err := parseFlags(fs, args, s); err != nil {
		return err
	}
	raw, err := tokenArg(fs, "decode", s)
	if err != nil {
		return err
	}
	sources := 0
	for _, v := range []string{f.issuer, f.jwksURL, f.keyFile, f.secret} {
		if v != "" {
			sources++
		}
	}
	if sources > 1 {
		fmt.Fprintln(s.err, "tokeninspector decode: give at most one of --issuer, --jwks-url, --key and --secret")
		return errUsage
	}
	if sources == 0 && !f.verify && f.decryptKey == "" && f.expectIss == "" {
		// Decode only: no HTTP client, no key files (decode stays quick).
		r := check.InspectPasted(ctx, raw, check.PastedOptions{})
		if err := writeJSON(s.out, r); err != nil {
			return err
		}
		if r.Decoded.Format == jose.FormatEmpty {
			return errors.New("decode: no token given")
		}
		return nil
	}

	kind, err := parseKind(f.kind)
	if err != nil {
		fmt.Fprintf(s.err, "tokeninspector decode: %v\n", err)
		return errUsage
	}
	o := check.PastedOptions{Verify: f.verify || sources > 0, Expect: check.Expect{
		Kind: kind, Issuer: f.expectIss, ClientID: f.client, Nonce: f.nonce, AccessToken: f.accessToken, Now: time.Now(),
	}}
	o.Source = check.KeySource{Issuer: f.issuer, JWKSURL: f.jwksURL, Secret: []byte(f.secret)}
	if f.keyFile != "" {
		b, err := os.ReadFile(f.keyFile)
		if err != nil {
			return fmt.Errorf("decode: --key: %w", err)
		}
		o.Source.Key, o.Source.KeyName = b, f.keyFile
	}
	if f.decryptKey != "" {
		b, err := os.ReadFile(f.decryptKey)
		if err != nil {
			return fmt.Errorf("decode: --decrypt-key: %w", err)
		}
		o.DecryptKey = b
	}
	client, err := auth.NewHTTPClient(auth.HTTPOptions{Timeout: f.timeout, CAFile: f.caFile})
	if err != nil {
		return fmt.Errorf("decode: %w", err)
	}
	o.Client = trace.Client(client, nil) // --trace records the metadata and key fetches
	ctx, cancel := context.WithTimeout(ctx, f.timeout)
	defer cancel()
	r := check.InspectPasted(ctx, raw, o)
	if err := writeJSON(s.out, r); err != nil {
		return err
	}
	switch {
	case r.Decoded.Format == jose.FormatEmpty:
		return errors.New("decode: no token given")
	case r.DecryptErr != nil:
		return fmt.Errorf("decode: %w", r.DecryptErr)
	case r.Failed():
		return fmt.Errorf("decode: the token does not pass: %s", failedChecks(r))
	}
	return nil
}

// parseKind reads --kind; "" lets check.GuessKind decide.
func parseKind(s string) (check.TokenKind, error) {
	switch strings.ToLower(s) {
	case "":
		return "", nil
	case "id", "id_token":
		return check.KindID, nil
	case "access", "access_token":
		return check.KindAccess, nil
	case "refresh", "refresh_token":
		return check.KindRefresh, nil
	}
	return "", fmt.Errorf("--kind %q: want id, access or refresh", s)
}

// failedChecks names the failed checks of r and its nested token.
func failedChecks(r check.PastedReport) string {
	var names []string
	for rep := &r; rep != nil; rep = rep.Inner {
		if rep.Result == nil {
			continue
		}
		for _, c := range rep.Result.Report.Checks {
			if c.Status == check.CheckFail {
				names = append(names, c.Name+" ("+c.Reason+")")
			}
		}
		if len(names) == 0 && rep.Result.Signature.Status != check.SigVerified {
			names = append(names, "signature not verified ("+rep.Result.Signature.Detail+")")
		}
	}
	return strings.Join(names, "; ")
}
