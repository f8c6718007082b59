package check

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/tokeninspector/tokeninspector/auth/discovery"

	"github.com/tokeninspector/tokeninspector/auth/jose"

	gojose "github.com/go-jose/go-jose/v4"
	"github.com/golang-jwt/jwt/v5"
)

// KeySource says where VerifyPasted takes the key from. Set at most one
// of Issuer, JWKSURL, Key and Secret; with none, the key comes from the
// token's own iss.
type KeySource struct {
	// Issuer is resolved by OpenID discovery, then RFC 8414 metadata, to
	// its jwks_uri.
	Issuer string
	// JWKSURL is used as it is.
	JWKSURL string
	// Key is the content of a key file (see ParseKeys); KeyName names the
	// file in messages.
	Key     []byte
	KeyName string
	// Secret is the shared secret of an HS256/384/512 token.
	Secret []byte
}

// PastedResult is what VerifyPasted found out.
type PastedResult struct {
	// Signature is the verdict on the signature.
	Signature Verification
	// Issuer is the issuer whose metadata gave the keys, and MetadataURL
	// and JWKSURL where they came from ("" when not used).
	Issuer, MetadataURL, JWKSURL string
	// Report is the validation report with the signature result.
	Report Report
}

// VerifyPasted checks a token that comes without a profile: the key from
// src (or the token's own iss), then Validate with e, whose Signature,
// Issuer (unless set) and Skew it fills in. Keys in the token's header
// (jwk, x5c, jku) are never used: the report says why.
func VerifyPasted(ctx context.Context, client *http.Client, d jose.Decoded, src KeySource, e Expect) PastedResult {
	if client == nil {
		client = http.DefaultClient
	}
	if e.Now.IsZero() {
		e.Now = time.Now()
	}
	if e.Kind == "" {
		e.Kind = GuessKind(d)
	}
	var res PastedResult
	now := func() time.Time { return e.Now }
	switch {
	case !d.IsJWT() || strings.Count(d.Raw, ".") == 4:
		res.Signature = notVerifiable(unverifiableReason(d))
	case len(src.Secret) > 0:
		res.Signature = verifyWithKeys(d, []any{src.Secret}, "the secret given")
	case len(src.Key) > 0:
		res.Signature = verifyWithKeyFile(d, src)
	default:
		jwksURL := src.JWKSURL
		if jwksURL == "" {
			issuer := src.Issuer
			if issuer == "" {
				issuer = d.Issuer
			}
			if issuer == "" {
				res.Signature = notVerifiable("no key given and the token has no iss to find one from: give an issuer, a JWKS URL, a key file or a secret")
				break
			}
			if src.Issuer == "" {
				if why := untrustedIssuerURL(issuer); why != "" {
					res.Signature = notVerifiable(fmt.Sprintf("the token's iss %q is %s, so it was not fetched (give --issuer to fetch it anyway)", issuer, why))
					break
				}
			}
			m, docURL, skew, err := discovery.DiscoverAny(ctx, client, issuer, now)
			if err != nil {
				res.Signature = notVerifiable(fmt.Sprintf("no keys for issuer %s: %v", issuer, err))
				break
			}
			res.Issuer, res.MetadataURL, e.Skew = m.Issuer, docURL, skew
			if e.Issuer == "" {
				e.Issuer = m.Issuer
			}
			if m.JWKSURL == "" {
				res.Signature = notVerifiable(fmt.Sprintf("the metadata at %s publishes no jwks_uri", docURL))
				break
			}
			jwksURL = m.JWKSURL
		}
		res.JWKSURL = jwksURL
		v := NewVerifier(jwksURL, client)
		res.Signature = v.Verify(ctx, d)
		v.Close()
	}
	e.Signature = &res.Signature
	res.Report = Validate(d, e)
	return res
}

// untrustedIssuerURL says why a token's own iss is not fetched without
// being asked: it is not an https URL (plain http only on a loopback
// host), since whoever wrote the token chose it. "" means it may be fetched.
func untrustedIssuerURL(iss string) string {
	u, err := url.Parse(iss)
	switch {
	case err != nil || u.Host == "":
		return "not a URL"
	case u.Scheme == "https":
		return ""
	case u.Scheme == "http" && isLoopbackHost(u.Hostname()):
		return ""
	}
	return "not an https URL"
}

