package check

import (
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"strings"
	"testing"

	"github.com/tokeninspector/tokeninspector/auth/jose"
	"github.com/tokeninspector/tokeninspector/auth/jose/josetest"
)

// fixtureIDToken returns an unsigned-looking ID token with the given alg
// and claims; LinkTokens does not look at signatures.
func fixtureIDToken(alg, claims string) jose.Decoded {
	return jose.UnverifiedDecode(josetest.Segments(`{"alg":"`+alg+`"}`, claims, strings.Repeat("s", 64)))
}

func TestAtHash(t *testing.T) {
	// OpenID Connect Core 1.0, appendix A.3.
	got, err := AtHash("jHkWEdUXMU1BwAsC4vtUsZwnNvTIxEl0z9K3vx5KF0Y", "RS256")
	if want := "77QmUPtjPfzWtF2AnpK9RQ"; got != want || err != nil {
		t.Errorf("AtHash(spec example) = %q, %v; want %q, nil", got, err, want)
	}
	left := func(sum []byte) string { return base64.RawURLEncoding.EncodeToString(sum[:len(sum)/2]) }
	s256, s384, s512 := sha256.Sum256([]byte("tok")), sha512.Sum384([]byte("tok")), sha512.Sum512([]byte("tok"))
	for _, tt := range []struct{ alg, want string }{
		{"HS256", left(s256[:])}, {"ES256", left(s256[:])}, {"PS256", left(s256[:])},
		{"RS384", left(s384[:])}, {"ES384", left(s384[:])},
		{"RS512", left(s512[:])}, {"ES512", left(s512[:])},
		{"EdDSA", left(s512[:])}, // Ed25519: SHA-512, as the OpenID conformance suite computes it
	} {
		if got, err := AtHash("tok", tt.alg); got != tt.want || err != nil {
			t.Errorf("AtHash(tok, %s) = %q, %v; want %q, nil", tt.alg, got, err, tt.want)
		}
	}
	for _, alg := range []string{"none", ""} {
		if got, err := AtHash("tok", alg); err == nil {
			t.Errorf("AtHash(tok, %q) = %q, nil; want an error", alg, got)
		}
	}
}

