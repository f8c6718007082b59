package jose

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/tokeninspector/tokeninspector/auth/jose/josetest"
)

func fixtureNames(fields []Field) []string {
	names := make([]string, len(fields))
	for i, f := range fields {
		names[i] = f.Name
	}
	return names
}

func fixtureHasProblem(d Decoded, substr string) bool {
	for _, p := range d.Problems {
		if strings.Contains(p, substr) {
			return true
		}
	}
	return false
}

func TestDecodeWellFormedRS256(t *testing.T) {
	key := josetest.RSAKeys()[0]
	header := josetest.Object(josetest.Member{"alg", `"RS256"`}, josetest.Member{"typ", `"at+jwt"`}, josetest.Member{"kid", `"rs-1a2b"`})
	claims := josetest.Object(
		josetest.Member{"iss", `"https://id.example.com"`},
		josetest.Member{"sub", `"user-42"`},
		josetest.Member{"aud", `["api","web"]`},
		josetest.Member{"exp", `1700003600`},
		josetest.Member{"iat", `1700000000`},
		josetest.Member{"nbf", `1699999990`},
		josetest.Member{"auth_time", `1699999000`},
		josetest.Member{"jti", `"j-1"`},
		josetest.Member{"cnf", `{"x5t#S256":"abc"}`},
		josetest.Member{"scope", `"openid profile"`},
	)
	d := UnverifiedDecode(josetest.JWS(t, key, header, claims))

	if d.Format != FormatJWT || !d.IsJWT() {
		t.Fatalf("Format = %q; want %q", d.Format, FormatJWT)
	}
	if d.HeaderErr != nil || d.ClaimsErr != nil || d.SignatureErr != nil {
		t.Fatalf("errors = %v, %v, %v; want none", d.HeaderErr, d.ClaimsErr, d.SignatureErr)
	}
	if len(d.Problems) != 0 {
		t.Errorf("Problems = %q; want none", d.Problems)
	}
	for _, c := range []struct{ name, got, want string }{
		{"Alg", d.Alg, "RS256"},
		{"Kid", d.Kid, "rs-1a2b"},
		{"Typ", d.Typ, "at+jwt"},
		{"Subject", d.Subject, "user-42"},
		{"Issuer", d.Issuer, "https://id.example.com"},
		{"JTI", d.JTI, "j-1"},
	} {
		if c.got != c.want {
			t.Errorf("%s = %q; want %q", c.name, c.got, c.want)
		}
	}
	if got, want := fixtureNames(d.Header), []string{"alg", "typ", "kid"}; !reflect.DeepEqual(got, want) {
		t.Errorf("header names = %q; want %q", got, want)
	}
	wantNames := []string{"iss", "sub", "aud", "exp", "iat", "nbf", "auth_time", "jti", "cnf", "scope"}
	if got := fixtureNames(d.Claims); !reflect.DeepEqual(got, wantNames) {
		t.Errorf("claim names = %q; want %q", got, wantNames)
	}
	if got, want := d.Audience, []string{"api", "web"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Audience = %q; want %q", got, want)
	}
	for _, c := range []struct {
		name      string
		got, want time.Time
	}{
		{"ExpiresAt", d.ExpiresAt, time.Unix(1700003600, 0)},
		{"IssuedAt", d.IssuedAt, time.Unix(1700000000, 0)},
		{"NotBefore", d.NotBefore, time.Unix(1699999990, 0)},
		{"AuthTime", d.AuthTime, time.Unix(1699999000, 0)},
	} {
		if !c.got.Equal(c.want) {
			t.Errorf("%s = %v; want %v", c.name, c.got, c.want)
		}
	}
	if f, _ := d.Claim("exp"); !f.Time.Equal(d.ExpiresAt) {
		t.Errorf("Claim(exp).Time = %v; want %v", f.Time, d.ExpiresAt)
	}
	if f, _ := d.Claim("jti"); !f.Time.IsZero() {
		t.Errorf("Claim(jti).Time = %v; want zero", f.Time)
	}
	if f, ok := d.Claim("cnf"); !ok || string(f.Raw) != `{"x5t#S256":"abc"}` ||
		!reflect.DeepEqual(f.Value, map[string]any{"x5t#S256": "abc"}) {
		t.Errorf("Claim(cnf) = %s, %#v, %v; want the raw object and its map", f.Raw, f.Value, ok)
	}
	if f, ok := d.HeaderField("kid"); !ok || string(f.Raw) != `"rs-1a2b"` {
		t.Errorf("HeaderField(kid) = %s, %v; want \"rs-1a2b\", true", f.Raw, ok)
	}
	if _, ok := d.Claim("missing"); ok {
		t.Errorf("Claim(missing) found; want not found")
	}
	if len(d.Signature) != 256 {
		t.Errorf("len(Signature) = %d; want 256", len(d.Signature))
	}

	for _, c := range []struct {
		now  time.Time
		want time.Duration
	}{
		{time.Unix(1700000000, 0), time.Hour},
		{time.Unix(1700003600, 0), 0},
		{time.Unix(1700003660, 0), -time.Minute},
	} {
		if got, ok := d.ExpiresIn(c.now); !ok || got != c.want {
			t.Errorf("ExpiresIn(%v) = %v, %v; want %v, true", c.now.Unix(), got, ok, c.want)
		}
	}
	if got, ok := d.Lifetime(); !ok || got != time.Hour {
		t.Errorf("Lifetime() = %v, %v; want 1h, true", got, ok)
	}
}