func isLoopbackHost(h string) bool {
	if h == "localhost" {
		return true
	}
	ip := net.ParseIP(h)
	return ip != nil && ip.IsLoopback()
}

// GuessKind tells an ID token (nonce, at_hash, azp or Keycloak's typ ID)
// and an RFC 9068 access token (typ at+jwt) from any other token.
func GuessKind(d jose.Decoded) TokenKind {
	if t := strings.ToLower(d.Typ); t == "at+jwt" || t == "application/at+jwt" {
		return KindAccess
	}
	if f, ok := d.Claim("typ"); ok {
		switch f.Value {
		case "ID":
			return KindID
		case "Bearer":
			return KindAccess
		case "Refresh":
			return KindRefresh
		}
	}
	for _, name := range []string{"nonce", "at_hash", "c_hash"} {
		if _, ok := d.Claim(name); ok {
			return KindID
		}
	}
	return KindPasted
}

// verifyWithKeyFile checks d with the keys of a key file, preferring the
// one whose kid matches.
func verifyWithKeyFile(d jose.Decoded, src KeySource) Verification {
	name := cmp.Or(src.KeyName, "the key file")
	keys, err := jose.ParseKeys(src.Key)
	if err != nil {
		return notVerifiable(fmt.Sprintf("%s: %v", name, err))
	}
	var candidates []any
	var info *KeyInfo
	for _, k := range keys {
		if d.Kid != "" && k.KeyID != "" && k.KeyID != d.Kid {
			continue
		}
		pub := k
		if !k.IsPublic() {
			if _, symmetric := k.Key.([]byte); !symmetric {
				pub = k.Public()
			}
		}
		candidates = append(candidates, pub.Key)
		if info == nil && k.KeyID != "" {
			info = &KeyInfo{ID: k.KeyID, Type: jwkType(k), Use: k.Use, Alg: k.Algorithm}
		}
	}
	if len(candidates) == 0 {
		return Verification{Status: SigUnknownKey, KeySource: "key file " + name,
			Detail: fmt.Sprintf("%s has no key %q", name, d.Kid)}
	}
	v := verifyWithKeys(d, candidates, "key file "+name)
	v.Key = info
	return v
}

// verifyWithKeys tries each key with golang-jwt and reports the first
// success, or why none fits.
func verifyWithKeys(d jose.Decoded, keys []any, source string) Verification {
	if reason := unverifiableReason(d); reason != "" && !(strings.HasPrefix(d.Alg, "HS") && isSecret(keys)) {
		return Verification{Status: SigNotVerifiable, Detail: reason, KeySource: source}
	}
	algs := append(supportedAlgs(), "HS256", "HS384", "HS512")
	var last error
	for _, k := range keys {
		_, err := jwt.Parse(d.Raw, func(*jwt.Token) (any, error) { return k, nil },
			jwt.WithoutClaimsValidation(), jwt.WithValidMethods(algs))
		if err == nil {
			return Verification{Status: SigVerified, KeySource: source, Detail: fmt.Sprintf("%s signature checked with %s", d.Alg, source)}
		}
		last = err
	}
	switch {
	case errors.Is(last, jwt.ErrTokenSignatureInvalid):
		return Verification{Status: SigInvalid, KeySource: source, Detail: fmt.Sprintf("%s signature does not match %s", d.Alg, source)}
	case errors.Is(last, jwt.ErrTokenMalformed):
		return Verification{Status: SigNotVerifiable, KeySource: source, Detail: fmt.Sprintf("the token is malformed: %v", last)}
	}
	return Verification{Status: SigInvalid, KeySource: source, Detail: fmt.Sprintf("%s cannot check this %s token: %v", source, d.Alg, last)}
}

func isSecret(keys []any) bool {
	for _, k := range keys {
		if _, ok := k.([]byte); ok {
			return true
		}
	}
	return false
}

// jwkType names a go-jose key's kty.
func jwkType(k gojose.JSONWebKey) string {
	b, err := k.Public().MarshalJSON()
	if _, symmetric := k.Key.([]byte); symmetric || err != nil {
		return "oct"
	}
	var m struct {
		Kty string `json:"kty"`
	}
	_ = json.Unmarshal(b, &m)
	return m.Kty
}
