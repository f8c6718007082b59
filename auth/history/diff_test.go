package history

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/tokeninspector/tokeninspector/auth"

	"github.com/tokeninspector/tokeninspector/auth/jose"
)

func testJWT(claims string) string {
	enc := base64.RawURLEncoding.EncodeToString
	return enc([]byte(`{"alg":"RS256","kid":"k1"}`)) + "." + enc([]byte(claims)) + ".c2ln"
}

func TestDiffTokensAddedRemovedChangedAndTimeDeltas(t *testing.T) {
	old := jose.UnverifiedDecode(testJWT(`{"sub":"u1","exp":1000,"iat":880,"roles":["a"],"gone":true,"jti":"j1"}`))
	new := jose.UnverifiedDecode(testJWT(`{"sub":"u1","exp":1120,"iat":1000,"roles":["a","b"],"jti":"j2","tenant":"t"}`))
	d := DiffTokens(old, new)
	want := map[string]Change{"sub": Same, "exp": Changed, "iat": Changed, "roles": Changed, "gone": Removed, "jti": Changed, "tenant": Added}
	var names []string
	for _, c := range d.Claims {
		names = append(names, c.Name)
		if want[c.Name] != c.Change {
			t.Errorf("%s: %s; want %s", c.Name, c.Change, want[c.Name])
		}
	}
	if got := strings.Join(names, ","); got != "sub,exp,iat,roles,gone,jti,tenant" {
		t.Errorf("order %s; want old's order, then the added", got)
	}
	exp, _ := d.Claim("exp")
	if exp.DeltaText() != "exp +2:00" {
		t.Errorf("exp delta %q", exp.DeltaText())
	}
	iat, _ := d.Claim("iat")
	if iat.DeltaText() != "iat +2:00" {
		t.Errorf("iat delta %q", iat.DeltaText())
	}
	if sub, _ := d.Claim("sub"); sub.HasDelta || sub.DeltaText() != "" {
		t.Error("sub has a time delta")
	}
	if d.Count(Added) != 1 || d.Count(Removed) != 1 || d.Count(Changed) != 4 {
		t.Errorf("counts +%d -%d ~%d", d.Count(Added), d.Count(Removed), d.Count(Changed))
	}
	if d.OldRef != "j1" || d.NewRef != "j2" {
		t.Errorf("refs %q %q", d.OldRef, d.NewRef)
	}
	if g, _ := d.Claim("gone"); string(g.Old) != "true" || g.New != nil {
		t.Errorf("removed claim old %s new %s", g.Old, g.New)
	}
}

func TestFormatDelta(t *testing.T) {
	for d, want := range map[time.Duration]string{
		0: "±0", 2 * time.Minute: "+2:00", -90 * time.Second: "-1:30", time.Hour + 5*time.Second: "+1:00:05",
		-(50 * time.Hour): "-2d 2:00:00",
	} {
		if got := FormatDelta(d); got != want {
			t.Errorf("FormatDelta(%v) = %q; want %q", d, got, want)
		}
	}
}

func TestDiffSetsThroughFactsAndRotation(t *testing.T) {
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	a := &auth.TokenSet{AccessToken: testJWT(`{"jti":"a1","exp":100}`), RefreshToken: "ory_rt_one", ReceivedAt: at}
	b := &auth.TokenSet{AccessToken: testJWT(`{"jti":"a2","exp":220,"scope":"x"}`), RefreshToken: "ory_rt_two", ReceivedAt: at}
	for _, ts := range []*auth.TokenSet{a, b} {
		ts.Access, ts.Refresh = jose.UnverifiedDecode(ts.AccessToken), jose.UnverifiedDecode(ts.RefreshToken)
	}
	fa, fb := FactsOfSet(a), FactsOfSet(b)
	d := DiffSets(fa, fb)
	acc, ok := d.Token("access")
	if !ok {
		t.Fatal("no access diff")
	}
	if exp, _ := acc.Claim("exp"); exp.DeltaText() != "exp +2:00" {
		t.Errorf("exp %q", exp.DeltaText())
	}
	if sc, _ := acc.Claim("scope"); sc.Change != Added {
		t.Errorf("scope %s", sc.Change)
	}
	if len(d.Rotations) != 2 {
		t.Fatalf("rotations %v", d.Rotations)
	}
	r := d.Rotations[1]
	if r.Kind != "refresh" || !r.Rotated || r.From != jose.Fingerprint("ory_rt_one") || r.To != jose.Fingerprint("ory_rt_two") {
		t.Errorf("refresh rotation %+v", r)
	}
	// Facts never hold a token.
	b2, _ := MarshalHistory("p", []Event{NewEvent(EventRefresh, at, a, b, nil)})
	for _, tok := range []string{a.AccessToken, b.AccessToken, a.RefreshToken, b.RefreshToken} {
		if strings.Contains(string(b2), tok) {
			t.Fatalf("history JSON holds a token: %s", b2)
		}
	}
}

