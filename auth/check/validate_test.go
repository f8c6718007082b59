package check

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/tokeninspector/tokeninspector/auth"

	"github.com/tokeninspector/tokeninspector/auth/jose"
	"github.com/tokeninspector/tokeninspector/auth/jose/josetest"
)

// idClaims are the claims of a valid ID token for client "web" at
// issuer "https://id.example" issued at now, with overrides applied
// (a nil value deletes the claim).
func idClaims(now time.Time, access string, overrides map[string]any) string {
	atHash, _ := AtHash(access, "RS256")
	cHash, _ := AtHash("the-code", "RS256")
	m := []josetest.Member{}
	base := []struct {
		name string
		v    any
	}{
		{"iss", "https://id.example"}, {"sub", "user-1"}, {"aud", "web"},
		{"exp", now.Add(time.Hour).Unix()}, {"iat", now.Unix()},
		{"nonce", "n-0S6_WzA2Mj"}, {"at_hash", atHash}, {"c_hash", cHash},
	}
	seen := map[string]bool{}
	for _, b := range base {
		v := b.v
		if o, ok := overrides[b.name]; ok {
			v = o
		}
		seen[b.name] = true
		if v == nil {
			continue
		}
		raw, _ := json.Marshal(v)
		m = append(m, josetest.Member{b.name, string(raw)})
	}
	for k, v := range overrides {
		if !seen[k] && v != nil {
			raw, _ := json.Marshal(v)
			m = append(m, josetest.Member{k, string(raw)})
		}
	}
	return josetest.Object(m...)
}

// statuses maps check names to their status, for failure messages.
func statuses(r Report) string {
	var b strings.Builder
	for _, c := range r.Checks {
		fmt.Fprintf(&b, "\n  %s: %s — %s", c.Name, c.Status, c.Reason)
	}
	return b.String()
}

// outcomes lists name=status of each check (reasons may name times).
func outcomes(r Report) string {
	var b strings.Builder
	for _, c := range r.Checks {
		fmt.Fprintf(&b, "%s=%s ", c.Name, c.Status)
	}
	return b.String()
}