func TestDecodeJWTLibraryToken(t *testing.T) {
	tok := jwt.NewWithClaims(jwt.SigningMethodRS256, jwt.MapClaims{"sub": "s", "exp": 2000000000, "aud": "one"})
	tok.Header["kid"] = "k"
	raw, err := tok.SignedString(josetest.RSAKeys()[0])
	if err != nil {
		t.Fatal(err)
	}
	d := UnverifiedDecode(raw)
	// encoding/json sorts map keys.
	if got, want := fixtureNames(d.Claims), []string{"aud", "exp", "sub"}; !reflect.DeepEqual(got, want) {
		t.Errorf("claim names = %q; want %q", got, want)
	}
	if got, want := d.Audience, []string{"one"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Audience = %q; want %q", got, want)
	}
	if d.Kid != "k" || !d.ExpiresAt.Equal(time.Unix(2000000000, 0)) {
		t.Errorf("Kid, ExpiresAt = %q, %v; want k, 2033-05-18", d.Kid, d.ExpiresAt)
	}
	if _, ok := d.Lifetime(); ok {
		t.Errorf("Lifetime ok without iat; want not ok")
	}
}

func TestDecodeDecathlonExamples(t *testing.T) {
	tests := []struct {
		name       string
		raw        string
		headerErr  bool
		claims     []string
		exp        int64
		jti        string
		sigLen     int
		problemSub string
	}{
		{
			name:       "access",
			raw:        josetest.DecathlonAccess,
			claims:     []string{"sub", "scope", "iss", "data_center", "personid", "exp", "authorities", "jti", "client_id"},
			exp:        1545126064,
			jti:        "8198119e-d8b9-475d-819fad9c3d0", // truncated in the documentation
			sigLen:     255,
			problemSub: "signature: 255 bytes",
		},
		{
			name:       "refresh with damaged header",
			raw:        josetest.DecathlonRefresh,
			headerErr:  true,
			claims:     []string{"sub", "scope", "ati", "iss", "data_center", "personid", "exp", "authorities", "jti", "client_id"},
			exp:        1547717164,
			jti:        "36522ffd-cdd4-4197-ba5e-cf446c069b3a",
			sigLen:     244,
			problemSub: "header: invalid JSON",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := UnverifiedDecode(tt.raw)
			if d.Format != FormatJWT {
				t.Fatalf("Format = %q; want %q", d.Format, FormatJWT)
			}
			if (d.HeaderErr != nil) != tt.headerErr {
				t.Errorf("HeaderErr = %v; want error: %v", d.HeaderErr, tt.headerErr)
			}
			if d.ClaimsErr != nil || d.SignatureErr != nil {
				t.Errorf("ClaimsErr, SignatureErr = %v, %v; want nil", d.ClaimsErr, d.SignatureErr)
			}
			if got := fixtureNames(d.Claims); !reflect.DeepEqual(got, tt.claims) {
				t.Errorf("claim names = %q; want %q", got, tt.claims)
			}
			if !d.ExpiresAt.Equal(time.Unix(tt.exp, 0)) {
				t.Errorf("ExpiresAt = %v; want %v", d.ExpiresAt, time.Unix(tt.exp, 0))
			}
			if d.JTI != tt.jti {
				t.Errorf("JTI = %q; want %q", d.JTI, tt.jti)
			}
			if d.Issuer != "dkconnect.org" {
				t.Errorf("Issuer = %q; want %q", d.Issuer, "dkconnect.org")
			}
			if f, _ := d.Claim("scope"); !reflect.DeepEqual(f.Value, []any{"profile"}) || string(f.Raw) != `["profile"]` {
				t.Errorf("scope = %s (%#v); want [\"profile\"]", f.Raw, f.Value)
			}
			if f, _ := d.Claim("personid"); f.Value != "50000234701" {
				t.Errorf("personid = %#v; want the string 50000234701", f.Value)
			}
			if len(d.Signature) != tt.sigLen {
				t.Errorf("len(Signature) = %d; want %d", len(d.Signature), tt.sigLen)
			}
			if !fixtureHasProblem(d, tt.problemSub) {
				t.Errorf("Problems = %q; want one containing %q", d.Problems, tt.problemSub)
			}
			if left, ok := d.ExpiresIn(time.Unix(tt.exp+60, 0)); !ok || left != -time.Minute {
				t.Errorf("ExpiresIn(exp+1m) = %v, %v; want -1m, true", left, ok)
			}
		})
	}
	// The header is damaged after alg: what could be read is kept.
	if d := UnverifiedDecode(josetest.DecathlonRefresh); d.Alg != "RS256" || len(d.Header) != 1 {
		t.Errorf("damaged header: Alg = %q, %d fields; want RS256 from the part before the damage, 1 field", d.Alg, len(d.Header))
	}
}

