package oidc

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/tokeninspector/tokeninspector/auth/check"

	"github.com/tokeninspector/tokeninspector/auth"

	"github.com/tokeninspector/tokeninspector/auth/demoidp"
	"github.com/tokeninspector/tokeninspector/auth/jose"
	"github.com/tokeninspector/tokeninspector/auth/jose/josetest"
)

// TestValidateSetAfterDemoLogin checks a real login end to end: every
// token of the demo provider's response passes its checks, the nonce and
// at_hash among them, and the signatures are checked against its JWKS.
func TestValidateSetAfterDemoLogin(t *testing.T) {
	pr, ts, _ := loginDemo(t, demoidp.Options{})
	if ts.Sent == nil || ts.Sent.Nonce == "" || ts.Sent.Code == "" {
		t.Fatalf("the login did not keep what it sent: %+v", ts.Sent)
	}
	sv := pr.ValidateSet(context.Background(), ts)
	for kind, r := range map[string]check.Report{"access": sv.Access, "id": sv.ID, "refresh": sv.Refresh} {
		if r.Failed() {
			t.Errorf("%s token fails:%s", kind, statuses(r))
		}
	}
	for _, name := range []string{"signature", "nonce", "aud", "iss", "exp"} {
		if c, _ := sv.ID.Check(name); c.Status != check.CheckPass {
			t.Errorf("ID token %s = %+v; want pass%s", name, c, statuses(sv.ID))
		}
	}
	if c, _ := sv.ID.Check("signature"); !strings.Contains(c.Reason, "key from JWKS "+pr.Endpoints().JWKSURL) {
		t.Errorf("signature reason %q does not name the key's origin", c.Reason)
	}
	// A view computes the same report from a snapshot's parts, without I/O.
	sigs := map[string]check.Verification{}
	for _, d := range []jose.Decoded{ts.Access, ts.Refresh, ts.ID} {
		sigs[d.Raw] = pr.Verifier().Verify(context.Background(), d)
	}
	fromParts := check.ValidateTokens(pr.Profile(), pr.Endpoints(), ts, sigs, time.Now())
	if outcomes(fromParts.ID) != outcomes(sv.ID) || outcomes(fromParts.Access) != outcomes(sv.Access) {
		t.Errorf("ValidateTokens differs from ValidateSet:%s\nvs%s", statuses(fromParts.ID), statuses(sv.ID))
	}
	pending := check.ValidateTokens(pr.Profile(), pr.Endpoints(), ts, nil, time.Now())
	if c, _ := pending.ID.Check("signature"); c.Status != check.CheckUnknown || c.Reason != "not checked" {
		t.Errorf("signature while its check runs = %+v; want could not check, not checked", c)
	}
	// The report prints the checks in the CLI's JSON.
	out, err := json.Marshal(check.SetReport{Set: ts, Now: time.Now(), Validation: &sv})
	if err != nil {
		t.Fatal(err)
	}
	var parsed struct {
		ID struct {
			Checks []check.Check `json:"checks"`
		} `json:"id"`
	}
	if err := json.Unmarshal(out, &parsed); err != nil || len(parsed.ID.Checks) != len(sv.ID.Checks) {
		t.Errorf("JSON checks = %d (%v); want %d", len(parsed.ID.Checks), err, len(sv.ID.Checks))
	}
}

// TestValidateSetAfterRefreshKeepsLoginFacts checks that an ID token kept
// over a refresh is still checked against its login's nonce, and that its
// at_hash (that of the login's access token) is not held against the new
// access token.
func TestValidateSetAfterRefreshKeepsLoginFacts(t *testing.T) {
	pr, first, _ := loginDemo(t, demoidp.Options{})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	ts, err := pr.Refresh(ctx, first.RefreshToken)
	if err != nil {
		t.Fatal(err)
	}
	ts.IDToken, ts.ID = "", jose.Decoded{} // a provider that sends no ID token on refresh
	auth.KeepIDToken(first, ts)
	sv := pr.ValidateSet(ctx, ts)
	if sv.ID.Failed() {
		t.Errorf("kept ID token fails:%s", statuses(sv.ID))
	}
	if c, _ := sv.ID.Check("nonce"); c.Status != check.CheckPass {
		t.Errorf("kept ID token nonce = %+v; want pass", c)
	}
}

// TestValidateSetSkewFromTokenEndpoint checks that the token response's
// Date header gives the skew (no discovery here, as with Decathlon) and
// that a provider 3 minutes ahead explains a token that is not yet valid.
func TestValidateSetSkewFromTokenEndpoint(t *testing.T) {
	now := time.Now()
	ahead := now.Add(3 * time.Minute)
	claims := fmt.Sprintf(`{"sub":"u","iat":%d,"nbf":%d,"exp":%d}`, ahead.Unix(), ahead.Unix(), ahead.Add(time.Hour).Unix())
	access := josetest.JWS(t, josetest.RSAKeys()[0], `{"alg":"RS256"}`, claims)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Date", ahead.UTC().Format(http.TimeFormat))
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"access_token":%q,"token_type":"Bearer","expires_in":3600}`, access)
	}))
	defer srv.Close()
	p := auth.Profile{Name: "plain", Endpoints: auth.Endpoints{AuthURL: srv.URL + "/authorize", TokenURL: srv.URL + "/token"}, Client: auth.Client{ClientID: "c", ClientSecret: "s"}}
	pr := newTestProvider(t, p, nil)
	ts, err := pr.Refresh(context.Background(), "rt")
	if err != nil {
		t.Fatal(err)
	}
	if !ts.Skew.Known || ts.Skew.Offset < 2*time.Minute || ts.Skew.Source != srv.URL+"/token" {
		t.Fatalf("Skew = %+v; want about 3 minutes, from the token endpoint", ts.Skew)
	}
	r := pr.ValidateSet(context.Background(), ts).Access
	if c, _ := r.Check("clock skew"); c.Status != check.CheckFail || !strings.Contains(c.Reason, "ahead of") {
		t.Errorf("clock skew = %+v%s", c, statuses(r))
	}
	if c, _ := r.Check("nbf"); c.Status != check.CheckFail || !strings.Contains(c.Reason, "already valid: fix this machine's clock") {
		t.Errorf("nbf = %+v%s", c, statuses(r))
	}
}

// statuses lists each check with its status and reason.
func statuses(r check.Report) string {
	var b strings.Builder
	for _, c := range r.Checks {
		fmt.Fprintf(&b, "\n  %s: %s — %s", c.Name, c.Status, c.Reason)
	}
	return b.String()
}

// outcomes lists name=status of each check (reasons may name times).
func outcomes(r check.Report) string {
	var b strings.Builder
	for _, c := range r.Checks {
		fmt.Fprintf(&b, "%s=%s ", c.Name, c.Status)
	}
	return b.String()
}
