package demoidp_test

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	jose "github.com/go-jose/go-jose/v4"

	"github.com/tokeninspector/tokeninspector/auth/demoidp"
)

// DPoP proofs signed EdDSA and ES512 are accepted, and the token is bound
// to the proof's key.
func TestDPoPProofAlgorithms(t *testing.T) {
	_, ed, _ := ed25519.GenerateKey(rand.Reader)
	p521, _ := ecdsa.GenerateKey(elliptic.P521(), rand.Reader)
	for alg, key := range map[jose.SignatureAlgorithm]crypto.Signer{jose.EdDSA: ed, jose.ES512: p521} {
		t.Run(string(alg), func(t *testing.T) {
			e := newEnv(t, demoidp.Options{})
			signer, err := jose.NewSigner(jose.SigningKey{Algorithm: alg, Key: key},
				(&jose.SignerOptions{EmbedJWK: true}).WithType("dpop+jwt"))
			if err != nil {
				t.Fatal(err)
			}
			claims, _ := json.Marshal(map[string]any{"htm": "POST", "htu": e.ts.URL + "/token", "iat": e.clock.Now().Unix(), "jti": string(alg) + "-proof"})
			jws, err := signer.Sign(claims)
			if err != nil {
				t.Fatal(err)
			}
			proof, _ := jws.CompactSerialize()
			form := url.Values{"grant_type": {"client_credentials"}, "scope": {"api"}}
			req, _ := http.NewRequest(http.MethodPost, e.ts.URL+"/token", strings.NewReader(form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.SetBasicAuth(demoidp.DemoClientID, demoidp.DemoClientSecret)
			req.Header.Set("DPoP", proof)
			resp, err := e.http.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			var tr struct {
				TokenType string `json:"token_type"`
				Error     string `json:"error_description"`
			}
			json.NewDecoder(resp.Body).Decode(&tr)
			if resp.StatusCode != http.StatusOK || !strings.EqualFold(tr.TokenType, "DPoP") {
				t.Fatalf("%s proof: HTTP %d %+v", alg, resp.StatusCode, tr)
			}
		})
	}
}