func TestDecodeFormats(t *testing.T) {
	jws := josetest.Segments(`{"alg":"HS256"}`, `{"sub":"x"}`, strings.Repeat("s", 32))
	tests := []struct {
		name    string
		in      string
		format  Format
		raw     string
		problem string
	}{
		{"empty", "", FormatEmpty, "", ""},
		{"whitespace", " \t\r\n ", FormatEmpty, "", ""},
		{"bearer only", "Bearer ", FormatEmpty, "", ""},
		{"opaque reference token", "2YotnFZFEjr1zCsicMWpAA", FormatOpaque, "2YotnFZFEjr1zCsicMWpAA", ""},
		{"opaque with two segments", "ya29.a0AfH6SMBx", FormatOpaque, "ya29.a0AfH6SMBx", ""},
		{"garbage", "\x00\xff{}...!!", FormatOpaque, "\x00\xff{}...!!", "not a token"},
		{"dots only", "..", FormatOpaque, "..", ""},
		{"three segments, not JSON", "abc.def.ghi", FormatOpaque, "abc.def.ghi", ""},
		{"PASETO", "v4.public.eyJzdWIiOiJ4In0", FormatOpaque, "v4.public.eyJzdWIiOiJ4In0", ""},
		{"four segments", jws + ".x", FormatOpaque, jws + ".x", ""},
		{"JWS", jws, FormatJWT, jws, ""},
		{"surrounding space", "\n  " + jws + " \n", FormatJWT, jws, ""},
		{"Bearer prefix", "Bearer " + jws, FormatJWT, jws, ""},
		{"lower-case bearer and tab", "  bearer\t" + jws, FormatJWT, jws, ""},
		{"BEARER", "BEARER " + jws, FormatJWT, jws, ""},
		{"JWE", josetest.Segments(`{"alg":"RSA-OAEP","enc":"A256GCM"}`, "k", "iv", "ct", "tag"), FormatJWT, "", "encrypted (JWE)"},
		{"alg none", josetest.Segments(`{"alg":"none"}`, `{"sub":"x"}`) + ".", FormatJWT, "", "alg none"},
		{"no alg", josetest.Segments(`{"typ":"JWT"}`, `{}`, "sig"), FormatJWT, "", "header: no alg"},
		{"empty signature", josetest.Segments(`{"alg":"RS256"}`, `{}`) + ".", FormatJWT, "", "signature: empty"},
		{"header not an object", josetest.Segments(`{"alg"`, `{}`, "s"), FormatJWT, "", "header: invalid JSON"},
		{"empty payload", josetest.Segments(`{"alg":"RS256"}`, ``, "s"), FormatJWT, "", "empty payload"},
		{"HS256 signature size", josetest.Segments(`{"alg":"HS256"}`, `{}`, "short"), FormatJWT, "", "signature: 5 bytes; HS256 signatures are 32 bytes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := UnverifiedDecode(tt.in)
			if d.Format != tt.format {
				t.Errorf("Format = %q; want %q", d.Format, tt.format)
			}
			if tt.raw != "" || tt.format == FormatEmpty {
				if d.Raw != tt.raw {
					t.Errorf("Raw = %q; want %q", d.Raw, tt.raw)
				}
			}
			if d.Length != len(d.Raw) {
				t.Errorf("Length = %d; want len(Raw) = %d", d.Length, len(d.Raw))
			}
			if tt.format != FormatJWT && (d.Header != nil || d.Claims != nil || d.Signature != nil || (d.Problems != nil && d.NotAToken == "")) {
				t.Errorf("non-JWT has decoded parts: %+v", d)
			}
			if tt.problem != "" && !fixtureHasProblem(d, tt.problem) {
				t.Errorf("Problems = %q; want one containing %q", d.Problems, tt.problem)
			}
			if tt.problem == "" && len(d.Problems) > 0 {
				t.Errorf("Problems = %q; want none", d.Problems)
			}
		})
	}
}