func TestValidateIDTokenChecksFailOneAtATime(t *testing.T) {
	keys := josetest.RSAKeys()
	jwks := newJWKSFixture(t)
	jwks.add("k1", keys[0])
	v := verifierFor(t, jwks)
	now := time.Now().Truncate(time.Second)
	const access = "the-access-token"
	expect := func() Expect {
		return Expect{Kind: KindID, Issuer: "https://id.example", ClientID: "web", Nonce: "n-0S6_WzA2Mj",
			AccessToken: access, Code: "the-code", Now: now}
	}
	run := func(d jose.Decoded, e Expect) Report {
		sig := v.Verify(context.Background(), d)
		e.Signature = &sig
		return Validate(d, e)
	}

	good := run(signedFixture(t, keys[0], "k1", idClaims(now, access, nil)), expect())
	for _, c := range good.Checks {
		if c.Status == CheckFail || c.Status == CheckUnknown {
			t.Fatalf("valid ID token: %s is %s (%s)%s", c.Name, c.Status, c.Reason, statuses(good))
		}
	}
	for _, name := range []string{"alg", "signature", "kid", "key", "exp", "iat", "iss", "sub", "aud", "nonce", "at_hash", "c_hash"} {
		if c, ok := good.Check(name); !ok || c.Status != CheckPass {
			t.Errorf("valid ID token: %s = %+v, want pass%s", name, c, statuses(good))
		}
	}

	unsigned := jose.UnverifiedDecode(josetest.Segments(`{"alg":"none"}`, idClaims(now, access, nil)) + ".")
	tests := []struct {
		name   string
		d      jose.Decoded
		e      func(*Expect)
		check  string
		reason string
	}{
		{"wrong aud", signedFixture(t, keys[0], "k1", idClaims(now, access, map[string]any{"aud": "other"})), nil, "aud", `does not contain the client id "web"`},
		{"two audiences, no azp", signedFixture(t, keys[0], "k1", idClaims(now, access, map[string]any{"aud": []string{"web", "api"}})), nil, "azp", "with 2 audiences"},
		{"azp not the client", signedFixture(t, keys[0], "k1", idClaims(now, access, map[string]any{"aud": []string{"web", "api"}, "azp": "api"})), nil, "azp", `"api" is not the client id`},
		{"wrong nonce", signedFixture(t, keys[0], "k1", idClaims(now, access, map[string]any{"nonce": "replayed"})), nil, "nonce", "is not the nonce this login sent"},
		{"wrong at_hash", signedFixture(t, keys[0], "k1", idClaims(now, access, map[string]any{"at_hash": "AAAAAAAAAAAAAAAAAAAAAA"})), nil, "at_hash", "does not match the access token"},
		{"wrong c_hash", signedFixture(t, keys[0], "k1", idClaims(now, access, map[string]any{"c_hash": "AAAAAAAAAAAAAAAAAAAAAA"})), nil, "c_hash", "does not match the authorization code"},
		{"future iat", signedFixture(t, keys[0], "k1", idClaims(now, access, map[string]any{"iat": now.Add(5 * time.Minute).Unix()})), nil, "iat", "issued in the future"},
		{"expired", signedFixture(t, keys[0], "k1", idClaims(now, access, map[string]any{"exp": now.Add(-time.Hour).Unix()})), nil, "exp", "expired 1h0m0s ago"},
		{"wrong iss", signedFixture(t, keys[0], "k1", idClaims(now, access, map[string]any{"iss": "https://evil.example"})), nil, "iss", "is not the provider's issuer"},
		{"alg none", unsigned, nil, "alg", "alg none: the token is not signed"},
		{"unknown kid", signedFixture(t, keys[1], "k-rotated", idClaims(now, access, nil)), nil, "kid", "key not published (rotated out?)"},
		{"signed by another key", signedFixture(t, keys[1], "k1", idClaims(now, access, nil)), nil, "signature", "does not match"},
		{"auth_time missing with max_age", signedFixture(t, keys[0], "k1", idClaims(now, access, nil)), func(e *Expect) { e.MaxAgeAsked = true }, "auth_time", "asked for max_age"},
		{"alg not as registered", signedFixture(t, keys[0], "k1", idClaims(now, access, nil)), func(e *Expect) { e.RegisteredAlg = "ES256" }, "alg", "registered ES256"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := expect()
			if tt.e != nil {
				tt.e(&e)
			}
			r := run(tt.d, e)
			c, ok := r.Check(tt.check)
			if !ok || c.Status != CheckFail || !strings.Contains(c.Reason, tt.reason) {
				t.Fatalf("%s = %+v; want fail with %q%s", tt.check, c, tt.reason, statuses(r))
			}
			if !r.Failed() {
				t.Errorf("Failed() = false")
			}
		})
	}
}

func TestValidateClockSkewExplainsExpiry(t *testing.T) {
	now := time.Unix(1_800_000_000, 0)
	d := jose.UnverifiedDecode(josetest.Segments(`{"alg":"RS256"}`, fmt.Sprintf(`{"exp":%d,"iat":%d}`, now.Add(-2*time.Minute).Unix(), now.Add(-7*time.Minute).Unix())) + ".c2ln")
	// The provider's clock is 5 minutes behind this machine's.
	skew := auth.ClockSkew{Known: true, Offset: -5 * time.Minute, Source: "https://id.example/.well-known/openid-configuration"}
	r := Validate(d, Expect{Kind: KindPasted, Now: now, Skew: skew})
	if c, _ := r.Check("clock skew"); c.Status != CheckFail || !strings.Contains(c.Reason, "5m0s behind") {
		t.Errorf("clock skew = %+v; want fail, 5m0s behind%s", c, statuses(r))
	}
	if c, _ := r.Check("exp"); c.Status != CheckFail || !strings.Contains(c.Reason, "by the provider's clock") || !strings.Contains(c.Reason, "still valid") {
		t.Errorf("exp = %+v; want the skew named as the cause%s", c, statuses(r))
	}
	small := Validate(d, Expect{Kind: KindPasted, Now: now, Skew: auth.ClockSkew{Known: true, Offset: 3 * time.Second}})
	if c, _ := small.Check("clock skew"); c.Status != CheckPass {
		t.Errorf("3 s skew = %+v; want pass", c)
	}
	if c, _ := small.Check("exp"); strings.Contains(c.Reason, "provider's clock") {
		t.Errorf("exp with a small skew mentions it: %q", c.Reason)
	}
}

