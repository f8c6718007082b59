package jose

import (
	"encoding/base64"
	"strings"
	"testing"

	"github.com/tokeninspector/tokeninspector/auth/jose/josetest"
)

// FuzzDecode checks that UnverifiedDecode never panics and that its result
// is consistent whatever the input.
func FuzzDecode(f *testing.F) {
	enc := base64.RawURLEncoding.EncodeToString
	h := enc([]byte(`{"alg":"RS256","kid":"k"}`))
	c := enc([]byte(`{"sub":"s","exp":1700000000.5,"aud":["a"],"n":123456789012345678901234567890}`))
	for _, s := range []string{
		josetest.DecathlonAccess, josetest.DecathlonRefresh, "Bearer " + josetest.DecathlonAccess, "  \n", "",
		"2YotnFZFEjr1zCsicMWpAA", "abc.def.ghi", "v4.public.eyJzdWIiOiJ4In0",
		h + "." + c + ".c2ln", h + "." + c + ".", h + ".." + "c2ln",
		base64.URLEncoding.EncodeToString([]byte(`{"alg":"RS256"}`)) + "." + base64.StdEncoding.EncodeToString([]byte(`{"sub":"??>>"}`)) + ".x",
		h + ".ey*J.c2ln", h + "." + c[:20] + ".c2ln",
		h + "." + enc([]byte(`{"a":1,"a":2,"exp":"x"}`)) + ".c2ln",
		enc([]byte(`{"alg":"RSA-OAEP","enc":"A256GCM"}`)) + ".a.b.c.d",
		enc([]byte(`{"alg":"none"}`)) + "." + c + ".",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d := UnverifiedDecode(s)
		if d.Raw != TrimToken(s) || d.Length != len(d.Raw) {
			t.Fatalf("Raw, Length = %q, %d; want the trimmed input %q", d.Raw, d.Length, TrimToken(s))
		}
		switch d.Format {
		case FormatEmpty:
			if d.Raw != "" {
				t.Fatalf("Format empty for %q", d.Raw)
			}
		case FormatOpaque:
			if d.Raw == "" {
				t.Fatalf("Format opaque for an empty token")
			}
		case FormatJWT:
			if n := strings.Count(d.Raw, "."); n != 2 && n != 4 {
				t.Fatalf("Format jwt with %d dots", n)
			}
		default:
			t.Fatalf("Format = %q; want jwt, opaque or empty", d.Format)
		}
		if !d.IsJWT() {
			if d.Header != nil || d.Claims != nil || d.Signature != nil || (d.Problems != nil && d.NotAToken == "") ||
				d.HeaderErr != nil || d.ClaimsErr != nil || d.SignatureErr != nil {
				t.Fatalf("%s token has decoded parts: %+v", d.Format, d)
			}
			// Text that cannot be a token says so, once, and why.
			if d.NotAToken != "" && (len(d.Problems) != 1 || !strings.Contains(d.Problems[0], d.NotAToken)) {
				t.Fatalf("not a token (%s), problems %q", d.NotAToken, d.Problems)
			}
			return
		}
		if (d.HeaderErr != nil || d.ClaimsErr != nil || d.SignatureErr != nil) && len(d.Problems) == 0 {
			t.Fatalf("errors without Problems: %+v", d)
		}
		for _, f := range d.Header {
			checkFieldLikeEncodingJSON(t, f)
		}
		for _, f := range d.Claims {
			checkFieldLikeEncodingJSON(t, f)
		}
		if f, ok := d.HeaderField("alg"); ok {
			if s, _ := f.Value.(string); s != d.Alg {
				t.Fatalf("Alg = %q; header alg is %s", d.Alg, f.Raw)
			}
		} else if d.Alg != "" {
			t.Fatalf("Alg = %q without an alg member", d.Alg)
		}
		if f, ok := d.Claim("exp"); ok {
			if !f.Time.Equal(d.ExpiresAt) {
				t.Fatalf("ExpiresAt = %v; exp field Time = %v", d.ExpiresAt, f.Time)
			}
		} else if !d.ExpiresAt.IsZero() {
			t.Fatalf("ExpiresAt = %v without exp", d.ExpiresAt)
		}
		if d.SignatureErr == nil && d.ClaimsErr == nil && d.HeaderErr == nil && d.Claims == nil && d.Header == nil {
			t.Fatalf("a JWT without errors has no header or claims")
		}
	})
}

// FuzzParseObject checks the order-keeping object reader (parseObject)
// against encoding/json decoding the whole object at once: same inputs
// accepted, same values, raw values compact, error offsets inside the input.
func FuzzParseObject(f *testing.F) {
	for _, s := range decodeJSONSeeds() {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		checkJSONLikeEncodingJSON(t, b)
	})
}