func TestDecodeJWE(t *testing.T) {
	d := UnverifiedDecode(josetest.Segments(`{"alg":"RSA-OAEP","enc":"A256GCM","kid":"e1"}`, "k", "iv", "ct", "tag"))
	if d.Alg != "RSA-OAEP" || d.Kid != "e1" {
		t.Errorf("Alg, Kid = %q, %q; want RSA-OAEP, e1", d.Alg, d.Kid)
	}
	if d.ClaimsErr == nil || d.Claims != nil || d.Signature != nil {
		t.Errorf("ClaimsErr, Claims, Signature = %v, %v, %v; want an error and nothing decoded", d.ClaimsErr, d.Claims, d.Signature)
	}
}

func TestDecodeBase64Variants(t *testing.T) {
	// These claims encode to base64 with '+', '/' and padding.
	claims := `{"sub":"??>>","n":1}`
	header := `{"alg":"RS256"}`
	std := base64.StdEncoding.EncodeToString([]byte(claims))
	if !strings.ContainsAny(std, "+/") || !strings.HasSuffix(std, "=") {
		t.Fatalf("test claims encode to %q; want + or / and padding", std)
	}
	sig := base64.RawURLEncoding.EncodeToString(make([]byte, 256))
	h := base64.RawURLEncoding.EncodeToString([]byte(header))
	tests := []struct {
		name    string
		payload string
		problem string
	}{
		{"unpadded base64url", base64.RawURLEncoding.EncodeToString([]byte(claims)), ""},
		{"padded base64url", base64.URLEncoding.EncodeToString([]byte(claims)), "claims: base64url has padding"},
		{"standard base64", std, "claims: standard base64 alphabet"},
		{"unpadded standard base64", base64.RawStdEncoding.EncodeToString([]byte(claims)), "claims: standard base64 alphabet"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := UnverifiedDecode(h + "." + tt.payload + "." + sig)
			if d.ClaimsErr != nil {
				t.Fatalf("ClaimsErr = %v; want nil", d.ClaimsErr)
			}
			if d.Subject != "??>>" {
				t.Errorf("Subject = %q; want %q", d.Subject, "??>>")
			}
			if tt.problem == "" && len(d.Problems) != 0 {
				t.Errorf("Problems = %q; want none", d.Problems)
			}
			if tt.problem != "" && !fixtureHasProblem(d, tt.problem) {
				t.Errorf("Problems = %q; want one containing %q", d.Problems, tt.problem)
			}
		})
	}
}

