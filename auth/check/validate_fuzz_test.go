package check

import (
	"context"
	"testing"
	"time"

	"github.com/tokeninspector/tokeninspector/auth/jose"
	"github.com/tokeninspector/tokeninspector/auth/jose/josetest"
)

// FuzzInspectPasted feeds arbitrary tokens and key files through the
// pasted-token path that needs no network (a key file or an HMAC secret,
// and a JWE decryption key): it must never panic, and every check must
// have a known status and a reason.
func FuzzInspectPasted(f *testing.F) {
	f.Add(josetest.DecathlonAccess, []byte(`{"kty":"oct","k":"c2VjcmV0"}`))
	f.Add(josetest.DecathlonRefresh, []byte("-----BEGIN PUBLIC KEY-----\nMIIB\n-----END PUBLIC KEY-----\n"))
	f.Add(josetest.Segments(`{"alg":"RSA-OAEP-256","enc":"A256GCM","cty":"JWT"}`, "k", "iv", "ct", "tag"), []byte(`{"keys":[{"kty":"RSA","n":"AQAB","e":"AQAB"}]}`))
	f.Add(josetest.Segments(`{"alg":"HS256","jku":"https://x"}`, `{"aud":[],"exp":1e99,"nonce":7}`, "sig"), []byte("secret"))
	f.Add("2YotnFZFEjr1zCsicMWpAA", []byte{})
	now := time.Unix(1_800_000_000, 0)
	f.Fuzz(func(t *testing.T, token string, key []byte) {
		for _, src := range []KeySource{{Key: key, KeyName: "k"}, {Secret: key}} {
			if len(key) == 0 {
				continue
			}
			for _, kind := range []TokenKind{KindID, KindAccess, KindPasted} {
				r := InspectPasted(context.Background(), token, PastedOptions{
					Verify: true, Source: src, DecryptKey: key,
					Expect: Expect{Kind: kind, Now: now, ClientID: "c", Nonce: "n", AccessToken: "a", MaxAgeAsked: true, AccessTokenJWT: true},
				})
				for rep := &r; rep != nil; rep = rep.Inner {
					if rep.Result == nil {
						continue
					}
					for _, c := range rep.Result.Report.Checks {
						switch c.Status {
						case CheckPass, CheckFail, CheckNotApplicable, CheckUnknown:
						default:
							t.Fatalf("check %s has status %q", c.Name, c.Status)
						}
						if c.Name == "" || c.Reason == "" {
							t.Fatalf("check without a name or reason: %+v", c)
						}
					}
				}
				if _, err := r.MarshalJSON(); err != nil {
					t.Fatalf("MarshalJSON: %v", err)
				}
			}
		}
		_ = jose.ClaimTree(jose.UnverifiedDecode(token).Claims, nil)
	})
}
