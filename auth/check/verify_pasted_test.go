package check

import (
	"context"
	"crypto/rand"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/tokeninspector/tokeninspector/auth/jose"
	"github.com/tokeninspector/tokeninspector/auth/jose/josetest"

	gojose "github.com/go-jose/go-jose/v4"
	"github.com/golang-jwt/jwt/v5"
)

// metadataServer serves a JWKS and, at path, a metadata document naming
// the server as issuer (plus issuerPath) and the JWKS.
func metadataServer(t *testing.T, jwks *jwksFixture, path, issuerPath string) *httptest.Server {
	t.Helper()
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != path {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]string{"issuer": srv.URL + issuerPath, "jwks_uri": jwks.srv.URL})
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestVerifyPasted(t *testing.T) {
	keys := josetest.RSAKeys()
	jwks := newJWKSFixture(t)
	jwks.add("k1", keys[0])
	oidc := metadataServer(t, jwks, "/.well-known/openid-configuration", "")
	// RFC 8414 only: the well-known path goes before the issuer's path.
	as := metadataServer(t, jwks, "/.well-known/oauth-authorization-server/tenant1", "/tenant1")
	now := time.Now()
	claims := func(iss string) string {
		return josetest.Object(josetest.Member{"iss", `"` + iss + `"`}, josetest.Member{"sub", `"u"`}, josetest.Member{"exp", "4000000000"})
	}

	pubDER, err := x509.MarshalPKIXPublicKey(&keys[0].PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	pubPEM := pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: pubDER})
	otherDER, _ := x509.MarshalPKIXPublicKey(&keys[1].PublicKey)
	otherPEM := pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: otherDER})

	secret := []byte("a-secret-of-at-least-thirty-two-bytes!!")
	hsRaw, err := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{"sub": "u", "iss": "https://id.example"}).SignedString(secret)
	if err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name     string
		d        jose.Decoded
		src      KeySource
		status   SigStatus
		detail   string
		jwksUsed bool
	}{
		{"JWKS URL", signedFixture(t, keys[0], "k1", claims("https://id.example")), KeySource{JWKSURL: jwks.srv.URL}, SigVerified, "checked with key k1", true},
		{"discovery from the token's iss", signedFixture(t, keys[0], "k1", claims(oidc.URL)), KeySource{}, SigVerified, "checked with key k1", true},
		{"RFC 8414 metadata from --issuer", signedFixture(t, keys[0], "k1", claims(as.URL+"/tenant1")), KeySource{Issuer: as.URL + "/tenant1"}, SigVerified, "checked with key k1", true},
		{"PEM public key", signedFixture(t, keys[0], "k1", claims("x")), KeySource{Key: pubPEM, KeyName: "pub.pem"}, SigVerified, "checked with key file pub.pem", false},
		{"PEM key of someone else", signedFixture(t, keys[0], "k1", claims("x")), KeySource{Key: otherPEM, KeyName: "other.pem"}, SigInvalid, "does not match key file other.pem", false},
		{"HMAC secret", jose.UnverifiedDecode(hsRaw), KeySource{Secret: secret}, SigVerified, "HS256 signature checked with the secret given", false},
		{"wrong HMAC secret", jose.UnverifiedDecode(hsRaw), KeySource{Secret: []byte("wrong")}, SigInvalid, "does not match the secret given", false},
		{"HS256 without a secret", jose.UnverifiedDecode(hsRaw), KeySource{JWKSURL: jwks.srv.URL}, SigNotVerifiable, "signed with a secret only the server holds", false},
		{"no iss, no key", signedFixture(t, keys[0], "k1", `{"sub":"u"}`), KeySource{}, SigNotVerifiable, "no key given", false},
		{"iss not https", signedFixture(t, keys[0], "k1", claims("http://intranet.example")), KeySource{}, SigNotVerifiable, "not an https URL, so it was not fetched", false},
		{"iss not a URL", signedFixture(t, keys[0], "k1", claims("dkconnect.org")), KeySource{}, SigNotVerifiable, "not a URL", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := VerifyPasted(context.Background(), nil, tt.d, tt.src, Expect{Now: now})
			checkVerification(t, res.Signature, tt.status, tt.detail)
			if tt.jwksUsed && res.JWKSURL != jwks.srv.URL {
				t.Errorf("JWKSURL = %q; want %q", res.JWKSURL, jwks.srv.URL)
			}
			c, ok := res.Report.Check("signature")
			wantStatus := map[SigStatus]CheckStatus{SigVerified: CheckPass, SigInvalid: CheckFail, SigNotVerifiable: CheckUnknown}[tt.status]
			if !ok || c.Status != wantStatus {
				t.Errorf("report signature = %+v; want %s%s", c, wantStatus, statuses(res.Report))
			}
		})
	}

	// The issuer of the metadata becomes the expected issuer: a token whose
	// iss differs from --issuer fails the iss check.
	res := VerifyPasted(context.Background(), nil, signedFixture(t, keys[0], "k1", claims("https://elsewhere.example")), KeySource{Issuer: oidc.URL}, Expect{Now: now})
	if c, _ := res.Report.Check("iss"); c.Status != CheckFail {
		t.Errorf("iss with --issuer of another provider = %+v; want fail%s", c, statuses(res.Report))
	}
}

