package check

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math/big"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/tokeninspector/tokeninspector/auth/jose/josetest"
)

// rsaJWK is key's public half as a JWK under kid.
func rsaJWK(kid string, key *rsa.PrivateKey) map[string]any {
	enc := base64.RawURLEncoding.EncodeToString
	return map[string]any{"kty": "RSA", "use": "sig", "alg": "RS256", "kid": kid,
		"n": enc(key.N.Bytes()), "e": enc(big.NewInt(int64(key.E)).Bytes())}
}

// serveJWKS serves the keys as a JWKS and returns a Verifier for it.
func serveJWKS(t *testing.T, keys []map[string]any) *Verifier {
	t.Helper()
	body, err := json.Marshal(map[string]any{"keys": keys})
	if err != nil {
		t.Fatal(err)
	}
	return serveJWKSBody(t, string(body))
}

func serveJWKSBody(t *testing.T, body string) *Verifier {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(body))
	}))
	t.Cleanup(srv.Close)
	c := srv.Client()
	c.Timeout = 10 * time.Second
	v := NewVerifier(srv.URL, c)
	t.Cleanup(v.Close)
	return v
}

// selfSigned returns a DER certificate for key.
func selfSigned(t *testing.T, key *rsa.PrivateKey) []byte {
	t.Helper()
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "jwks test"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour)}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	return der
}

func TestJWKSTenThousandKeys(t *testing.T) {
	good := josetest.RSAKeys()[0]
	keys := []map[string]any{rsaJWK("k0", good)}
	for i := 1; i < 10000; i++ {
		keys = append(keys, rsaJWK(fmt.Sprintf("k%d", i), good))
	}
	v := serveJWKS(t, keys)
	checkVerification(t, v.Verify(t.Context(), signedFixture(t, good, "k0", `{"sub":"a"}`)), SigVerified, "k0")
	rep, ok := v.JWKSReport()
	if !ok || rep.Keys != 10000 || rep.Used != maxJWKSKeys || !strings.Contains(strings.Join(rep.Problems, "\n"), "the JWKS has 10000 keys: only the first 100 are used") {
		t.Errorf("report = %d keys, %d used, %q", rep.Keys, rep.Used, rep.Problems)
	}
	got := v.Verify(t.Context(), signedFixture(t, good, "k9000", `{"sub":"a"}`))
	checkVerification(t, got, SigUnknownKey, "only the first 100 are used")
}

func TestJWKSDuplicateKids(t *testing.T) {
	keys := josetest.RSAKeys()
	v := serveJWKS(t, []map[string]any{rsaJWK("dup", keys[0]), rsaJWK("dup", keys[1])})
	checkVerification(t, v.Verify(t.Context(), signedFixture(t, keys[0], "dup", `{"sub":"a"}`)), SigVerified, "dup")
	checkVerification(t, v.Verify(t.Context(), signedFixture(t, keys[1], "dup", `{"sub":"a"}`)), SigInvalid,
		`kid "dup" appears more than once: only the first such key is used`)
}

func TestJWKSWeakRSAKeyFlagged(t *testing.T) {
	weak, err := rsa.GenerateKey(rand.Reader, 1024)
	if err != nil {
		t.Fatal(err)
	}
	strong := josetest.RSAKeys()[0]
	v := serveJWKS(t, []map[string]any{rsaJWK("weak", weak), rsaJWK("strong", strong)})
	checkVerification(t, v.Verify(t.Context(), signedFixture(t, weak, "weak", `{"sub":"a"}`)), SigVerified,
		"but the key is a 1024-bit RSA key: weak (under 2048 bits)")
	got := v.Verify(t.Context(), signedFixture(t, strong, "strong", `{"sub":"a"}`))
	checkVerification(t, got, SigVerified, "strong")
	if strings.Contains(got.Detail, "weak") {
		t.Errorf("a 2048-bit key flagged: %q", got.Detail)
	}
	if rep, _ := v.JWKSReport(); rep.Weak["weak"] == "" || rep.Weak["strong"] != "" {
		t.Errorf("Weak = %v", rep.Weak)
	}
}

