package mint

import (
	"bytes"
	"context"
	"encoding/base64"
	"slices"
	"strings"
	"testing"
	"time"

	gojose "github.com/go-jose/go-jose/v4"

	"github.com/tokeninspector/tokeninspector/auth/check"
	"github.com/tokeninspector/tokeninspector/auth/jose"
)

var allAlgs = []string{"RS256", "PS256", "ES256", "ES384", "ES512", "EdDSA", "HS256", "RS512", "PS384", "HS512"}

func claimsFor(t *testing.T, now time.Time) Object {
	t.Helper()
	var c Object
	c.SetValue("iss", "https://issuer.example")
	c.SetValue("sub", "user-1")
	c.SetValue("aud", "my-api")
	c.SetValue("iat", now.Unix())
	c.SetValue("exp", now.Add(10*time.Minute).Unix())
	return c
}

// verifyKeyFile is what decode --verify --key would be given: the public
// JWK Set, or the secret JWK for HMAC.
func verifyKeyFile(t *testing.T, k *Key) []byte {
	t.Helper()
	var b []byte
	var err error
	if k.IsSecret() {
		b, err = k.PrivateJWK()
	} else {
		b, err = k.PublicJWKS()
	}
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func verify(t *testing.T, tok string, keyFile []byte, e check.Expect) check.PastedResult {
	t.Helper()
	if e.Now.IsZero() {
		e.Now = time.Now()
	}
	return check.VerifyPasted(context.Background(), nil, jose.UnverifiedDecode(tok), check.KeySource{Key: keyFile, KeyName: "test key"}, e)
}

func TestSignRoundTrip(t *testing.T) {
	now := time.Now()
	for _, alg := range allAlgs {
		t.Run(alg, func(t *testing.T) {
			k, err := Generate(alg, "")
			if err != nil {
				t.Fatal(err)
			}
			if k.Kid == "" {
				t.Fatal("no kid")
			}
			tok, err := Sign(claimsFor(t, now), k, Options{})
			if err != nil {
				t.Fatal(err)
			}
			d := jose.UnverifiedDecode(tok)
			if d.Alg != alg || d.Kid != k.Kid || d.Subject != "user-1" || len(d.Problems) > 0 {
				t.Fatalf("decoded %s %q %q, problems %v", d.Alg, d.Kid, d.Subject, d.Problems)
			}
			// Our verifier, with the file keygen would write.
			res := verify(t, tok, verifyKeyFile(t, k), check.Expect{})
			if res.Signature.Status != check.SigVerified {
				t.Fatalf("our verifier: %s: %s", res.Signature.Status, res.Signature.Detail)
			}
			// go-jose directly.
			jws, err := gojose.ParseSigned(tok, []gojose.SignatureAlgorithm{gojose.SignatureAlgorithm(alg)})
			if err != nil {
				t.Fatal(err)
			}
			verKey := any(k.Public())
			if k.IsSecret() {
				verKey = k.Private
			}
			payload, err := jws.Verify(verKey)
			if err != nil {
				t.Fatalf("go-jose: %v", err)
			}
			if !bytes.Equal(payload, claimsFor(t, now).Bytes()) {
				t.Fatalf("payload %s", payload)
			}
			// The key written and read back signs the same way.
			priv, _ := k.PrivateJWK()
			back, err := ParseKey(priv, "")
			if err != nil || back.Alg != alg || back.Kid != k.Kid {
				t.Fatalf("ParseKey(JWK) = %+v, %v", back, err)
			}
			if !k.IsSecret() {
				pemb, err := k.PrivatePEM()
				if err != nil {
					t.Fatal(err)
				}
				if _, err := ParseKey(pemb, alg); err != nil {
					t.Fatalf("ParseKey(PEM): %v", err)
				}
				pub, _ := k.PublicPEM()
				if _, err := ParseKey(pub, ""); err == nil {
					t.Fatal("ParseKey accepted a public key for signing")
				}
				res := verify(t, tok, pub, check.Expect{})
				if res.Signature.Status != check.SigVerified {
					t.Fatalf("public PEM: %s", res.Signature.Detail)
				}
			}
		})
	}
}

func TestParseKeyRefusesWeakRSAAndWrongAlg(t *testing.T) {
	k, _ := Generate("ES256", "k")
	priv, _ := k.PrivateJWK()
	if _, err := ParseKey(priv, "RS256"); err == nil {
		t.Fatal("RS256 with an EC key accepted")
	}
	if _, err := ParseKey(priv, "ES384"); err == nil {
		t.Fatal("ES384 with a P-256 key accepted")
	}
}

func TestNestedJWE(t *testing.T) {
	signer, _ := Generate("ES256", "")
	tok, err := Sign(claimsFor(t, time.Now()), signer, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, alg := range []string{"RS256", "ES256", "ES384"} {
		recipient, _ := Generate(alg, "")
		pub, _ := recipient.PublicJWKS()
		jwe, err := EncryptTo(tok, pub)
		if err != nil {
			t.Fatal(err)
		}
		d := jose.UnverifiedDecode(jwe)
		a, enc, kid, cty := jose.JWEHeader(d)
		wantAlg := map[string]string{"RS256": "RSA-OAEP-256", "ES256": "ECDH-ES", "ES384": "ECDH-ES"}[alg]
		if !d.IsJWE() || a != wantAlg || enc != "A256GCM" || kid != recipient.Kid || cty != "JWT" {
			t.Fatalf("%s: header %s %s %s %s", alg, a, enc, kid, cty)
		}
		priv, _ := recipient.PrivateJWK()
		dec, err := jose.DecryptJWE(jwe, priv)
		if err != nil {
			t.Fatal(err)
		}
		if dec.Inner == nil || dec.Inner.Raw != tok {
			t.Fatalf("%s: inner token differs", alg)
		}
		r := check.InspectPasted(context.Background(), jwe, check.PastedOptions{Verify: true, DecryptKey: priv,
			Source: check.KeySource{Key: verifyKeyFile(t, signer)}})
		if r.Failed() {
			t.Fatalf("%s: nested token does not pass", alg)
		}
	}
	ed, _ := Generate("EdDSA", "")
	pub, _ := ed.PublicJWKS()
	if _, err := EncryptTo(tok, pub); err == nil {
		t.Fatal("encrypted to an Ed25519 key")
	}
}

func payloadOf(t *testing.T, tok string) string {
	t.Helper()
	b, err := base64.RawURLEncoding.DecodeString(strings.Split(tok, ".")[1])
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestMutateKeepsOrderAndBytes(t *testing.T) {
	k, _ := Generate("RS256", "k1")
	payload := []byte(`{"zeta":1.50,"sub":"a\u00e9","exp":1700000000,"nested":{"b":1,"a":[1,2]},"aud":["x","y"]}`)
	h, _ := Header(k, Options{})
	tok, err := SignBytes(h.Bytes(), payload, k)
	if err != nil {
		t.Fatal(err)
	}
	// Nothing asked: the same token.
	same, err := Mutate(tok, Mutation{})
	if err != nil || same != tok {
		t.Fatalf("empty mutation changed the token: %v", err)
	}
	now := time.Unix(1800000000, 0)
	name, raw, err := ParseAssignment("sub=bob", now)
	if err != nil {
		t.Fatal(err)
	}
	m := Mutation{Unset: []string{"aud"}, Shift: map[string]time.Duration{"exp": -time.Hour}}
	m.Set.Set(name, raw)
	_, raw, _ = ParseAssignment("role=[\"admin\", \"qa\"]", now)
	m.Set.Set("role", raw)
	out, err := Mutate(tok, m)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"zeta":1.50,"sub":"bob","exp":1699996400,"nested":{"b":1,"a":[1,2]},"role":["admin","qa"]}`
	if got := payloadOf(t, out); got != want {
		t.Fatalf("payload\n got %s\nwant %s", got, want)
	}
	parts := strings.Split(out, ".")
	orig := strings.Split(tok, ".")
	if parts[0] != orig[0] || parts[2] != orig[2] {
		t.Fatal("header or signature changed although only claims were edited")
	}
	// Re-signed, it verifies again; the header keeps its order.
	out, err = Mutate(tok, Mutation{Set: m.Set, Resign: k})
	if err != nil {
		t.Fatal(err)
	}
	if res := verify(t, out, verifyKeyFile(t, k), check.Expect{}); res.Signature.Status != check.SigVerified {
		t.Fatalf("resigned: %s", res.Signature.Detail)
	}
	if !strings.Contains(payloadOf(t, out), `"nested":{"b":1,"a":[1,2]}`) {
		t.Fatal("untouched member changed")
	}
	// Time claims take relative times.
	_, raw, _ = ParseAssignment("exp=+10m", now)
	if string(raw) != "1800000600" {
		t.Fatalf("exp=+10m: %s", raw)
	}
	_, raw, _ = ParseAssignment("n=42", now)
	if string(raw) != "42" {
		t.Fatalf("n=42: %s", raw)
	}
	// alg none and a stripped signature.
	none, _ := Mutate(tok, Mutation{AlgNone: true})
	if d := jose.UnverifiedDecode(none); d.Alg != "none" || len(d.Signature) != 0 || !strings.HasSuffix(none, ".") {
		t.Fatalf("alg none: %s", none)
	}
	strip, _ := Mutate(tok, Mutation{StripSignature: true, Kid: "other"})
	if d := jose.UnverifiedDecode(strip); d.Alg != "RS256" || d.Kid != "other" || len(d.Signature) != 0 {
		t.Fatalf("strip: %s", strip)
	}
	if _, err := Mutate(tok, Mutation{Unset: []string{"nope"}}); err == nil {
		t.Fatal("unset of a missing claim accepted")
	}
}

// TestAttacks checks that each preset fails exactly the check it targets
// when verified with the key the API trusts.
func TestAttacks(t *testing.T) {
	now := time.Now()
	for _, alg := range []string{"RS256", "ES256"} {
		k, _ := Generate(alg, "")
		base, err := Sign(claimsFor(t, now), k, Options{})
		if err != nil {
			t.Fatal(err)
		}
		keyFile := verifyKeyFile(t, k)
		e := check.Expect{Kind: check.KindID, Issuer: "https://issuer.example", ClientID: "my-api", Now: now}
		if res := verify(t, base, keyFile, e); res.Report.Failed() || res.Signature.Status != check.SigVerified {
			t.Fatalf("base token fails: %+v", res.Report.Checks)
		}
		for _, made := range MakeAll(AttackInput{Token: base, Key: k, Now: now}) {
			t.Run(alg+"/"+made.Name, func(t *testing.T) {
				if made.Err != nil {
					t.Fatal(made.Err)
				}
				if d := jose.UnverifiedDecode(made.Token); d.Format != jose.FormatJWT || d.ClaimsErr != nil {
					t.Fatalf("does not decode: %v", d.ClaimsErr)
				}
				res := verify(t, made.Token, keyFile, e)
				var failed []string
				for _, c := range res.Report.Checks {
					if c.Status == check.CheckFail {
						failed = append(failed, c.Name)
					}
				}
				if made.Name == "huge" && len(made.Token) < HugeClaimSize {
					t.Fatalf("huge: %d bytes, want more than %d", len(made.Token), HugeClaimSize)
				}
				want := []string{made.Check}
				if made.Name == "alg-none" {
					// The report also says the key cannot sign "none".
					want = append(want, "key")
				}
				if !slices.Equal(failed, want) {
					t.Fatalf("failed checks %v, want exactly [%s]; %+v", failed, made.Check, res.Report.Checks)
				}
				wantSig := made.resigns || made.Name == "unknown-kid"
				switch {
				case made.Name == "unknown-kid" && res.Signature.Status != check.SigUnknownKey:
					t.Fatalf("signature %s: %s", res.Signature.Status, res.Signature.Detail)
				case made.resigns && res.Signature.Status != check.SigVerified:
					t.Fatalf("signature %s: %s", res.Signature.Status, res.Signature.Detail)
				case !wantSig && res.Signature.Status == check.SigVerified:
					t.Fatalf("signature verified")
				}
			})
		}
	}
}

func TestAttackNeedsKey(t *testing.T) {
	k, _ := Generate("RS256", "")
	base, _ := Sign(claimsFor(t, time.Now()), k, Options{})
	if _, err := MakeAttack("expired", AttackInput{Token: base}); err == nil {
		t.Fatal("expired without a key")
	}
	if _, err := MakeAttack("alg-none", AttackInput{Token: base}); err != nil {
		t.Fatal(err)
	}
	if _, err := MakeAttack("bogus", AttackInput{Token: base}); err == nil {
		t.Fatal("unknown preset accepted")
	}
	idx := Index(MakeAll(AttackInput{Token: base}))
	if !strings.Contains(idx, "| alg-none.jwt | alg |") || !strings.Contains(idx, "not made") {
		t.Fatalf("index:\n%s", idx)
	}
}