func TestValidateUnverifiableTokensExplained(t *testing.T) {
	now := time.Unix(1_800_000_000, 0)
	hs := jose.UnverifiedDecode(josetest.Segments(`{"alg":"HS512"}`, `{"typ":"Refresh","exp":1900000000}`, strings.Repeat("s", 64)))
	graph := jose.UnverifiedDecode(josetest.Segments(`{"typ":"JWT","nonce":"abc","alg":"RS256","kid":"k"}`, `{"aud":"00000003-0000-0000-c000-000000000000"}`, strings.Repeat("s", 256)))
	jwks := newJWKSFixture(t)
	v := verifierFor(t, jwks)
	tests := []struct {
		name      string
		d         jose.Decoded
		e         Expect
		check     string
		status    CheckStatus
		substring string
	}{
		{"Keycloak refresh token (HS512)", hs, Expect{Kind: KindRefresh}, "signature", CheckUnknown, "signed with a secret only the server holds"},
		{"Entra Graph access token", graph, Expect{Kind: KindAccess}, "signature", CheckUnknown, "meant to be checked by Graph alone"},
		{"opaque, introspectable", jose.UnverifiedDecode("2YotnFZFEjr1zCsicMWpAA"), Expect{Kind: KindAccess, Introspectable: true}, "format", CheckUnknown, "not a JWT — introspect it"},
		{"opaque, no endpoint", jose.UnverifiedDecode("2YotnFZFEjr1zCsicMWpAA"), Expect{Kind: KindAccess}, "format", CheckUnknown, "no introspection endpoint"},
		{"JWE", jose.UnverifiedDecode(josetest.Segments(`{"alg":"RSA-OAEP-256","enc":"A256GCM"}`, "k", "iv", "ct", "tag")), Expect{Kind: KindID}, "format", CheckUnknown, "encrypted (JWE)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.e.Now = now
			if tt.d.IsJWT() {
				sig := v.Verify(context.Background(), tt.d)
				tt.e.Signature = &sig
			}
			r := Validate(tt.d, tt.e)
			c, ok := r.Check(tt.check)
			if !ok || c.Status != tt.status || !strings.Contains(c.Reason, tt.substring) {
				t.Fatalf("%s = %+v; want %s with %q%s", tt.check, c, tt.status, tt.substring, statuses(r))
			}
		})
	}
	if n := jwks.hits.Load(); n != 0 {
		t.Errorf("JWKS fetched %d times for tokens no JWKS can verify", n)
	}
}

func TestValidateOktaOrgServerAccessToken(t *testing.T) {
	d := jose.UnverifiedDecode(josetest.Segments(`{"alg":"RS256","kid":"org-1"}`, `{"iss":"https://dev-1.okta.com","cid":"c"}`, strings.Repeat("s", 256)))
	sig := unknownKey("org-1", true)
	r := Validate(d, Expect{Kind: KindAccess, Signature: &sig})
	if c, _ := r.Check("signature"); c.Status != CheckUnknown || !strings.Contains(c.Reason, "meant for Okta's own APIs") {
		t.Errorf("signature = %+v; want the org server explained", c)
	}
	custom := jose.UnverifiedDecode(josetest.Segments(`{"alg":"RS256","kid":"org-1"}`, `{"iss":"https://dev-1.okta.com/oauth2/default"}`, strings.Repeat("s", 256)))
	if c, _ := Validate(custom, Expect{Kind: KindAccess, Signature: &sig}).Check("signature"); c.Status != CheckFail {
		t.Errorf("custom server token with an unknown key: signature = %+v; want fail", c)
	}
}

