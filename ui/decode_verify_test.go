package ui

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"github.com/go-jose/go-jose/v4"
	"github.com/golang-jwt/jwt/v5"
)

// keyFiles writes a fresh RSA key's public half and private key as PEM
// files and returns the key and both paths.
func keyFiles(t testing.TB) (*rsa.PrivateKey, string, string) {
	t.Helper()
	k, err := rsa.GenerateKey(rand.Reader, 1024)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	pub, _ := x509.MarshalPKIXPublicKey(&k.PublicKey)
	priv, _ := x509.MarshalPKCS8PrivateKey(k)
	pubPath, privPath := filepath.Join(dir, "signer.pub.pem"), filepath.Join(dir, "recipient.pem")
	os.WriteFile(pubPath, pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: pub}), 0o600)
	os.WriteFile(privPath, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: priv}), 0o600)
	return k, pubPath, privPath
}

func (h *harness) pastedClaims() jwt.MapClaims {
	now := h.clock.Now()
	return jwt.MapClaims{"iss": "https://id.example", "sub": "u-42", "iat": now.Unix(), "exp": now.Add(time.Hour).Unix()}
}

// verifyPasted pastes raw into the Decode view, presses Verify and waits
// for the answer.
func (h *harness) verifyPasted(raw string, fill func(p *pastedVerify)) *decodeView {
	d := h.u.decodeView()
	d.input.SetText(raw)
	fill(d.verify)
	test.Tap(d.verify.verifyBtn)
	h.settle()
	return d
}

func TestDecodeVerifiesWithAKeyFile(t *testing.T) {
	h := newHarness(t, nil)
	k, pubPath, _ := keyFiles(t)
	raw, _ := jwt.NewWithClaims(jwt.SigningMethodRS256, h.pastedClaims()).SignedString(k)
	d := h.verifyPasted(raw, func(p *pastedVerify) { p.keyFile.SetText(pubPath) })
	if !strings.Contains(d.view.signature.Text, "verified") || !strings.Contains(d.view.signature.Text, "signer.pub.pem") {
		t.Errorf("signature line %q; want verified with the key file named", d.view.signature.Text)
	}
	if !d.view.checks.root.Visible() || strings.Contains(d.view.checks.summary.Text, "failed") {
		t.Errorf("checks: visible %v, %q\n%s", d.view.checks.root.Visible(), d.view.checks.summary.Text, d.view.checks.text())
	}
	// Another token signed by someone else fails, with its reason.
	other, _, _ := keyFiles(t)
	forged, _ := jwt.NewWithClaims(jwt.SigningMethodRS256, h.pastedClaims()).SignedString(other)
	d = h.verifyPasted(forged, func(*pastedVerify) {})
	sig := rowWith(d.view.checks, "signature — ")
	if sig == nil || sig.Importance != widget.DangerImportance || !strings.Contains(sig.Text, "does not match") {
		t.Errorf("forged token: signature row %v\n%s", sig, d.view.checks.text())
	}
	// Editing the token drops the answer.
	d.input.SetText(raw)
	if d.view.checks.root.Visible() {
		t.Error("the old report stays after the token changed")
	}
}

func TestDecodeVerifiesWithAnHMACSecret(t *testing.T) {
	h := newHarness(t, nil)
	raw, _ := jwt.NewWithClaims(jwt.SigningMethodHS256, h.pastedClaims()).SignedString([]byte("only-the-server-knows"))
	d := h.verifyPasted(raw, func(p *pastedVerify) { p.secret.SetText("a guess") })
	if sig := rowWith(d.view.checks, "signature — "); sig == nil || sig.Importance != widget.DangerImportance {
		t.Errorf("wrong secret: signature row %v\n%s", sig, d.view.checks.text())
	}
	d = h.verifyPasted(raw, func(p *pastedVerify) { p.secret.SetText("only-the-server-knows") })
	if !strings.Contains(d.view.signature.Text, "signature verified") {
		t.Errorf("right secret: signature line %q", d.view.signature.Text)
	}
	if strings.Contains(h.log.text(), "only-the-server-knows") {
		t.Error("the secret reached the log")
	}
	// Without the secret the report explains instead of failing.
	d = h.verifyPasted(raw, func(p *pastedVerify) { p.secret.SetText(""); p.issuer.SetText(h.iss) })
	if sig := rowWith(d.view.checks, "signature — "); sig == nil || !strings.Contains(sig.Text, "secret") {
		t.Errorf("no secret: signature row %v\n%s", sig, d.view.checks.text())
	}
}