func TestParseKeysFormats(t *testing.T) {
	k := josetest.RSAKeys()[0]
	pkcs8, _ := x509.MarshalPKCS8PrivateKey(k)
	cases := map[string][]byte{
		"PKCS #8 PEM": pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: pkcs8}),
		"PKCS #1 PEM": pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(k)}),
	}
	jwk, _ := gojose.JSONWebKey{Key: &k.PublicKey, KeyID: "k1", Algorithm: "RS256", Use: "sig"}.MarshalJSON()
	cases["JWK"] = jwk
	cases["JWK Set"] = []byte(`{"keys":[` + string(jwk) + `]}`)
	for name, b := range cases {
		keys, err := jose.ParseKeys(b)
		if err != nil || len(keys) != 1 {
			t.Errorf("%s: %d keys, %v; want one key", name, len(keys), err)
		}
	}
	for name, b := range map[string][]byte{"empty": nil, "garbage": []byte("not a key"), "bad JSON": []byte("{nope")} {
		if _, err := jose.ParseKeys(b); err == nil {
			t.Errorf("%s: no error", name)
		} else if strings.Contains(err.Error(), string(b)) && len(b) > 0 {
			t.Errorf("%s: the error quotes the file: %v", name, err)
		}
	}
}

func TestDecryptJWERoundTrip(t *testing.T) {
	keys := josetest.RSAKeys()
	jwks := newJWKSFixture(t)
	jwks.add("k1", keys[0])
	inner := signedFixture(t, keys[0], "k1", `{"iss":"https://id.example","sub":"u","exp":4000000000}`)

	pkcs8, _ := x509.MarshalPKCS8PrivateKey(keys[1])
	rsaKeyFile := pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: pkcs8})
	cek := make([]byte, 32)
	if _, err := rand.Read(cek); err != nil {
		t.Fatal(err)
	}
	octFile, _ := gojose.JSONWebKey{Key: cek, KeyID: "dir-1"}.MarshalJSON()

	tests := []struct {
		name    string
		alg     gojose.KeyAlgorithm
		encKey  any
		keyFile []byte
	}{
		{"RSA-OAEP-256 + A256GCM", gojose.RSA_OAEP_256, &keys[1].PublicKey, rsaKeyFile},
		{"dir + A256GCM", gojose.DIRECT, cek, octFile},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			enc, err := gojose.NewEncrypter(gojose.A256GCM, gojose.Recipient{Algorithm: tt.alg, Key: tt.encKey},
				(&gojose.EncrypterOptions{}).WithContentType("JWT"))
			if err != nil {
				t.Fatal(err)
			}
			obj, err := enc.Encrypt([]byte(inner.Raw))
			if err != nil {
				t.Fatal(err)
			}
			raw, err := obj.CompactSerialize()
			if err != nil {
				t.Fatal(err)
			}
			d := jose.UnverifiedDecode(raw)
			if !d.IsJWE() {
				t.Fatalf("five-part token not recognised as JWE")
			}
			if alg, encName, _, cty := jose.JWEHeader(d); alg != string(tt.alg) || encName != "A256GCM" || cty != "JWT" {
				t.Errorf("header = %s %s %s; want %s A256GCM JWT", alg, encName, cty, tt.alg)
			}
			out, err := jose.DecryptJWE(raw, tt.keyFile)
			if err != nil {
				t.Fatalf("DecryptJWE: %v", err)
			}
			if out.Inner == nil || out.Inner.Raw != inner.Raw {
				t.Fatalf("nested JWT = %v; want the signed token", out.Inner)
			}
			res := VerifyPasted(context.Background(), nil, *out.Inner, KeySource{JWKSURL: jwks.srv.URL}, Expect{})
			checkVerification(t, res.Signature, SigVerified, "checked with key k1")

			if _, err := jose.DecryptJWE(raw, octFileFor(t)); err == nil {
				t.Errorf("decrypted with the wrong key")
			}
		})
	}
}

