package demoidp

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"

	"github.com/golang-jwt/jwt/v5"
)

// requestObjectAlgs are the request object algorithms this provider
// accepts (request_object_signing_alg_values_supported).
var requestObjectAlgs = []string{"none", "RS256", "PS256", "ES256", "ES384", "ES512", "EdDSA"}

// requestObjectParams replaces an authorization request that carries a
// request object (RFC 9101 `request`, by value or inside a pushed request)
// with the object's claims: only they count (§6.3), and client_id outside
// must equal the one inside.
//
// The rule for signatures: a signed object must verify with one of the
// client's public keys (Client.PublicKeys, or the jwks it registered), name
// the client as iss and this issuer as aud (§4). An unsigned object (alg
// none) is accepted only from a client that has no public key, since it
// could not sign one; a client with keys must sign. A client that
// registered request_object_signing_alg must use exactly that algorithm.
func (s *Server) requestObjectParams(q url.Values, clientID string, c Client, issuer string) (url.Values, error) {
	raw := q.Get("request")
	if q.Has("request_uri") && q.Get("request_uri") != "" && !strings.HasPrefix(q.Get("request_uri"), requestURIPrefix) {
		return nil, errors.New("request and request_uri cannot both be used")
	}
	parts := strings.Split(raw, ".")
	if len(parts) != 3 {
		return nil, errors.New("the request object is not a compact JWS")
	}
	var hdr struct {
		Alg string `json:"alg"`
	}
	if b, err := base64.RawURLEncoding.DecodeString(parts[0]); err != nil || json.Unmarshal(b, &hdr) != nil {
		return nil, errors.New("the request object's header is not base64url JSON")
	}
	if !slices.Contains(requestObjectAlgs, hdr.Alg) {
		return nil, fmt.Errorf("request object algorithm %q is not supported", hdr.Alg)
	}
	if c.RequestObjectAlg != "" && hdr.Alg != c.RequestObjectAlg {
		return nil, fmt.Errorf("this client registered request objects signed with %s, not %s", c.RequestObjectAlg, hdr.Alg)
	}
	claims := jwt.MapClaims{}
	if hdr.Alg == "none" {
		if len(c.PublicKeys) > 0 {
			return nil, errors.New("this client has keys: its request objects must be signed, not alg none")
		}
		if parts[2] != "" {
			return nil, errors.New("an unsigned request object has an empty signature part")
		}
		b, err := base64.RawURLEncoding.DecodeString(parts[1])
		if err != nil || json.Unmarshal(b, &claims) != nil {
			return nil, errors.New("the request object's payload is not base64url JSON")
		}
	} else {
		if len(c.PublicKeys) == 0 {
			return nil, errors.New("this client has no registered key to verify a signed request object")
		}
		keys := jwt.VerificationKeySet{}
		for _, k := range c.PublicKeys {
			switch k.(type) {
			case *rsa.PublicKey, *ecdsa.PublicKey, ed25519.PublicKey:
				keys.Keys = append(keys.Keys, k)
			}
		}
		if _, err := jwt.ParseWithClaims(raw, &claims, func(*jwt.Token) (any, error) { return keys, nil },
			jwt.WithValidMethods([]string{hdr.Alg}), jwt.WithTimeFunc(s.now), jwt.WithIssuer(clientID), jwt.WithAudience(issuer)); err != nil {
			return nil, fmt.Errorf("request object refused: %w", err)
		}
	}
	out := url.Values{}
	for k, v := range claims {
		switch k {
		case "iss", "aud", "exp", "iat", "nbf", "jti", "request", "request_uri":
			continue
		}
		if vs, ok := v.([]any); ok && k == "resource" { // RFC 8707: several resources
			for _, r := range vs {
				out.Add(k, fmt.Sprint(r))
			}
			continue
		}
		switch v := v.(type) {
		case string:
			out.Set(k, v)
		case float64, bool:
			out.Set(k, fmt.Sprint(v))
		default:
			b, _ := json.Marshal(v) // claims, max_age objects stay JSON
			out.Set(k, string(b))
		}
	}
	if out.Get("client_id") != clientID {
		return nil, errors.New("the request object's client_id is not the request's client_id")
	}
	return out, nil
}