func TestDecodeDamagedPayloadKeepsReadableClaims(t *testing.T) {
	h := base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"RS256"}`))
	good := base64.RawURLEncoding.EncodeToString([]byte(`{"sub":"abc","iss":"https://issuer.example","exp":1700000000}`))
	tests := []struct {
		name    string
		payload string
		claims  []string
		problem string
	}{
		// A '*' after 28 characters: the first 21 bytes still decode.
		{"bad base64 in the middle", good[:28] + "*" + good[29:], []string{"sub"}, "claims: invalid base64url"},
		{"truncated", good[:40], []string{"sub"}, "claims: invalid JSON"},
		{"invalid JSON", base64.RawURLEncoding.EncodeToString([]byte(`{"sub":"abc","exp":1700000000,"x":tru}`)), []string{"sub", "exp"}, "claims: invalid JSON"},
		{"trailing data", base64.RawURLEncoding.EncodeToString([]byte(`{"sub":"abc"} x`)), []string{"sub"}, "after the JSON object"},
		{"not an object", base64.RawURLEncoding.EncodeToString([]byte(`["sub"]`)), nil, "want a JSON object"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := UnverifiedDecode(h + "." + tt.payload + ".c2ln")
			if d.HeaderErr != nil {
				t.Errorf("HeaderErr = %v; want nil", d.HeaderErr)
			}
			if d.ClaimsErr == nil {
				t.Errorf("ClaimsErr = nil; want an error")
			}
			if got := fixtureNames(d.Claims); len(got) != len(tt.claims) || (len(got) > 0 && !reflect.DeepEqual(got, tt.claims)) {
				t.Errorf("claim names = %q; want %q", got, tt.claims)
			}
			if !fixtureHasProblem(d, tt.problem) {
				t.Errorf("Problems = %q; want one containing %q", d.Problems, tt.problem)
			}
		})
	}
}

func TestDecodeClaimValues(t *testing.T) {
	h := `{"alg":"RS256"}`
	tests := []struct {
		name    string
		claims  string
		check   func(t *testing.T, d Decoded)
		problem string
	}{
		{
			name:   "large integers stay exact",
			claims: `{"big":12345678901234567890123,"neg":-9007199254740993,"f":1.10}`,
			check: func(t *testing.T, d Decoded) {
				for name, want := range map[string]json.Number{"big": "12345678901234567890123", "neg": "-9007199254740993", "f": "1.10"} {
					if f, _ := d.Claim(name); f.Value != want || string(f.Raw) != string(want) {
						t.Errorf("%s = %#v (raw %s); want %#v", name, f.Value, f.Raw, want)
					}
				}
			},
		},
		{
			name:   "fractional exp",
			claims: `{"exp":1700000000.25,"iat":1.6999e9,"nbf":-1.5}`,
			check: func(t *testing.T, d Decoded) {
				if want := time.Unix(1700000000, 250_000_000); !d.ExpiresAt.Equal(want) {
					t.Errorf("ExpiresAt = %v; want %v", d.ExpiresAt, want)
				}
				if want := time.Unix(1699900000, 0); !d.IssuedAt.Equal(want) {
					t.Errorf("IssuedAt = %v; want %v", d.IssuedAt, want)
				}
				if want := time.Unix(-2, 500_000_000); !d.NotBefore.Equal(want) {
					t.Errorf("NotBefore = %v; want %v", d.NotBefore, want)
				}
				if got, ok := d.ExpiresIn(time.Unix(1700000000, 0)); !ok || got != 250*time.Millisecond {
					t.Errorf("ExpiresIn = %v, %v; want 250ms, true", got, ok)
				}
			},
		},
		{
			name:    "exp as a string",
			claims:  `{"exp":"1700000000"}`,
			check:   func(t *testing.T, d Decoded) { checkNoExp(t, d) },
			problem: "exp is not a number",
		},
		{
			name:    "exp out of range",
			claims:  `{"exp":1e300}`,
			check:   func(t *testing.T, d Decoded) { checkNoExp(t, d) },
			problem: "exp is out of range",
		},
		{
			name:    "exp out of int64",
			claims:  `{"exp":99999999999999999999}`,
			check:   func(t *testing.T, d Decoded) { checkNoExp(t, d) },
			problem: "exp is out of range",
		},
		{
			name:    "aud of the wrong type",
			claims:  `{"aud":[1]}`,
			check:   func(t *testing.T, d Decoded) {},
			problem: "aud is not a string or an array of strings",
		},
		{
			name:    "sub of the wrong type",
			claims:  `{"sub":7}`,
			check:   func(t *testing.T, d Decoded) {},
			problem: "sub is not a string",
		},
		{
			name:    "exp before iat",
			claims:  `{"iat":20,"exp":10}`,
			check:   func(t *testing.T, d Decoded) {},
			problem: "exp is before iat",
		},
		{
			name:   "escapes and unicode",
			claims: `{"name":"J\u00f6rg \"JJ\" \ud83d\ude00","path":"a\/b","bad":"\ud800x","raw":"caf` + "\xe9" + `"}`,
			check: func(t *testing.T, d Decoded) {
				for name, want := range map[string]string{"name": `Jörg "JJ" 😀`, "path": "a/b", "bad": "\uFFFDx", "raw": "caf\uFFFD"} {
					if f, _ := d.Claim(name); f.Value != want {
						t.Errorf("%s = %q; want %q", name, f.Value, want)
					}
				}
				if f, _ := d.Claim("name"); string(f.Raw) != `"J\u00f6rg \"JJ\" \ud83d\ude00"` {
					t.Errorf("name raw = %s; want it as in the token", f.Raw)
				}
			},
		},
		{
			name:   "whitespace is compacted out of raw values",
			claims: "{ \"a\" : [ 1 , \"x y\" ] ,\n\t\"b\":{ \"c\" : null } , \"d\" : true }",
			check: func(t *testing.T, d Decoded) {
				for name, want := range map[string]string{"a": `[1,"x y"]`, "b": `{"c":null}`, "d": `true`} {
					if f, _ := d.Claim(name); string(f.Raw) != want {
						t.Errorf("%s raw = %s; want %s", name, f.Raw, want)
					}
				}
			},
		},
		{
			name:    "duplicate members are kept in order",
			claims:  `{"sub":"first","exp":1,"sub":"second"}`,
			problem: `claims: duplicate member "sub"`,
			check: func(t *testing.T, d Decoded) {
				if got, want := fixtureNames(d.Claims), []string{"sub", "exp", "sub"}; !reflect.DeepEqual(got, want) {
					t.Errorf("claim names = %q; want %q", got, want)
				}
				if f, _ := d.Claim("sub"); d.Subject != "second" || f.Value != "second" {
					t.Errorf("Subject, Claim(sub) = %q, %q; want the last one, second", d.Subject, f.Value)
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := UnverifiedDecode(josetest.Segments(h, tt.claims) + ".c2ln")
			if d.ClaimsErr != nil {
				t.Fatalf("ClaimsErr = %v; want nil", d.ClaimsErr)
			}
			tt.check(t, d)
			if tt.problem != "" && !fixtureHasProblem(d, tt.problem) {
				t.Errorf("Problems = %q; want one containing %q", d.Problems, tt.problem)
			}
		})
	}
}

func checkNoExp(t *testing.T, d Decoded) {
	t.Helper()
	if _, ok := d.ExpiresIn(time.Now()); ok || !d.ExpiresAt.IsZero() {
		t.Errorf("ExpiresAt = %v; want zero", d.ExpiresAt)
	}
}

// TestDecodeJSONLikeEncodingJSON checks the object reader against
// encoding/json on tricky inputs; FuzzParseObject explores further.
func TestDecodeJSONLikeEncodingJSON(t *testing.T) {
	for _, in := range decodeJSONSeeds() {
		checkJSONLikeEncodingJSON(t, []byte(in))
	}
	deep := strings.Repeat(`{"a":`, maxJSONDepth) + "1" + strings.Repeat("}", maxJSONDepth)
	checkJSONLikeEncodingJSON(t, []byte(deep))
	checkJSONLikeEncodingJSON(t, []byte(`{"a":`+deep+`}`))
}

func decodeJSONSeeds() []string {
	return []string{
		`{}`, ` { } `, `{"a":1}`, `{"a":-0.5e+10,"b":0,"c":-0,"d":1E3}`, `{"a":01}`, `{"a":1.}`, `{"a":.5}`,
		`{"a":-}`, `{"a":1e}`, `{"a":[]}`, `{"a":[1,]}`, `{"a":[,1]}`, `{"a":{}}`, `{"a":{"b":[{"c":null}]}}`,
		`{"a":true,"b":false,"c":null}`, `{"a":tru}`, `{"a":nul}`, `{"a":"\u00e9\n\t\\\/\b\f\r"}`,
		`{"a":"\ud83d\ude00"}`, `{"a":"\ud83d"}`, `{"a":"\ude00\ud83d"}`, `{"a":"\ud83d\u0041"}`, `{"a":"\u12"}`,
		`{"a":"\x"}`, "{\"a\":\"\x01\"}", "{\"a\":\"\xff\xfe\"}", "{\"\xc3\":1}", `{"a":"b"`, `{"a"}`, `{"a" 1}`,
		`{,}`, `{"a":1,}`, `{"a":1 "b":2}`, `[1]`, `"s"`, `1`, `null`, ``, ` `, `{"a":1}}`, `{"a":1} {}`,
		`{"a":"\ud800\ud800\udc00"}`, "{\"a\":\"\xed\xa0\x80\"}", `{"a":1,"a":2}`, `{"a":{"b":1,"b":2}}`,
	}
}

// checkJSONLikeEncodingJSON fails t unless parseObject accepts exactly the
// JSON objects that encoding/json accepts, and decodes them the same way.
func checkJSONLikeEncodingJSON(t *testing.T, b []byte) {
	t.Helper()
	fields, _, err := ParseObject(b)
	trimmed := strings.TrimLeft(string(b), " \t\r\n")
	wantOK := json.Valid(b) && strings.HasPrefix(trimmed, "{")
	if (err == nil) != wantOK {
		t.Fatalf("parseObject(%q) error = %v; encoding/json valid object: %v", b, err, wantOK)
	}
	if je, ok := err.(*jsonError); err != nil && (!ok || je.off < 0 || je.off > int64(len(b))) {
		t.Fatalf("parseObject(%q) error = %#v; want a jsonError with an offset inside the input", b, err)
	}
	for _, f := range fields {
		checkFieldLikeEncodingJSON(t, f)
	}
	if !wantOK {
		return
	}
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.UseNumber()
	var want map[string]any
	if err := dec.Decode(&want); err != nil {
		t.Fatalf("encoding/json: %v", err)
	}
	got := make(map[string]any, len(fields))
	for _, f := range fields {
		got[f.Name] = f.Value
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("parseObject(%q) = %#v; encoding/json decodes %#v", b, got, want)
	}
}

// checkFieldLikeEncodingJSON checks that f.Raw is compact JSON that
// encoding/json decodes to f.Value.
func checkFieldLikeEncodingJSON(t *testing.T, f Field) {
	t.Helper()
	var want any
	dec := json.NewDecoder(strings.NewReader(string(f.Raw)))
	dec.UseNumber()
	if err := dec.Decode(&want); err != nil {
		t.Fatalf("member %q: raw %q does not decode: %v", f.Name, f.Raw, err)
	}
	if !reflect.DeepEqual(f.Value, want) {
		t.Fatalf("member %q: Value = %#v; encoding/json decodes raw %q to %#v", f.Name, f.Value, f.Raw, want)
	}
	var compact bytes.Buffer
	if err := json.Compact(&compact, f.Raw); err != nil || !bytes.Equal(compact.Bytes(), f.Raw) {
		t.Fatalf("member %q: raw %q is not compact JSON (%v)", f.Name, f.Raw, err)
	}
}

// TestParseObjectErrorOffsets checks that a syntax error names the byte
// where the damage is and keeps the members read before it.
func TestParseObjectErrorOffsets(t *testing.T) {
	tests := []struct {
		in      string
		off     int64
		members []string
		msg     string
	}{
		{`{"sub":"abc","x":tru}`, 20, []string{"sub"}, "invalid character '}' in literal true"},
		{`{"sub":"abc","x":"a\qb"}`, 20, []string{"sub"}, "invalid character 'q' in string escape code"},
		{`{"sub":"abc","x` + "\x01" + `":1}`, 15, []string{"sub"}, "invalid character"},
		{`{"sub":"abc" "x":1}`, 13, []string{"sub"}, "after object key:value pair"},
		{`{"sub":"abc","x":1`, 18, []string{"sub", "x"}, "unexpected end of JSON"},
		{`{"sub":"abc"} x`, 14, []string{"sub"}, `found 'x' after the JSON object`},
		{`  ["sub"]`, 3, nil, `found '['; want a JSON object`},
		{` `, 1, nil, "empty input"},
		{`{"sub":"abc","x":1x}`, 18, []string{"sub", "x"}, "invalid character 'x' after object key:value pair"},
		{`{ "sub" : [ 1 , "a b" ] , "x" : {"y":nul} }`, 40, []string{"sub"}, "invalid character '}' in literal null"},
		// The object is level 1: the 10000th bracket of y is level 10001.
		{`{"x":1,"y":` + strings.Repeat("[", maxJSONDepth) + strings.Repeat("]", maxJSONDepth) + "}", 11 + maxJSONDepth - 1, []string{"x"}, "exceeded max depth"},
		{strings.Repeat(`{"a":`, maxJSONDepth+1) + "1" + strings.Repeat("}", maxJSONDepth+1), 5 * maxJSONDepth, nil, "exceeded max depth"},
	}
	for _, tt := range tests {
		fields, _, err := ParseObject([]byte(tt.in))
		je, ok := err.(*jsonError)
		if !ok {
			t.Errorf("parseObject(%q) error = %v; want a jsonError", tt.in, err)
			continue
		}
		if je.off != tt.off || !strings.Contains(je.Error(), tt.msg) {
			t.Errorf("parseObject(%q) error = %v (offset %d); want offset %d and %q", tt.in, err, je.off, tt.off, tt.msg)
		}
		if got := fixtureNames(fields); len(got) != len(tt.members) || (len(got) > 0 && !reflect.DeepEqual(got, tt.members)) {
			t.Errorf("parseObject(%q) members = %q; want %q", tt.in, got, tt.members)
		}
	}
}

func TestDecodeClaimsJSON(t *testing.T) {
	d := DecodeClaimsJSON([]byte(`{"sub":"u1","email":"qa@example.test","exp":1893456000,"roles":[]}`))
	if d.Subject != "u1" || len(d.Claims) != 4 || d.Claims[1].Name != "email" || d.ExpiresAt.Unix() != 1893456000 || d.ClaimsErr != nil {
		t.Fatalf("DecodeClaimsJSON = %+v", d)
	}
	if bad := DecodeClaimsJSON([]byte(`{"sub":"u1",`)); bad.ClaimsErr == nil || len(bad.Claims) != 1 {
		t.Fatalf("damaged JSON: claims %d, err %v; want the member before the damage and an error", len(bad.Claims), bad.ClaimsErr)
	}
}

func TestPastedTextThatCannotBeAToken(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"hello world, this is not it!", "it holds a space, “,”, “!”"},
		{`{"access_token":"x"}`, "it is JSON"},
		{"abc=def", "“=” before its end"},
		{"2YotnFZFEjr1zCsicMWpAA", ""},
		{"ory_at_aB-c_d.e~f+g/h==", ""},
	} {
		d := UnverifiedDecode(c.in)
		if d.Format != FormatOpaque {
			t.Fatalf("%q: format %q", c.in, d.Format)
		}
		if c.want == "" {
			if d.NotAToken != "" || len(d.Problems) > 0 {
				t.Errorf("%q: %q %q; a real opaque token", c.in, d.NotAToken, d.Problems)
			}
			continue
		}
		if !strings.Contains(d.NotAToken, c.want) || len(d.Problems) == 0 {
			t.Errorf("%q: NotAToken %q problems %q; want %q", c.in, d.NotAToken, d.Problems, c.want)
		}
	}
}
