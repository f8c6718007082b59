package mint

import (
	"crypto/ecdsa"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"

	gojose "github.com/go-jose/go-jose/v4"
	"github.com/golang-jwt/jwt/v5"

	"github.com/tokeninspector/tokeninspector/auth/jose"
)

// Options are the header fields Sign puts before the claims.
type Options struct {
	// Alg is the algorithm: "" is the key's, "none" makes an unsigned token.
	Alg string
	// Kid is the key ID: "" is the key's; NoKid leaves it out.
	Kid   string
	NoKid bool
	// Typ is the header's typ: "" is "JWT".
	Typ string
	// Header holds extra members, added after alg, typ and kid (a member
	// of the same name replaces theirs).
	Header Object
}

// Header is the JOSE header Sign writes for key and o: alg, typ, kid,
// then o.Header's members.
func Header(key *Key, o Options) (Object, error) {
	alg := o.Alg
	if alg == "" && key != nil {
		alg = key.Alg
	}
	if alg == "" {
		return nil, errors.New("no algorithm: give a key, or alg none")
	}
	var h Object
	h.SetValue("alg", alg)
	h.SetValue("typ", cmpOr(o.Typ, "JWT"))
	kid := o.Kid
	if kid == "" && key != nil && alg != "none" {
		kid = key.Kid
	}
	if kid != "" && !o.NoKid {
		h.SetValue("kid", kid)
	}
	for _, f := range o.Header {
		h.Set(f.Name, f.Raw)
	}
	return h, nil
}

func cmpOr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// Sign makes a compact JWS of claims with key (nil only for alg none).
func Sign(claims Object, key *Key, o Options) (string, error) {
	h, err := Header(key, o)
	if err != nil {
		return "", err
	}
	return SignBytes(h.Bytes(), claims.Bytes(), key)
}

// SignBytes signs header and payload exactly as they are, with the alg the
// header names.
func SignBytes(header, payload []byte, key *Key) (string, error) {
	h, err := ParseObject(header)
	if err != nil {
		return "", fmt.Errorf("header: %w", err)
	}
	var alg string
	if raw, ok := h.Get("alg"); !ok || json.Unmarshal(raw, &alg) != nil || alg == "" {
		return "", errors.New("header: no alg")
	}
	return signInput(b64(header)+"."+b64(payload), alg, key)
}

// signInput appends the signature of input (header.payload) to it.
func signInput(input, alg string, key *Key) (string, error) {
	if alg == "none" {
		return input + ".", nil
	}
	if key == nil {
		return "", fmt.Errorf("%s needs a key", alg)
	}
	if err := fits(alg, key.Private); err != nil {
		return "", err
	}
	m := jwt.GetSigningMethod(alg)
	if m == nil {
		return "", fmt.Errorf("unsupported algorithm %q", alg)
	}
	sig, err := m.Sign(input, key.Private)
	if err != nil {
		return "", fmt.Errorf("sign %s: %w", alg, err)
	}
	return input + "." + b64(sig), nil
}

// EncryptTo wraps the compact JWS jws in a JWE (cty JWT) for the public key
// of a key file: RSA-OAEP-256 for an RSA key, ECDH-ES for an EC key,
// content encrypted with A256GCM.
func EncryptTo(jws string, keyFile []byte) (string, error) {
	keys, err := jose.ParseKeys(keyFile)
	if err != nil {
		return "", fmt.Errorf("encryption key: %w", err)
	}
	for _, k := range keys {
		pub := k.Key
		if !k.IsPublic() {
			pub = k.Public().Key
		}
		var alg gojose.KeyAlgorithm
		switch pub.(type) {
		case *rsa.PublicKey:
			alg = gojose.RSA_OAEP_256
		case *ecdsa.PublicKey:
			alg = gojose.ECDH_ES
		default:
			continue
		}
		enc, err := gojose.NewEncrypter(gojose.A256GCM,
			gojose.Recipient{Algorithm: alg, Key: pub, KeyID: k.KeyID},
			(&gojose.EncrypterOptions{}).WithContentType("JWT"))
		if err != nil {
			return "", fmt.Errorf("JWE: %w", err)
		}
		obj, err := enc.Encrypt([]byte(jws))
		if err != nil {
			return "", fmt.Errorf("JWE: %w", err)
		}
		return obj.CompactSerialize()
	}
	return "", errors.New("encryption key: want an RSA or EC public key (RSA-OAEP-256 or ECDH-ES)")
}

// b64 is unpadded base64url.
func b64(b []byte) string { return base64.RawURLEncoding.EncodeToString(b) }
