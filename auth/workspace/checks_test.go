package workspace

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tokeninspector/tokeninspector/auth/check"

	"github.com/tokeninspector/tokeninspector/auth/jose"

	"github.com/golang-jwt/jwt/v5"
)

func checkOf(t *testing.T, r check.Report, name string) check.Check {
	t.Helper()
	c, ok := r.Check(name)
	if !ok {
		t.Fatalf("report has no %q check: %+v", name, r.Checks)
	}
	return c
}

func TestSnapshotPublishesEachTokensChecks(t *testing.T) {
	h := newHarness(t)
	s := h.login("demo")
	ts := s.Tokens
	for _, raw := range []string{ts.AccessToken, ts.RefreshToken, ts.IDToken} {
		if _, ok := s.Checks[raw]; !ok {
			t.Fatalf("no checks for a token of the set; have %d", len(s.Checks))
		}
	}
	id := s.Checks[ts.IDToken]
	for _, name := range []string{"signature", "iss", "aud", "nonce", "at_hash", "exp"} {
		if c := checkOf(t, id, name); c.Status != check.CheckPass {
			t.Errorf("ID token %s: %s — %s; want pass", name, c.Status, c.Reason)
		}
	}
	if c := checkOf(t, id, "signature"); !strings.Contains(c.Reason, "/jwks") {
		t.Errorf("signature reason %q does not say where the key came from", c.Reason)
	}
	for _, c := range id.Checks {
		// The fake clock is days away from the server's Date header.
		if c.Status == check.CheckFail && c.Name != "clock skew" {
			t.Errorf("a fresh demo ID token fails %s: %s", c.Name, c.Reason)
		}
	}
}

func TestChecksAtSeesExpiry(t *testing.T) {
	h := newHarness(t)
	s := h.login("demo")
	later := s.Tokens.ID.ExpiresAt.Add(time.Hour)
	c := checkOf(t, s.ChecksAt(later)[s.Tokens.IDToken], "exp")
	if c.Status != check.CheckFail {
		t.Errorf("exp an hour after expiry: %s — %s; want fail", c.Status, c.Reason)
	}
	if c := checkOf(t, s.Checks[s.Tokens.IDToken], "exp"); c.Status != check.CheckPass {
		t.Errorf("the published exp check changed: %s", c.Status)
	}
}

// inspect runs InspectPasted and waits for its answer.
func inspect(t *testing.T, ws *Workspace, req PastedRequest) (check.PastedReport, error) {
	t.Helper()
	var mu sync.Mutex
	var rep check.PastedReport
	var err error
	got := false
	ws.InspectPasted(req, func(r check.PastedReport, e error) {
		mu.Lock()
		rep, err, got = r, e, true
		mu.Unlock()
	})
	ws.Wait()
	mu.Lock()
	defer mu.Unlock()
	if !got {
		t.Fatal("InspectPasted did not answer before Wait returned")
	}
	return rep, err
}

func signedHS256(t *testing.T, secret string, claims jwt.MapClaims) string {
	t.Helper()
	s, err := jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString([]byte(secret))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestInspectPastedWithSecret(t *testing.T) {
	h := newHarness(t)
	tok := signedHS256(t, "s3cret-of-the-server", jwt.MapClaims{"sub": "u1", "exp": h.clock.Now().Add(time.Hour).Unix()})
	rep, err := inspect(t, h.ws, PastedRequest{Token: tok, Verify: true, Secret: "s3cret-of-the-server"})
	if err != nil || rep.Result == nil {
		t.Fatalf("err %v, result %v", err, rep.Result)
	}
	if rep.Result.Signature.Status != check.SigVerified {
		t.Errorf("signature %+v; want verified with the secret", rep.Result.Signature)
	}
	rep, _ = inspect(t, h.ws, PastedRequest{Token: tok, Verify: true, Secret: "wrong"})
	if c := checkOf(t, rep.Result.Report, "signature"); c.Status != check.CheckFail {
		t.Errorf("wrong secret: %s — %s; want fail", c.Status, c.Reason)
	}
	rep, _ = inspect(t, h.ws, PastedRequest{Token: tok, Verify: true, Issuer: h.issuer})
	if c := checkOf(t, rep.Result.Report, "signature"); c.Status != check.CheckUnknown || !strings.Contains(c.Reason, "secret") {
		t.Errorf("HS256 without the secret: %s — %s; want could not check, naming the secret", c.Status, c.Reason)
	}
}

func TestInspectPastedWithKeyFileAndFromIss(t *testing.T) {
	h := newHarness(t)
	key, err := rsa.GenerateKey(rand.Reader, 1024)
	if err != nil {
		t.Fatal(err)
	}
	der, _ := x509.MarshalPKIXPublicKey(&key.PublicKey)
	path := filepath.Join(t.TempDir(), "pub.pem")
	os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}), 0o600)
	tok, _ := jwt.NewWithClaims(jwt.SigningMethodRS256, jwt.MapClaims{"sub": "u1"}).SignedString(key)
	rep, err := inspect(t, h.ws, PastedRequest{Token: tok, Verify: true, KeyFile: path})
	if err != nil || rep.Result.Signature.Status != check.SigVerified {
		t.Fatalf("key file: err %v, signature %+v", err, rep.Result)
	}
	if !strings.Contains(rep.Result.Signature.KeySource, "pub.pem") {
		t.Errorf("key source %q does not name the file", rep.Result.Signature.KeySource)
	}

	// No key given: the demo provider's token names its iss, whose JWKS verifies it.
	s := h.login("demo")
	rep, err = inspect(t, h.ws, PastedRequest{Token: "Bearer " + s.Tokens.IDToken, Verify: true})
	if err != nil || rep.Result.Signature.Status != check.SigVerified {
		t.Fatalf("from iss: err %v, signature %+v", err, rep.Result.Signature)
	}
	if rep.Result.JWKSURL != h.issuer+"/jwks" && !strings.HasPrefix(rep.Result.JWKSURL, h.issuer) {
		t.Errorf("keys from %q; want the issuer's JWKS", rep.Result.JWKSURL)
	}
}

func TestInspectPastedRefusesBadKeySources(t *testing.T) {
	h := newHarness(t)
	tok := signedHS256(t, "x", jwt.MapClaims{"sub": "u1"})
	missing := filepath.Join(t.TempDir(), "nope.pem")
	for _, req := range []PastedRequest{
		{Token: tok, Verify: true, Secret: "x", JWKSURL: h.issuer + "/jwks"},
		{Token: tok, Verify: true, KeyFile: missing},
		{Token: tok, DecryptKeyFile: t.TempDir()},
	} {
		rep, err := inspect(t, h.ws, req)
		if err == nil {
			t.Errorf("%+v: no error", req)
			continue
		}
		if strings.Contains(err.Error(), "x\"") || rep.Decoded.Format != jose.FormatJWT {
			t.Errorf("%+v: err %v, decoded %s; want the token still decoded", req, err, rep.Decoded.Format)
		}
	}
}