func TestLinkTokens(t *testing.T) {
	key := josetest.RSAKeys()[0]
	access := jose.UnverifiedDecode(josetest.JWS(t, key, `{"alg":"RS256"}`, `{"jti":"at-1","sub":"u"}`))
	atHash256, _ := AtHash(access.Raw, "RS256")
	atHash384, _ := AtHash(access.Raw, "ES384")
	refresh := func(claims string) jose.Decoded {
		return jose.UnverifiedDecode(josetest.Segments(`{"alg":"HS256"}`, claims, "s"))
	}
	none := jose.Decoded{}

	tests := []struct {
		name                string
		access, refresh, id jose.Decoded
		want                []Link // Detail is checked as a substring
	}{
		{"nothing links", access, refresh(`{"sub":"u"}`), fixtureIDToken("RS256", `{"sub":"u"}`), nil},
		{"all empty", none, none, none, nil},
		{
			"ati matches", access, refresh(`{"ati":"at-1"}`), none,
			[]Link{{From: "refresh", To: "access", Claim: "ati", OK: true, Detail: `matches the access token's jti "at-1"`}},
		},
		{
			"ati differs", access, refresh(`{"ati":"at-2"}`), none,
			[]Link{{From: "refresh", To: "access", Claim: "ati", Detail: `"at-2" differs from the access token's jti "at-1"`}},
		},
		{
			"ati with an opaque access token", jose.UnverifiedDecode("opaque-at"), refresh(`{"ati":"at-1"}`), none,
			[]Link{{From: "refresh", To: "access", Claim: "ati", Detail: "not a JWT"}},
		},
		{
			"ati without jti", jose.UnverifiedDecode(josetest.Segments(`{"alg":"RS256"}`, `{}`, "s")), refresh(`{"ati":"at-1"}`), none,
			[]Link{{From: "refresh", To: "access", Claim: "ati", Detail: "has no jti"}},
		},
		{
			"ati not a string", access, refresh(`{"ati":1}`), none,
			[]Link{{From: "refresh", To: "access", Claim: "ati", Detail: "not a string"}},
		},
		{
			"Decathlon example: ati differs from the truncated jti",
			jose.UnverifiedDecode(josetest.DecathlonAccess), jose.UnverifiedDecode(josetest.DecathlonRefresh), none,
			[]Link{{From: "refresh", To: "access", Claim: "ati", Detail: `"8198119e-d8b9-475d-819f-a1a42ad9c3d0" differs from the access token's jti "8198119e-d8b9-475d-819fad9c3d0"`}},
		},
		{
			"at_hash matches (SHA-256)", access, none, fixtureIDToken("RS256", `{"at_hash":"`+atHash256+`"}`),
			[]Link{{From: "id", To: "access", Claim: "at_hash", OK: true, Detail: "matches the SHA-256 hash"}},
		},
		{
			"at_hash matches (SHA-384)", access, none, fixtureIDToken("ES384", `{"at_hash":"`+atHash384+`"}`),
			[]Link{{From: "id", To: "access", Claim: "at_hash", OK: true, Detail: "matches the SHA-384 hash"}},
		},
		{
			"at_hash with the wrong hash size", access, none, fixtureIDToken("RS512", `{"at_hash":"`+atHash256+`"}`),
			[]Link{{From: "id", To: "access", Claim: "at_hash", Detail: "differs from"}},
		},
		{
			"at_hash differs", access, none, fixtureIDToken("RS256", `{"at_hash":"AAAAAAAAAAAAAAAAAAAAAA"}`),
			[]Link{{From: "id", To: "access", Claim: "at_hash", Detail: `"AAAAAAAAAAAAAAAAAAAAAA" differs from "` + atHash256 + `"`}},
		},
		{
			"at_hash without access token", none, none, fixtureIDToken("RS256", `{"at_hash":"x"}`),
			[]Link{{From: "id", To: "access", Claim: "at_hash", Detail: "no access token"}},
		},
		{
			"at_hash with alg none", access, none, fixtureIDToken("none", `{"at_hash":"x"}`),
			[]Link{{From: "id", To: "access", Claim: "at_hash", Detail: `no at_hash function is defined for alg "none"`}},
		},
		{
			"at_hash of an opaque access token", jose.UnverifiedDecode("2YotnFZFEjr1zCsicMWpAA"), none,
			fixtureIDToken("RS256", `{"at_hash":"`+mustAtHash(t, "2YotnFZFEjr1zCsicMWpAA")+`"}`),
			[]Link{{From: "id", To: "access", Claim: "at_hash", OK: true, Detail: "matches"}},
		},
		{
			"both links", access, refresh(`{"ati":"at-1"}`), fixtureIDToken("RS256", `{"at_hash":"`+atHash256+`"}`),
			[]Link{
				{From: "refresh", To: "access", Claim: "ati", OK: true, Detail: "matches"},
				{From: "id", To: "access", Claim: "at_hash", OK: true, Detail: "matches"},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := LinkTokens(tt.access, tt.refresh, tt.id)
			if len(got) != len(tt.want) {
				t.Fatalf("LinkTokens = %+v; want %d links", got, len(tt.want))
			}
			for i, w := range tt.want {
				g := got[i]
				if g.From != w.From || g.To != w.To || g.Claim != w.Claim || g.OK != w.OK {
					t.Errorf("link %d = %s->%s %s OK=%v; want %s->%s %s OK=%v", i, g.From, g.To, g.Claim, g.OK, w.From, w.To, w.Claim, w.OK)
				}
				if !strings.Contains(g.Detail, w.Detail) {
					t.Errorf("link %d Detail = %q; want it to contain %q", i, g.Detail, w.Detail)
				}
			}
		})
	}
}

func mustAtHash(t *testing.T, token string) string {
	t.Helper()
	h, err := AtHash(token, "RS256")
	if err != nil {
		t.Fatal(err)
	}
	return h
}