func TestValidateHeaderKeysNeverTrusted(t *testing.T) {
	d := jose.UnverifiedDecode(josetest.Segments(`{"alg":"RS256","jwk":{"kty":"RSA","n":"AQAB","e":"AQAB"},"jku":"https://evil.example/jwks"}`, `{"sub":"x"}`, "sig"))
	r := Validate(d, Expect{Kind: KindPasted, Now: time.Now()})
	for _, name := range []string{"header jwk", "header jku"} {
		if c, ok := r.Check(name); !ok || !strings.Contains(c.Reason, "never trusted") {
			t.Errorf("%s = %+v; want it shown as never trusted%s", name, c, statuses(r))
		}
	}
}

func TestValidateRFC9068AccessToken(t *testing.T) {
	now := time.Unix(1_800_000_000, 0)
	claims := fmt.Sprintf(`{"iss":"https://id.example","sub":"u","aud":"https://api.example","client_id":"web","iat":%d,"exp":%d,"jti":"j1","scope":"read"}`, now.Unix(), now.Add(time.Hour).Unix())
	good := jose.UnverifiedDecode(josetest.Segments(`{"alg":"RS256","typ":"at+jwt"}`, claims, strings.Repeat("s", 256)))
	e := Expect{Kind: KindAccess, Issuer: "https://id.example", ClientID: "web", Audience: "https://api.example", Now: now}
	r := Validate(good, e)
	for _, name := range []string{"typ", "iss", "aud", "sub", "client_id", "jti", "scope", "exp", "iat"} {
		if c, ok := r.Check(name); !ok || c.Status != CheckPass {
			t.Errorf("%s = %+v; want pass%s", name, c, statuses(r))
		}
	}
	noJTI := jose.UnverifiedDecode(josetest.Segments(`{"alg":"RS256","typ":"at+jwt"}`, strings.Replace(claims, `"jti":"j1",`, "", 1), strings.Repeat("s", 256)))
	if c, _ := Validate(noJTI, e).Check("jti"); c.Status != CheckFail {
		t.Errorf("jti missing = %+v; want fail", c)
	}
	plain := jose.UnverifiedDecode(josetest.Segments(`{"alg":"RS256","typ":"JWT"}`, claims, strings.Repeat("s", 256)))
	if c, _ := Validate(plain, e).Check("profile"); c.Status != CheckNotApplicable {
		t.Errorf("typ JWT access token: profile = %+v; want not applicable", c)
	}
	e.AccessTokenJWT = true
	if c, _ := Validate(plain, e).Check("typ"); c.Status != CheckFail {
		t.Errorf("profile says RFC 9068, typ JWT: typ = %+v; want fail", c)
	}
}

// An access token asked for with resource indicators (RFC 8707) should
// name one of them in aud, whatever its format: said when it does, warned
// when it names another, unknown without aud, and no check at all when no
// resource was asked for.
func TestValidateAccessTokenResource(t *testing.T) {
	now := time.Unix(1_800_000_000, 0)
	token := func(typ, aud string) jose.Decoded {
		claims := fmt.Sprintf(`{"iss":"https://id.example","sub":"u",%s"client_id":"web","iat":%d,"exp":%d,"jti":"j1","scope":"read"}`, aud, now.Unix(), now.Add(time.Hour).Unix())
		return jose.UnverifiedDecode(josetest.Segments(`{"alg":"RS256","typ":"`+typ+`"}`, claims, strings.Repeat("s", 256)))
	}
	for _, tt := range []struct {
		name, typ, aud string
		resources      []string
		want           CheckStatus
		reason         string
	}{
		{"aud names the resource", "JWT", `"aud":["https://api.example/orders"],`, []string{"https://api.example/orders/"}, CheckPass, "names the resource asked for"},
		{"RFC 9068 token for the resource", "at+jwt", `"aud":"https://api.example/orders",`, []string{"https://api.example/orders"}, CheckPass, "RFC 8707"},
		{"aud names another API", "JWT", `"aud":"https://api.example/inventory",`, []string{"https://api.example/orders"}, CheckFail, "ignored the resource indicator"},
		{"no aud", "JWT", ``, []string{"https://api.example/orders"}, CheckUnknown, "only the API can tell"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := Validate(token(tt.typ, tt.aud), Expect{Kind: KindAccess, Issuer: "https://id.example", Resources: tt.resources, Now: now})
			c, ok := r.Check("resource")
			if !ok || c.Status != tt.want || !strings.Contains(c.Reason, tt.reason) {
				t.Errorf("resource = %+v (present %v); want %s mentioning %q", c, ok, tt.want, tt.reason)
			}
		})
	}
	if _, ok := Validate(token("JWT", `"aud":"x",`), Expect{Kind: KindAccess, Now: now}).Check("resource"); ok {
		t.Errorf("a resource check without resource indicators")
	}
}

