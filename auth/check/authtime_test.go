package check

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/tokeninspector/tokeninspector/auth"
	"github.com/tokeninspector/tokeninspector/auth/discovery"
	"github.com/tokeninspector/tokeninspector/auth/jose"
	"github.com/tokeninspector/tokeninspector/auth/jose/josetest"
)

// max_age bounds the login's sign-in: an ID token issued more than
// max_age after auth_time fails at login, while a refreshed one (same
// auth_time, later iat) does not; acr_values only warn, an essential acr
// refuses.
func TestValidateAuthTimeAndACR(t *testing.T) {
	now := time.Unix(1_900_000_000, 0)
	id := func(authAgo time.Duration, acr string) jose.Decoded {
		c := fmt.Sprintf(`{"iss":"https://idp","sub":"u","aud":"c","exp":%d,"iat":%d,"auth_time":%d,"acr":%q}`,
			now.Add(time.Minute).Unix(), now.Unix(), now.Add(-authAgo).Unix(), acr)
		return jose.UnverifiedDecode(josetest.Segments(`{"alg":"RS256"}`, c, "sig"))
	}
	secs := int64(300)
	p := auth.Profile{Client: auth.Client{ClientID: "c"}, AuthRequest: auth.AuthRequest{MaxAge: &secs, ACRValues: "urn:mfa"}}
	ep := discovery.Resolved{Issuer: "https://idp"}
	status := func(ts *auth.TokenSet, name string) CheckStatus {
		c, _ := ValidateTokens(p, ep, ts, nil, now).ID.Check(name)
		return c.Status
	}
	login := func(d jose.Decoded) *auth.TokenSet {
		return &auth.TokenSet{IDToken: d.Raw, ID: d, Sent: &auth.LoginFacts{MaxAgeAsked: true}}
	}
	if s := status(login(id(10*time.Minute, "urn:mfa")), "auth_time"); s != CheckFail {
		t.Errorf("login 10 min after sign-in with max_age 300: %s", s)
	}
	if s := status(login(id(time.Minute, "urn:mfa")), "auth_time"); s != CheckPass {
		t.Errorf("login 1 min after sign-in: %s", s)
	}
	refreshed := id(10*time.Minute, "urn:mfa")
	if s := status(&auth.TokenSet{IDToken: refreshed.Raw, ID: refreshed}, "auth_time"); s != CheckPass {
		t.Errorf("refreshed ID token keeping the login's auth_time: %s", s)
	}
	if s := status(login(id(time.Minute, "urn:pwd")), "acr"); s != CheckFail || IsMust("acr") {
		t.Errorf("acr_values not met: %s (must %v); want a warning", s, IsMust("acr"))
	}
	p.Claims = json.RawMessage(`{"id_token":{"acr":{"essential":true,"values":["urn:mfa"]}}}`)
	if s := status(login(id(time.Minute, "urn:pwd")), "acr (essential)"); s != CheckFail || !IsMust("acr (essential)") {
		t.Errorf("essential acr not met: %s", s)
	}
}
