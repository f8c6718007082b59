package auth

import (
	"testing"

	"github.com/golang-jwt/jwt/v5"
)

// benchToken is a Decathlon-sized RS256 access token (2048-bit key).
func benchToken(b *testing.B) string {
	header := fixtureObject(fixtureMember{"alg", `"RS256"`}, fixtureMember{"typ", `"JWT"`})
	claims := fixtureObject(
		fixtureMember{"sub", `"5ab12678-ac8f-4d3f-9338-652e791dc2ea"`},
		fixtureMember{"scope", `["profile"]`},
		fixtureMember{"iss", `"dkconnect.org"`},
		fixtureMember{"data_center", `"EU"`},
		fixtureMember{"personid", `"50000234701"`},
		fixtureMember{"exp", `1545126064`},
		fixtureMember{"authorities", `["ROLE_USER"]`},
		fixtureMember{"jti", `"8198119e-d8b9-475d-819f-a1a42ad9c3d0"`},
		fixtureMember{"client_id", `"dkconnect"`},
	)
	return fixtureJWS(b, fixtureRSAKeys()[0], header, claims)
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
