package jose

import (
	"errors"
	"fmt"
	"strings"

	gojose "github.com/go-jose/go-jose/v4"
)

// Decryption is a JWE opened with the recipient's key.
type Decryption struct {
	// Alg, Enc, Kid and Cty come from the protected header.
	Alg, Enc, Kid, Cty string
	// Plaintext is the decrypted payload. It may be a secret: never log it.
	Plaintext []byte
	// Inner is the nested JWT decoded (not verified), when the plaintext is
	// one (cty JWT, RFC 7519 §5.2, or simply shaped like one).
	Inner *Decoded
}

// jweKeyAlgs and jweEncs are the algorithms DecryptJWE accepts: every key
// management and content encryption go-jose implements except PBES2
// (passwords, not keys).
var (
	jweKeyAlgs = []gojose.KeyAlgorithm{
		gojose.RSA_OAEP, gojose.RSA_OAEP_256, gojose.RSA1_5,
		gojose.ECDH_ES, gojose.ECDH_ES_A128KW, gojose.ECDH_ES_A192KW, gojose.ECDH_ES_A256KW,
		gojose.A128KW, gojose.A192KW, gojose.A256KW, gojose.A128GCMKW, gojose.A192GCMKW, gojose.A256GCMKW,
		gojose.DIRECT,
	}
	jweEncs = []gojose.ContentEncryption{
		gojose.A128CBC_HS256, gojose.A192CBC_HS384, gojose.A256CBC_HS512,
		gojose.A128GCM, gojose.A192GCM, gojose.A256GCM,
	}
)

// JWEHeader returns alg, enc, kid and cty of a decoded JWE's protected
// header (empty when absent).
func JWEHeader(d Decoded) (alg, enc, kid, cty string) {
	str := func(name string) string {
		f, _ := d.HeaderField(name)
		s, _ := f.Value.(string)
		return s
	}
	return str("alg"), str("enc"), str("kid"), str("cty")
}

// IsJWE reports whether d is an encrypted token (five segments).
func (d Decoded) IsJWE() bool {
	return d.Format == FormatJWT && strings.Count(d.Raw, ".") == 4
}

// DecryptJWE decrypts the compact JWE raw with the keys of a key file (see
// ParseKeys: a private RSA or EC key for RSA-OAEP and ECDH-ES, an oct JWK
// for dir and key wrapping). go-jose does the cryptography.
func DecryptJWE(raw string, keyFile []byte) (Decryption, error) {
	d := UnverifiedDecode(raw)
	if !d.IsJWE() {
		return Decryption{}, errors.New("not a JWE: an encrypted token has five dot-separated parts")
	}
	var out Decryption
	out.Alg, out.Enc, out.Kid, out.Cty = JWEHeader(d)
	obj, err := gojose.ParseEncrypted(d.Raw, jweKeyAlgs, jweEncs)
	if err != nil {
		return out, fmt.Errorf("JWE: %w", err)
	}
	keys, err := ParseKeys(keyFile)
	if err != nil {
		return out, fmt.Errorf("decryption key: %w", err)
	}
	var last error
	for _, k := range keys {
		if out.Kid != "" && k.KeyID != "" && k.KeyID != out.Kid {
			continue
		}
		pt, err := obj.Decrypt(k.Key)
		if err == nil {
			out.Plaintext = pt
			if inner := UnverifiedDecode(string(pt)); inner.IsJWT() || strings.EqualFold(out.Cty, "JWT") {
				out.Inner = &inner
			}
			return out, nil
		}
		last = err
	}
	if last == nil {
		return out, fmt.Errorf("decryption key: no key with kid %q", out.Kid)
	}
	return out, fmt.Errorf("JWE (%s, %s): the key does not decrypt it: %w", out.Alg, out.Enc, last)
}
