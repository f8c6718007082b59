package jose

import (
	"testing"

	"github.com/golang-jwt/jwt/v5"
	"github.com/tokeninspector/tokeninspector/auth/jose/josetest"
)

// benchToken is a Decathlon-sized RS256 access token (2048-bit key).
func benchToken(b *testing.B) string {
	header := josetest.Object(josetest.Member{"alg", `"RS256"`}, josetest.Member{"typ", `"JWT"`})
	claims := josetest.Object(
		josetest.Member{"sub", `"5ab12678-ac8f-4d3f-9338-652e791dc2ea"`},
		josetest.Member{"scope", `["profile"]`},
		josetest.Member{"iss", `"dkconnect.org"`},
		josetest.Member{"data_center", `"EU"`},
		josetest.Member{"personid", `"50000234701"`},
		josetest.Member{"exp", `1545126064`},
		josetest.Member{"authorities", `["ROLE_USER"]`},
		josetest.Member{"jti", `"8198119e-d8b9-475d-819f-a1a42ad9c3d0"`},
		josetest.Member{"client_id", `"dkconnect"`},
	)
	return josetest.JWS(b, josetest.RSAKeys()[0], header, claims)
}

func BenchmarkUnverifiedDecode(b *testing.B) {
	tok := benchToken(b)
	b.SetBytes(int64(len(tok)))
	b.ReportAllocs()
	for b.Loop() {
		if d := UnverifiedDecode(tok); d.ClaimsErr != nil || len(d.Claims) != 9 {
			b.Fatalf("decode failed: %v", d.ClaimsErr)
		}
	}
}

// BenchmarkParseUnverifiedBaseline is what golang-jwt needs for the same
// work, minus member order, raw values and problem notes.
func BenchmarkParseUnverifiedBaseline(b *testing.B) {
	tok := benchToken(b)
	p := jwt.NewParser()
	b.SetBytes(int64(len(tok)))
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := p.ParseUnverified(tok, jwt.MapClaims{}); err != nil {
			b.Fatal(err)
		}
	}
}