func TestHistoryJSONRoundTrip(t *testing.T) {
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	ts := &auth.TokenSet{AccessToken: testJWT(`{"jti":"a1","exp":100,"aud":[]}`), ReceivedAt: at, HTTPStatus: 200, Latency: 42 * time.Millisecond}
	ts.Access = jose.UnverifiedDecode(ts.AccessToken)
	fail := &auth.OAuthError{Op: "refresh", Code: "invalid_grant", Status: 400, Latency: 7 * time.Millisecond}
	in := []Event{NewEvent(EventLogin, at, nil, ts, nil), NewEvent(EventRefresh, at.Add(time.Minute), ts, nil, fail)}
	b, err := MarshalHistory("demo", in)
	if err != nil {
		t.Fatal(err)
	}
	out, err := UnmarshalHistory(b)
	if err != nil {
		t.Fatal(err)
	}
	if len(out) != 2 || !out[0].OK() || out[1].OK() {
		t.Fatalf("events %+v", out)
	}
	if out[0].HTTPStatus != 200 || out[0].Latency != 42*time.Millisecond || out[1].HTTPStatus != 400 || out[1].Latency != 7*time.Millisecond {
		t.Errorf("status/latency %d %v %d %v", out[0].HTTPStatus, out[0].Latency, out[1].HTTPStatus, out[1].Latency)
	}
	if out[1].Err.Error() != fail.Error() {
		t.Errorf("error %q", out[1].Err)
	}
	d := out[0].Set.Access.Decoded()
	if d.JTI != "a1" || !d.ExpiresAt.Equal(time.Unix(100, 0)) || d.Alg != "RS256" {
		t.Errorf("claims back: jti %q exp %v alg %q", d.JTI, d.ExpiresAt, d.Alg)
	}
	if aud, _ := d.Claim("aud"); string(aud.Raw) != "[]" {
		t.Errorf("aud %s", aud.Raw)
	}
	if _, err := UnmarshalHistory([]byte(`{"version":99}`)); err == nil {
		t.Error("an unknown version was read")
	}
	if _, err := UnmarshalHistory([]byte(`not json`)); err == nil || errors.Is(err, nil) {
		t.Error("garbage was read")
	}
}

// Claim returns the comparison of the claim named name (a test's lookup).
func (d TokenDiff) Claim(name string) (ClaimDiff, bool) {
	for _, c := range d.Claims {
		if c.Name == name {
			return c, true
		}
	}
	return ClaimDiff{}, false
}

// Token returns the comparison of one kind of token (a test's lookup).
func (d SetDiff) Token(kind string) (TokenDiff, bool) {
	for _, t := range d.Tokens {
		if t.Kind == kind {
			return t, true
		}
	}
	return TokenDiff{}, false
}

// The granted authorization_details are kept and compared object by
// object: a changed amount is a change, a new object an addition.
func TestDiffSetsAuthorizationDetails(t *testing.T) {
	old := &SetFacts{AuthorizationDetails: json.RawMessage(`[{"type":"payment_initiation","amount":"12.00"}]`)}
	new := &SetFacts{AuthorizationDetails: json.RawMessage(`[{"type":"payment_initiation","amount":"15.00"},{"type":"account_information"}]`)}
	d := DiffSets(old, new)
	if len(d.Tokens) != 1 || d.Tokens[0].Kind != KindAuthorizationDetails {
		t.Fatalf("diff = %+v", d)
	}
	td := d.Tokens[0]
	if td.Count(Changed) != 1 || td.Count(Added) != 1 || td.Claims[0].Name != "[0] payment_initiation" || td.Claims[1].Name != "[1] account_information" {
		t.Errorf("details diff = %+v", td.Claims)
	}
	if d := DiffSets(&SetFacts{}, &SetFacts{}); len(d.Tokens) != 0 {
		t.Errorf("sets without details: %+v", d)
	}
}
