package auth

import (
	"maps"
	"net/http"
	"testing"
)

func TestParseChallenges(t *testing.T) {
	got := ParseChallenges([]string{
		`Bearer realm="api, v2", resource_metadata="https://api.example/.well-known/oauth-protected-resource/v2", scope="a b", error="invalid_token", error_description="say \"hi\""`,
		`Basic abc==, DPoP algs="ES256 PS256", error=use_dpop_nonce`,
		`Negotiate`,
	})
	want := []Challenge{
		{Scheme: "Bearer", Params: map[string]string{"realm": "api, v2", "resource_metadata": "https://api.example/.well-known/oauth-protected-resource/v2", "scope": "a b", "error": "invalid_token", "error_description": `say "hi"`}},
		{Scheme: "Basic", Params: map[string]string{"": "abc=="}},
		{Scheme: "DPoP", Params: map[string]string{"algs": "ES256 PS256", "error": "use_dpop_nonce"}},
		{Scheme: "Negotiate", Params: map[string]string{}},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d challenges %+v, want %d", len(got), got, len(want))
	}
	for i := range want {
		if got[i].Scheme != want[i].Scheme || !maps.Equal(got[i].Params, want[i].Params) {
			t.Errorf("challenge %d = %+v, want %+v", i, got[i], want[i])
		}
	}
	h := http.Header{}
	h.Add("WWW-Authenticate", `DPoP algs="ES256"`)
	h.Add("WWW-Authenticate", `Bearer scope="x"`)
	if c, ok := BearerChallenge(h); !ok || c.Scheme != "Bearer" || c.Params["scope"] != "x" {
		t.Errorf("BearerChallenge = %+v %v, want the Bearer one", c, ok)
	}
	if _, ok := BearerChallenge(http.Header{"Www-Authenticate": {`Basic realm="x"`}}); ok {
		t.Error("a Basic challenge read as a Bearer one")
	}
}