func TestDecodeDecryptsAJWEAndVerifiesTheNestedToken(t *testing.T) {
	h := newHarness(t, nil)
	signer, signerPub, _ := keyFiles(t)
	recipient, _, recipientKey := keyFiles(t)
	inner, _ := jwt.NewWithClaims(jwt.SigningMethodRS256, h.pastedClaims()).SignedString(signer)
	enc, err := jose.NewEncrypter(jose.A256GCM, jose.Recipient{Algorithm: jose.RSA_OAEP_256, Key: &recipient.PublicKey, KeyID: "enc-1"},
		(&jose.EncrypterOptions{}).WithContentType("JWT"))
	if err != nil {
		t.Fatal(err)
	}
	obj, _ := enc.Encrypt([]byte(inner))
	raw, _ := obj.CompactSerialize()

	d := h.u.decodeView()
	d.input.SetText(raw)
	if !d.verify.jwe.Visible() || !strings.Contains(d.verify.jwe.Text, "RSA-OAEP-256") || !strings.Contains(d.verify.jwe.Text, "A256GCM") {
		t.Errorf("JWE header line before decrypting: %q", d.verify.jwe.Text)
	}
	d = h.verifyPasted(raw, func(p *pastedVerify) {
		p.decryptKey.SetText(recipientKey)
		p.keyFile.SetText(signerPub)
	})
	if !strings.Contains(d.verify.jwe.Text, "decrypted") || !strings.Contains(d.verify.jwe.Text, "kid enc-1") {
		t.Errorf("JWE line %q; want decrypted with its header", d.verify.jwe.Text)
	}
	if d.view.heading.Text != "Nested token" || d.view.decoded.Raw != inner {
		t.Errorf("view shows %q (%d chars); want the nested token", d.view.heading.Text, len(d.view.decoded.Raw))
	}
	if !strings.Contains(d.view.signature.Text, "signature verified") {
		t.Errorf("nested token signature %q", d.view.signature.Text)
	}
	// The wrong key says why it cannot open the token.
	_, _, wrongKey := keyFiles(t)
	d = h.verifyPasted(raw, func(p *pastedVerify) { p.decryptKey.SetText(wrongKey) })
	if !strings.Contains(d.verify.jwe.Text, "not decrypted") || d.view.heading.Text == "Nested token" {
		t.Errorf("wrong key: JWE line %q, heading %q", d.verify.jwe.Text, d.view.heading.Text)
	}
}

func TestDecodeVerifiesALoginTokenFromItsIss(t *testing.T) {
	h := newHarness(t, nil)
	ts := h.login()
	d := h.verifyPasted(ts.IDToken, func(*pastedVerify) {})
	if !strings.Contains(d.view.signature.Text, "signature verified") {
		t.Errorf("signature %q", d.view.signature.Text)
	}
	if !d.verify.keysFrom.Visible() || !strings.Contains(d.verify.keysFrom.Text, ts.ID.Issuer) {
		t.Errorf("keys from %q; want the JWKS of %s", d.verify.keysFrom.Text, ts.ID.Issuer)
	}
	if d.verify.outcome.Visible() {
		t.Errorf("outcome line %q after a good verification", d.verify.outcome.Text)
	}
}