// TestValidateKeyMustAllowAlg checks the alg against what the JWK says of
// itself: its alg and its use.
func TestValidateKeyMustAllowAlg(t *testing.T) {
	keys := josetest.RSAKeys()
	for _, tt := range []struct {
		name, field, value, reason string
	}{
		{"JWK for another alg", "alg", "RS512", "published for RS512 only"},
		{"JWK for encryption", "use", "enc", `published for use "enc"`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			jwks := newJWKSFixture(t)
			jwks.add("k1", keys[0])
			jwks.keys[0][tt.field] = tt.value
			v := verifierFor(t, jwks)
			d := signedFixture(t, keys[0], "k1", `{"sub":"u"}`)
			sig := v.Verify(context.Background(), d)
			r := Validate(d, Expect{Kind: KindPasted, Signature: &sig, Now: time.Now()})
			if c, _ := r.Check("key"); c.Status != CheckFail || !strings.Contains(c.Reason, tt.reason) {
				t.Errorf("key = %+v; want fail with %q%s", c, tt.reason, statuses(r))
			}
		})
	}
}

// TestValidateWithinLeeway checks the wording of times inside the allowed
// clock difference.
func TestValidateWithinLeeway(t *testing.T) {
	now := time.Unix(1_800_000_000, 0)
	d := jose.UnverifiedDecode(josetest.Segments(`{"alg":"RS256"}`, fmt.Sprintf(`{"exp":%d,"iat":%d}`, now.Unix()-10, now.Unix()+5), "sig"))
	r := Validate(d, Expect{Kind: KindPasted, Now: now})
	if c, _ := r.Check("exp"); c.Status != CheckPass || !strings.Contains(c.Reason, "expired 10s ago, within") {
		t.Errorf("exp 10 s ago = %+v", c)
	}
	if c, _ := r.Check("iat"); c.Status != CheckPass || !strings.Contains(c.Reason, "5s ahead") {
		t.Errorf("iat 5 s ahead = %+v", c)
	}
}

// An EdDSA ID token's at_hash is SHA-512 for an Ed25519 key; for an Ed448
// key (SHAKE256) it is not computed, so it cannot fail — or pass.
func TestValidateEdDSAAtHash(t *testing.T) {
	now := time.Unix(1_800_000_000, 0)
	want, _ := AtHash("tok", "EdDSA")
	id := jose.UnverifiedDecode(josetest.Segments(`{"alg":"EdDSA"}`,
		fmt.Sprintf(`{"iss":"https://id.example","sub":"u","aud":"web","iat":%d,"exp":%d,"at_hash":%q}`, now.Unix(), now.Add(time.Hour).Unix(), want), strings.Repeat("s", 86)))
	for curve, status := range map[string]CheckStatus{"Ed25519": CheckPass, "Ed448": CheckUnknown} {
		sig := Verification{Status: SigVerified, Key: &KeyInfo{Type: "OKP", Curve: curve}}
		c, _ := Validate(id, Expect{Kind: KindID, Issuer: "https://id.example", ClientID: "web", AccessToken: "tok", Signature: &sig, Now: now}).Check("at_hash")
		if c.Status != status {
			t.Errorf("%s: at_hash %+v; want %s", curve, c, status)
		}
	}
}