// octFileFor is a JWK of a random key nobody encrypted to.
func octFileFor(t *testing.T) []byte {
	k := make([]byte, 32)
	if _, err := rand.Read(k); err != nil {
		t.Fatal(err)
	}
	b, _ := gojose.JSONWebKey{Key: k}.MarshalJSON()
	return b
}

func TestInspectPastedJWEWithNestedJWT(t *testing.T) {
	keys := josetest.RSAKeys()
	jwks := newJWKSFixture(t)
	jwks.add("k1", keys[0])
	inner := signedFixture(t, keys[0], "k1", `{"iss":"https://id.example","sub":"u","exp":4000000000}`)
	enc, err := gojose.NewEncrypter(gojose.A256GCM, gojose.Recipient{Algorithm: gojose.RSA_OAEP_256, Key: &keys[1].PublicKey, KeyID: "enc-1"},
		(&gojose.EncrypterOptions{}).WithContentType("JWT"))
	if err != nil {
		t.Fatal(err)
	}
	obj, _ := enc.Encrypt([]byte(inner.Raw))
	raw, _ := obj.CompactSerialize()
	pkcs8, _ := x509.MarshalPKCS8PrivateKey(keys[1])
	keyFile := pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: pkcs8})

	r := InspectPasted(context.Background(), raw, PastedOptions{Verify: true, Source: KeySource{JWKSURL: jwks.srv.URL}, DecryptKey: keyFile})
	if r.DecryptErr != nil || r.Inner == nil || r.Inner.Result == nil {
		t.Fatalf("decrypt = %v, inner = %+v", r.DecryptErr, r.Inner)
	}
	if r.Failed() {
		t.Errorf("Failed() for a decrypted, verified nested token:%s", statuses(r.Inner.Result.Report))
	}
	out, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		Header map[string]any `json:"header"`
		JWE    struct {
			Alg, Enc, Kid, Cty string
			Decrypted          bool
		} `json:"jwe"`
		Inner struct {
			Claims    map[string]any `json:"claims"`
			Signature struct{ Status string }
			Checks    []Check `json:"checks"`
		} `json:"inner"`
	}
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if got.JWE.Alg != "RSA-OAEP-256" || got.JWE.Enc != "A256GCM" || got.JWE.Kid != "enc-1" || got.JWE.Cty != "JWT" || !got.JWE.Decrypted {
		t.Errorf("jwe = %+v", got.JWE)
	}
	if got.Inner.Claims["sub"] != "u" || got.Inner.Signature.Status != string(SigVerified) || len(got.Inner.Checks) == 0 {
		t.Errorf("inner = %+v", got.Inner)
	}

	// Without the key: the header is shown, the report says how to read it.
	noKey := InspectPasted(context.Background(), raw, PastedOptions{Verify: true})
	if c, _ := noKey.Result.Report.Check("format"); !strings.Contains(c.Reason, "encrypted (JWE)") {
		t.Errorf("JWE without a key: format = %+v", c)
	}
	wrong := InspectPasted(context.Background(), raw, PastedOptions{DecryptKey: octFileFor(t)})
	if wrong.DecryptErr == nil || !wrong.Failed() {
		t.Errorf("wrong key: DecryptErr = %v, Failed = %v", wrong.DecryptErr, wrong.Failed())
	}
}

// TestInspectPastedHidesNonJWTPlaintext checks that a JWE's plaintext that
// is not a token is not printed.
func TestInspectPastedHidesNonJWTPlaintext(t *testing.T) {
	cek := make([]byte, 32)
	if _, err := rand.Read(cek); err != nil {
		t.Fatal(err)
	}
	enc, err := gojose.NewEncrypter(gojose.A256GCM, gojose.Recipient{Algorithm: gojose.DIRECT, Key: cek}, nil)
	if err != nil {
		t.Fatal(err)
	}
	obj, _ := enc.Encrypt([]byte("password=hunter2"))
	raw, _ := obj.CompactSerialize()
	keyFile, _ := gojose.JSONWebKey{Key: cek}.MarshalJSON()
	r := InspectPasted(context.Background(), raw, PastedOptions{DecryptKey: keyFile})
	if r.Decryption == nil || string(r.Decryption.Plaintext) != "password=hunter2" {
		t.Fatalf("decryption = %+v, %v", r.Decryption, r.DecryptErr)
	}
	out, _ := json.Marshal(r)
	if strings.Contains(string(out), "hunter2") || !strings.Contains(string(out), `"plaintext_bytes":16`) {
		t.Errorf("report = %s; want the length only", out)
	}
}