// One key whose x5c is another key's certificate is dropped, with the
// reason; the other keys still verify (jwkset alone fails the whole set).
func TestJWKSX5CNotMatchingTheKey(t *testing.T) {
	keys := josetest.RSAKeys()
	liar := rsaJWK("liar", keys[0])
	liar["x5c"] = []string{base64.StdEncoding.EncodeToString(selfSigned(t, keys[1]))}
	v := serveJWKS(t, []map[string]any{liar, rsaJWK("honest", keys[1])})
	checkVerification(t, v.Verify(t.Context(), signedFixture(t, keys[1], "honest", `{"sub":"a"}`)), SigVerified, "honest")
	checkVerification(t, v.Verify(t.Context(), signedFixture(t, keys[0], "liar", `{"sub":"a"}`)), SigUnknownKey,
		`key 1 (kid "liar"): its x5c certificate does not match the key: ignored`)

	// A matching x5c is fine.
	fine := rsaJWK("fine", keys[0])
	fine["x5c"] = []string{base64.StdEncoding.EncodeToString(selfSigned(t, keys[0]))}
	v = serveJWKS(t, []map[string]any{fine})
	checkVerification(t, v.Verify(t.Context(), signedFixture(t, keys[0], "fine", `{"sub":"a"}`)), SigVerified, "fine")
}

func TestJWKSUnknownKtyAndJunkKeys(t *testing.T) {
	good := josetest.RSAKeys()[0]
	v := serveJWKS(t, []map[string]any{
		{"kty": "XYZ", "kid": "alien", "n": "AQAB"},
		{"kid": "no-kty"},
		{"kty": "RSA", "kid": "broken", "n": "!!!", "e": "AQAB"},
		{"kty": "EC", "kid": "bad-curve", "crv": "P-1", "x": "AA", "y": "AA"},
		rsaJWK("good", good),
	})
	checkVerification(t, v.Verify(t.Context(), signedFixture(t, good, "good", `{"sub":"a"}`)), SigVerified, "good")
	got := v.Verify(t.Context(), signedFixture(t, good, "alien", `{"sub":"a"}`))
	checkVerification(t, got, SigUnknownKey, `key 1 (kid "alien"): unknown or unsupported key type (kty "XYZ"): ignored`)
	rep, _ := v.JWKSReport()
	if rep.Keys != 5 || rep.Used != 1 || len(rep.Problems) != 4 {
		t.Errorf("report %d keys, %d used, problems %q", rep.Keys, rep.Used, rep.Problems)
	}
}

func TestJWKSNotAJWKS(t *testing.T) {
	tok := signedFixture(t, josetest.RSAKeys()[0], "k", `{"sub":"a"}`)
	for body, want := range map[string]string{
		`{"issuer":"x"}`:   `no "keys" member`,
		`{"keys":`:         "not a JSON JWKS",
		`{"keys":{"a":1}}`: "not a JSON JWKS",
		`<html>`:           "not a JSON JWKS",
		`{"keys":[` + strings.Repeat(`{"kty":"oct","k":"AAAA"},`, maxJWKSBytes/24) + `{}]}`: "larger than 8 MiB",
	} {
		got := serveJWKSBody(t, body).Verify(t.Context(), tok)
		checkVerification(t, got, SigNotVerifiable, want)
	}
}

// FuzzJWKS feeds arbitrary documents to the JWKS checks: no panic, and an
// accepted document comes back as a JWKS of at most maxJWKSKeys keys, no
// more than it had.
func FuzzJWKS(f *testing.F) {
	key := josetest.RSAKeys()[0]
	one, _ := json.Marshal(map[string]any{"keys": []any{rsaJWK("a", key), rsaJWK("a", key), map[string]string{"kty": "EC"}}})
	f.Add(one)
	for _, s := range []string{`{"keys":[]}`, `{"keys":null}`, `{"keys":[1,"x",{}]}`, `{"keys":[{"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo","kid":"e"}]}`, `[]`, ``} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		clean, rep, err := checkJWKS(body)
		if err != nil {
			return
		}
		var doc struct {
			Keys []json.RawMessage `json:"keys"`
		}
		if json.Unmarshal(clean, &doc) != nil || len(doc.Keys) != rep.Used || rep.Used > rep.Keys || rep.Used > maxJWKSKeys {
			t.Fatalf("clean %q, report %+v", clean, rep)
		}
	})
}
