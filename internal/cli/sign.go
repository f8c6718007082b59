package cli

import (
	"context"
	"crypto/rand"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/tokeninspector/tokeninspector/auth/mint"
)

func signCommand() command {
	return command{
		name:     "sign",
		synopsis: "sign --key FILE [--alg A] [--kid K] [--typ T] [--header JSON] [--claims JSON|@FILE|-] [--exp 10m] [--nbf -1m] [--iat now] [--jti auto] [--iss I] [--aud A] [--sub S] [--encrypt-to PUBKEY]",
		summary:  "sign a test token with your key and print it (--encrypt-to wraps it in a JWE)",
		quick:    true,
		run:      runSign,
		exits:    nil,
		example:  `tokeninspector sign --key test.key --sub alice --aud api --exp 10m`,
	}
}

// signFlags are sign's flags.
type signFlags struct {
	key, alg, kid, typ, header, claims string
	exp, nbf, iat, jti                 string
	iss, aud, sub, encryptTo           string
}

// runSign signs the claims with the key and prints the compact JWS (or,
// with --encrypt-to, the nested JWE).
func runSign(_ context.Context, args []string, s stdio) error {
	var f signFlags
	fs := newFlagSet("sign", s)
	fs.StringVar(&f.key, "key", "", "private key file (JWK or PEM, e.g. from keygen); not needed with --alg none")
	fs.StringVar(&f.alg, "alg", "", "algorithm (default: the key's); none makes an unsigned token")
	fs.StringVar(&f.kid, "kid", "", "kid header (default: the key's)")
	fs.StringVar(&f.typ, "typ", "", "typ header (default JWT; at+jwt for an RFC 9068 access token)")
	fs.StringVar(&f.header, "header", "", "extra header members, a JSON object")
	fs.StringVar(&f.claims, "claims", "{}", "the claims: a JSON object, @FILE or - for stdin")
	fs.StringVar(&f.exp, "exp", "", "exp: now, a duration from now (10m, -1h), seconds since 1970 or RFC 3339")
	fs.StringVar(&f.nbf, "nbf", "", "nbf, like --exp")
	fs.StringVar(&f.iat, "iat", "", "iat, like --exp")
	fs.StringVar(&f.jti, "jti", "", "jti; auto is a random UUID")
	fs.StringVar(&f.iss, "iss", "", "iss claim")
	fs.StringVar(&f.aud, "aud", "", "aud claim (comma-separated for several)")
	fs.StringVar(&f.sub, "sub", "", "sub claim")
	fs.StringVar(&f.encryptTo, "encrypt-to", "", "wrap the token in a JWE for this public key file (RSA: RSA-OAEP-256, EC: ECDH-ES; A256GCM)")
	if err := parseFlags(fs, args, s); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		fmt.Fprintln(s.err, "tokeninspector sign: unexpected argument", fs.Arg(0), "(the claims go in --claims)")
		return errUsage
	}
	if f.key == "" && f.alg != "none" {
		fmt.Fprintln(s.err, "tokeninspector sign: give --key FILE (or --alg none for an unsigned token)")
		return errUsage
	}
	var key *mint.Key
	if f.key != "" && f.alg != "none" {
		var err error
		if key, err = loadSigningKey(f.key, f.alg); err != nil {
			return fmt.Errorf("sign: %w", err)
		}
	}
	b, err := readArg(f.claims, s)
	if err != nil {
		return fmt.Errorf("sign: --claims: %w", err)
	}
	claims, err := mint.ParseObject(b)
	if err != nil {
		return fmt.Errorf("sign: --claims: %w", err)
	}
	if err := f.addClaims(&claims, time.Now()); err != nil {
		fmt.Fprintf(s.err, "tokeninspector sign: %v\n", err)
		return errUsage
	}
	o := mint.Options{Alg: f.alg, Kid: f.kid, Typ: f.typ}
	if f.header != "" {
		if o.Header, err = mint.ParseObject([]byte(f.header)); err != nil {
			return fmt.Errorf("sign: --header: %w", err)
		}
	}
	tok, err := mint.Sign(claims, key, o)
	if err != nil {
		return fmt.Errorf("sign: %w", err)
	}
	if f.encryptTo != "" {
		pub, err := os.ReadFile(f.encryptTo)
		if err != nil {
			return fmt.Errorf("sign: --encrypt-to: %w", err)
		}
		if tok, err = mint.EncryptTo(tok, pub); err != nil {
			return fmt.Errorf("sign: --encrypt-to %s: %w", f.encryptTo, err)
		}
	}
	fmt.Fprintln(s.out, tok)
	return nil
}

// addClaims sets the claims given by flags, in place when the claims
// already hold them.
func (f *signFlags) addClaims(c *mint.Object, now time.Time) error {
	for _, p := range []struct{ name, v string }{{"iss", f.iss}, {"sub", f.sub}} {
		if p.v != "" {
			c.SetValue(p.name, p.v)
		}
	}
	if f.aud != "" {
		if auds := strings.Split(f.aud, ","); len(auds) > 1 {
			c.SetValue("aud", auds)
		} else {
			c.SetValue("aud", f.aud)
		}
	}
	for _, p := range []struct{ name, v string }{{"iat", f.iat}, {"nbf", f.nbf}, {"exp", f.exp}} {
		if p.v == "" {
			continue
		}
		t, err := mint.ParseTime(p.v, now)
		if err != nil {
			return fmt.Errorf("--%s: %w", p.name, err)
		}
		c.SetValue(p.name, t)
	}
	switch f.jti {
	case "":
	case "auto":
		c.SetValue("jti", newUUID())
	default:
		c.SetValue("jti", f.jti)
	}
	return nil
}

// loadSigningKey reads a private key file for signing.
func loadSigningKey(path, alg string) (*mint.Key, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("--key: %w", err)
	}
	k, err := mint.ParseKey(b, alg)
	if err != nil {
		return nil, fmt.Errorf("--key %s: %w", path, err)
	}
	return k, nil
}

// newUUID is a random (version 4) UUID.
func newUUID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
}
