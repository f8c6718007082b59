package check

import (
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"fmt"
	"hash"
	"strings"

	"github.com/tokeninspector/tokeninspector/auth/jose"
)

// Link is one reference between two tokens of the same response, such as
// a refresh token's ati naming the access token's jti.
type Link struct {
	// From and To are "refresh", "access" or "id": From's Claim refers to To.
	From, To string
	// Claim is the claim of From that holds the reference: "ati" or "at_hash".
	Claim string
	// OK reports whether the reference matches To.
	OK bool
	// Detail is a sentence explaining the outcome.
	Detail string
}

// LinkTokens reports how the tokens of one response refer to each other:
//
//   - the refresh token's ati must equal the access token's jti;
//   - the ID token's at_hash must equal the base64url encoding of the left
//     half of the hash of the access token, hashed with the SHA-2 function
//     of the ID token's alg (*256: SHA-256, *384: SHA-384, *512: SHA-512),
//     as OpenID Connect Core 1.0 section 3.1.3.6 specifies; EdDSA is
//     Ed25519 here, hashed with SHA-512 (see newHash).
//
// A claim that is absent produces no link. Nothing here is verified: a
// matching link only shows that the tokens agree with each other.
func LinkTokens(access, refresh, id jose.Decoded) []Link {
	var links []Link
	if f, ok := refresh.Claim("ati"); ok {
		links = append(links, linkATI(f, access))
	}
	if f, ok := id.Claim("at_hash"); ok {
		links = append(links, linkAtHash(f, id.Alg, access))
	}
	return links
}

// linkATI checks the refresh token's ati claim f against access's jti.
func linkATI(f jose.Field, access jose.Decoded) Link {
	l := Link{From: "refresh", To: "access", Claim: "ati"}
	ati, ok := f.Value.(string)
	switch {
	case !ok:
		l.Detail = "the refresh token's ati is not a string"
	case !access.IsJWT():
		l.Detail = fmt.Sprintf("the refresh token's ati is %q, but the access token is not a JWT, so it has no jti", ati)
	case access.JTI == "":
		l.Detail = fmt.Sprintf("the refresh token's ati is %q, but the access token has no jti", ati)
	case access.JTI == ati:
		l.OK = true
		l.Detail = fmt.Sprintf("the refresh token's ati matches the access token's jti %q", ati)
	default:
		l.Detail = fmt.Sprintf("the refresh token's ati %q differs from the access token's jti %q", ati, access.JTI)
	}
	return l
}

// linkAtHash checks the ID token's at_hash claim f, under the ID token's
// alg, against the access token.
func linkAtHash(f jose.Field, alg string, access jose.Decoded) Link {
	l := Link{From: "id", To: "access", Claim: "at_hash"}
	got, ok := f.Value.(string)
	if !ok {
		l.Detail = "the ID token's at_hash is not a string"
		return l
	}
	if access.Raw == "" {
		l.Detail = "the ID token has an at_hash, but there is no access token to compare it with"
		return l
	}
	want, err := AtHash(access.Raw, alg)
	if err != nil {
		l.Detail = fmt.Sprintf("cannot check the ID token's at_hash: %v", err)
		return l
	}
	if got == want {
		l.OK = true
		l.Detail = fmt.Sprintf("the ID token's at_hash matches the %s hash of the access token", hashName(alg))
		return l
	}
	l.Detail = fmt.Sprintf("the ID token's at_hash %q differs from %q, the %s hash of the access token", got, want, hashName(alg))
	return l
}

// AtHash computes the OpenID Connect at_hash of accessToken for an ID token
// signed with alg: the base64url encoding (unpadded) of the left half of
// the SHA-2 hash whose size matches alg's suffix (256, 384 or 512).
func AtHash(accessToken, alg string) (string, error) {
	h := newHash(alg)
	if h == nil {
		return "", fmt.Errorf("no at_hash function is defined for alg %q", alg)
	}
	h.Write([]byte(accessToken))
	sum := h.Sum(nil)
	return base64.RawURLEncoding.EncodeToString(sum[:len(sum)/2]), nil
}

// newHash returns the hash of alg for at_hash, or nil if alg has none.
// EdDSA names no hash size; for Ed25519 it is SHA-512, the hash inside
// Ed25519 itself, as the OpenID Foundation's conformance suite and the
// common OpenID libraries compute it. Ed448 (SHAKE256) is not verified by
// this app at all, so Ed25519 is the only EdDSA an ID token here can be.
func newHash(alg string) hash.Hash {
	switch {
	case strings.EqualFold(alg, "none"):
		return nil
	case alg == "EdDSA":
		return sha512.New()
	case strings.HasSuffix(alg, "256"):
		return sha256.New()
	case strings.HasSuffix(alg, "384"):
		return sha512.New384()
	case strings.HasSuffix(alg, "512"):
		return sha512.New()
	}
	return nil
}

// hashName names the hash of alg for messages.
func hashName(alg string) string {
	if alg == "EdDSA" {
		return "SHA-512"
	}
	for _, size := range []string{"256", "384", "512"} {
		if strings.HasSuffix(alg, size) {
			return "SHA-" + size
		}
	}
	return alg
}
