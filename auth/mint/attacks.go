package mint

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Attack is a preset that makes a token an API must refuse.
type Attack struct {
	// Name is the preset's name, as --attack takes it.
	Name string
	// Check is the check of the validation report (auth/check) the token
	// fails when verified with the right key: "signature", "exp", "aud"...
	Check string
	// Note says in one line what a correct API does with the token.
	Note string
	// resigns tells that the preset changes the claims and signs again
	// with the caller's key, so that only the targeted check fails.
	resigns bool
}

// Attacks are the presets, in the order --attack all writes them.
var Attacks = []Attack{
	{Name: "expired", Check: "exp", resigns: true,
		Note: "exp an hour ago, validly signed: refuse it (401 invalid_token, \"token expired\")."},
	{Name: "not-yet-valid", Check: "nbf", resigns: true,
		Note: "nbf an hour from now, validly signed: refuse it until then (401 invalid_token)."},
	{Name: "wrong-aud", Check: "aud", resigns: true,
		Note: "aud names another API, validly signed: refuse it; a token for someone else is not for you (401)."},
	{Name: "wrong-iss", Check: "iss", resigns: true,
		Note: "iss is not your provider, validly signed: refuse it; trust only the issuer you configured (401)."},
	{Name: "alg-none", Check: "alg",
		Note: "alg none and no signature: refuse it; never accept unsigned tokens, whatever the header says (401)."},
	{Name: "no-signature", Check: "signature",
		Note: "the header's alg kept, the signature removed: refuse it (401 invalid_token)."},
	{Name: "bad-signature", Check: "signature",
		Note: "one byte of the signature flipped: refuse it; the signature must verify bit for bit (401)."},
	{Name: "unknown-kid", Check: "signature",
		Note: "kid names a key the issuer does not publish: refuse it (after at most one JWKS refresh), never fall back to another key (401)."},
	{Name: "hs256-with-public-key", Check: "key",
		Note: "RS256→HS256 key confusion, HMAC keyed with the public key's PEM: refuse it; pin the algorithm to the key type, never use a public key as an HMAC secret (401)."},
	{Name: "embedded-jwk", Check: "signature",
		Note: "signed with a fresh key carried in its own jwk header: refuse it; take keys only from the issuer's JWKS, never from the token (401)."},
	{Name: "jku-elsewhere", Check: "signature",
		Note: "jku points at someone else's key set and a key from there signed it: refuse it; never fetch keys from a URL the token names (401)."},
	{Name: "missing-exp", Check: "exp", resigns: true,
		Note: "no exp, validly signed: refuse it; a token without an expiry would be valid forever (401)."},
	{Name: "missing-sub", Check: "sub", resigns: true,
		Note: "no sub, validly signed: refuse it; the token names no user (401)."},
	{Name: "huge", Check: "size", resigns: true,
		Note: "a 64 KiB claim, validly signed: refuse it before parsing it (431 or 400); cap the size of the header you accept."},
}

// FindAttack returns the preset called name.
func FindAttack(name string) (Attack, bool) {
	for _, a := range Attacks {
		if a.Name == name {
			return a, true
		}
	}
	return Attack{}, false
}

// AttackNames lists the presets' names.
func AttackNames() []string {
	names := make([]string, len(Attacks))
	for i, a := range Attacks {
		names[i] = a.Name
	}
	return names
}

// AttackInput is what the presets start from.
type AttackInput struct {
	// Token is a signed token the API accepts.
	Token string
	// Key is the private key the API trusts: the claim presets sign with
	// it, so that only the claim check fails, and hs256-with-public-key
	// uses its public half unless PublicKey is given.
	Key *Key
	// PublicKey is the public key as the API holds it (PEM), the HMAC
	// secret of hs256-with-public-key.
	PublicKey []byte
	// JKU is the URL jku-elsewhere points at (default
	// https://attacker.example/jwks.json).
	JKU string
	// Now is the clock of the time presets (zero is time.Now).
	Now time.Time
}

// DefaultJKU is where jku-elsewhere points by default.
const DefaultJKU = "https://attacker.example/jwks.json"

// HugeClaimSize is the size of the huge preset's padding claim.
const HugeClaimSize = 64 << 10

