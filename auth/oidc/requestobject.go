package oidc

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/url"
	"strconv"
	"time"

	"github.com/tokeninspector/tokeninspector/auth"
	"github.com/tokeninspector/tokeninspector/auth/jose"

	gojose "github.com/go-jose/go-jose/v4"
)

// requestObjectType is the typ of a request object (RFC 9101 §10.8).
const requestObjectType = "oauth-authz-req+jwt"

// requestObjectLifetime is how long a request object is valid.
const requestObjectLifetime = 5 * time.Minute

// requestObject makes the authorization request params into a request
// object (RFC 9101 §4): every parameter a claim, plus iss (the client),
// aud (the issuer), iat, nbf, exp and jti; signed with the client key in
// the profile's algorithm, or unsigned for alg none.
func (pr *Provider) requestObject(params url.Values) (string, error) {
	alg := pr.profile.RequestObject
	claims := map[string]any{}
	for k, vs := range params {
		switch {
		case k == "resource" && len(vs) > 1:
			claims[k] = vs // RFC 8707: several resources, a JSON array
		case len(vs) > 0:
			claims[k] = requestObjectClaim(k, vs[0])
		}
	}
	aud := pr.endpoints.Issuer
	if aud == "" {
		aud = pr.endpoints.AuthURL
	}
	now := pr.env.Now()
	claims["iss"], claims["aud"] = pr.profile.ClientID, aud
	claims["iat"], claims["nbf"], claims["exp"] = now.Unix(), now.Unix(), now.Add(requestObjectLifetime).Unix()
	claims["jti"] = jose.RandomString(16)
	payload, err := json.Marshal(claims)
	if err != nil {
		return "", fmt.Errorf("request object: %w", err)
	}
	if alg == auth.RequestObjectNone {
		hdr, _ := json.Marshal(map[string]string{"alg": "none", "typ": requestObjectType})
		return base64.RawURLEncoding.EncodeToString(hdr) + "." + base64.RawURLEncoding.EncodeToString(payload) + ".", nil
	}
	ck, err := LoadClientKey(pr.profile.ClientKeyFile)
	if err != nil {
		return "", fmt.Errorf("request object: %w", err)
	}
	switch ck.Key.(type) {
	case *rsa.PrivateKey:
		if alg != "RS256" && alg != "PS256" {
			return "", fmt.Errorf("request object: an RSA client key signs RS256 or PS256, not %s", alg)
		}
	case *ecdsa.PrivateKey, ed25519.PrivateKey:
		if alg != ck.Algorithm {
			return "", fmt.Errorf("request object: this client key signs %s, not %s", ck.Algorithm, alg)
		}
	default:
		return "", fmt.Errorf("request object: the client key (%s) cannot sign %s", ck.Algorithm, alg)
	}
	signer, err := gojose.NewSigner(gojose.SigningKey{Algorithm: gojose.SignatureAlgorithm(alg), Key: gojose.JSONWebKey{Key: ck.Key, KeyID: ck.KeyID, Algorithm: alg}},
		(&gojose.SignerOptions{}).WithType(requestObjectType))
	if err != nil {
		return "", fmt.Errorf("request object: %w", err)
	}
	jws, err := signer.Sign(payload)
	if err != nil {
		return "", fmt.Errorf("request object: signing: %w", err)
	}
	return jws.CompactSerialize()
}

// requestObjectClaim is a parameter as a request object claim: claims and
// authorization_details as the JSON they hold (OpenID Connect Core §6.1,
// RFC 9396 §3), max_age as a number, everything else as a string.
func requestObjectClaim(name, v string) any {
	switch name {
	case "claims", "authorization_details":
		if json.Valid([]byte(v)) {
			return json.RawMessage(v)
		}
	case "max_age":
		if n, err := strconv.ParseInt(v, 10, 64); err == nil {
			return n
		}
	}
	return v
}

// withRequestObject replaces the authorization parameters by a request
// object carrying them (`request` by value, RFC 9101 §5.1), keeping
// client_id — and response_type and scope, which OpenID Connect Core §6.1
// wants outside too — as plain parameters.
func (pr *Provider) withRequestObject(q url.Values) (url.Values, string, error) {
	ro, err := pr.requestObject(q)
	if err != nil {
		return nil, "", err
	}
	out := url.Values{"client_id": {pr.profile.ClientID}, "request": {ro}}
	for _, k := range []string{"response_type", "scope"} {
		if v := q.Get(k); v != "" {
			out.Set(k, v)
		}
	}
	return out, ro, nil
}
