package cli

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tokeninspector/tokeninspector/auth/demoidp"
)

// login --fapi2 against the demo provider: with PS256 tokens every FAPI
// check passes; with its default RS256 the report and stderr name the
// failed rule and its clause.
func TestCLILoginFAPI2(t *testing.T) {
	withFakeBrowser(t)
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	der, _ := x509.MarshalPKCS8PrivateKey(key)
	keyFile := filepath.Join(t.TempDir(), "client.pem")
	if err := os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		alg, wantFail string
	}{{"PS256", ""}, {"EdDSA", ""}, {"", "fapi2 id_token alg"}, {"ES512", "fapi2 id_token alg"}} {
		clients := demoidp.DefaultClients()
		clients["fapi-client"] = demoidp.Client{PublicKeys: []crypto.PublicKey{&key.PublicKey}}
		flags := standaloneDemo(t, demoidp.Options{Clients: clients, SigningAlg: tc.alg, DPoPNonce: true})
		flags = append(flags, "--client-id", "fapi-client", "--client-secret", "", "--client-key", keyFile)
		var out struct {
			TokenType string `json:"token_type"`
			FAPI2     []struct{ Name, Status, Reason string }
		}
		errs := runJSON(t, &out, "", append([]string{"login", "--fapi2", "--scope", "openid"}, flags...)...)
		var failed []string
		for _, c := range out.FAPI2 {
			if c.Status == "fail" {
				failed = append(failed, c.Name)
			}
		}
		if out.TokenType != "DPoP" || len(out.FAPI2) < 7 || strings.Join(failed, ",") != tc.wantFail {
			b, _ := json.Marshal(out)
			t.Errorf("alg %q: %s; want DPoP tokens, the FAPI checks, failed %q", tc.alg, b, tc.wantFail)
		}
		if tc.wantFail != "" && !strings.Contains(errs, tc.wantFail+" failed: FAPI 2.0 Security Profile §5.4") {
			t.Errorf("stderr %q does not name the failed rule and its clause", errs)
		}
	}
}