// MakeAttack makes the token of the preset name from in.
func MakeAttack(name string, in AttackInput) (string, error) {
	a, ok := FindAttack(name)
	if !ok {
		return "", fmt.Errorf("unknown attack %q: want one of %s", name, strings.Join(AttackNames(), ", "))
	}
	p, err := Split(in.Token)
	if err != nil {
		return "", err
	}
	if a.resigns && in.Key == nil {
		return "", fmt.Errorf("%s changes the claims and signs again: give the private key the API trusts (--key)", name)
	}
	now := in.Now
	if now.IsZero() {
		now = time.Now()
	}
	var m Mutation
	if a.resigns {
		m.Resign = in.Key
	}
	alg := headerString(p.Header, "alg")
	switch name {
	case "expired":
		exp := now.Add(-time.Hour).Unix()
		m.Set.SetValue("exp", exp)
		for _, c := range []string{"iat", "nbf"} {
			if _, ok := p.Claims.Get(c); ok {
				m.Set.SetValue(c, exp-3600)
			}
		}
	case "not-yet-valid":
		m.Set.SetValue("nbf", now.Add(time.Hour).Unix())
	case "wrong-aud":
		const other = "https://another-api.example"
		if raw, ok := p.Claims.Get("aud"); ok && strings.HasPrefix(string(raw), "[") {
			m.Set.SetValue("aud", []string{other})
		} else {
			m.Set.SetValue("aud", other)
		}
	case "wrong-iss":
		m.Set.SetValue("iss", "https://attacker.example")
	case "alg-none":
		m.AlgNone = true
	case "no-signature":
		m.StripSignature = true
	case "bad-signature":
		sig, err := base64.RawURLEncoding.DecodeString(p.SigSeg)
		if err != nil || len(sig) == 0 {
			return "", errors.New("bad-signature: the token has no signature to damage")
		}
		sig[len(sig)/2] ^= 0x01
		return p.HeaderSeg + "." + p.PayloadSeg + "." + b64(sig), nil
	case "unknown-kid":
		m.Kid = "unknown-" + randomHex(6)
		m.Resign = in.Key // when given, the signature itself is good
	case "hs256-with-public-key":
		pub := in.PublicKey
		if len(pub) == 0 && in.Key != nil && !in.Key.IsSecret() {
			if pub, err = in.Key.PublicPEM(); err != nil {
				return "", err
			}
		}
		if len(pub) == 0 {
			return "", errors.New("hs256-with-public-key: give the API's public key (--key, PEM)")
		}
		// The secret is the PEM as the API stores it, whatever its length.
		m.Resign = &Key{Alg: "HS256", Private: pub}
		if in.Key != nil && in.Key.Kid != "" {
			m.Kid = in.Key.Kid
		}
	case "embedded-jwk", "jku-elsewhere":
		fresh, err := Generate(freshAlg(alg), "")
		if err != nil {
			return "", err
		}
		m.Resign = fresh
		if name == "embedded-jwk" {
			pub, err := fresh.PublicJWK()
			if err != nil {
				return "", err
			}
			m.Header.Set("jwk", pub)
		} else {
			m.Header.SetValue("jku", cmpOr(in.JKU, DefaultJKU))
		}
	case "missing-exp":
		if _, ok := p.Claims.Get("exp"); ok {
			m.Unset = append(m.Unset, "exp")
		}
	case "missing-sub":
		if _, ok := p.Claims.Get("sub"); ok {
			m.Unset = append(m.Unset, "sub")
		}
	case "huge":
		m.Set.SetValue("padding", strings.Repeat("A", HugeClaimSize))
	}
	if m.Resign != nil && m.Resign == in.Key && in.Key.Kid == "" {
		// Keep the token's own kid when the key has none.
		if k := headerString(p.Header, "kid"); k != "" && m.Kid == "" {
			m.Kid = k
		}
	}
	return Mutate(in.Token, m)
}

// Made is one preset's token, or why it could not be made.
type Made struct {
	Attack
	Token string
	Err   error
}

// MakeAll makes every preset from in.
func MakeAll(in AttackInput) []Made {
	out := make([]Made, len(Attacks))
	for i, a := range Attacks {
		tok, err := MakeAttack(a.Name, in)
		out[i] = Made{Attack: a, Token: tok, Err: err}
	}
	return out
}

// Index is a README (Markdown) listing the tokens MakeAll made, with the
// file each is written to (NAME.jwt) and what a correct API does with it.
func Index(made []Made) string {
	var b strings.Builder
	b.WriteString("# Attack tokens\n\n")
	b.WriteString("Send each token to the API (Authorization: Bearer $(cat FILE)); every one must be refused.\n\n")
	b.WriteString("| File | Fails | What a correct API does |\n|---|---|---|\n")
	for _, m := range made {
		if m.Err != nil {
			fmt.Fprintf(&b, "| (not made: %s) | %s | %s |\n", strings.ReplaceAll(m.Err.Error(), "|", "/"), m.Check, m.Note)
			continue
		}
		fmt.Fprintf(&b, "| %s.jwt | %s | %s |\n", m.Name, m.Check, m.Note)
	}
	return b.String()
}

func headerString(h Object, name string) string {
	raw, ok := h.Get(name)
	if !ok {
		return ""
	}
	var s string
	_ = json.Unmarshal(raw, &s)
	return s
}

// freshAlg is the algorithm of the attacker's own key: the token's, when
// it is an asymmetric one.
func freshAlg(alg string) string {
	switch alg {
	case "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA":
		return alg
	}
	return "ES256"
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
