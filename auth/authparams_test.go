package auth

import (
	"encoding/json"
	"testing"
)

// A config written with the parameters in auth_params moves them into
// their fields (parsed), keeps the other keys, and sends the same request.
func TestMigrateAuthParams(t *testing.T) {
	p := Profile{GrantOptions: GrantOptions{AuthParams: map[string]string{
		"prompt": "consent", "max_age": "300", "acr_values": "a b", "login_hint": "u", "ui_locales": "fr",
		"claims": `{"id_token":{"acr":null}}`, "authorization_details": "not json", "access_type": "offline",
	}}}
	before := p.AuthorizationParams()
	p.MigrateAuthParams()
	if p.Prompt != "consent" || p.MaxAge == nil || *p.MaxAge != 300 || p.ACRValues != "a b" || p.LoginHint != "u" || p.UILocales != "fr" ||
		string(p.Claims) != `{"id_token":{"acr":null}}` {
		t.Errorf("fields after migration: %+v", p.AuthRequest)
	}
	if len(p.AuthParams) != 2 || p.AuthParams["access_type"] != "offline" || p.AuthParams["authorization_details"] != "not json" {
		t.Errorf("auth_params left: %v; want access_type and the unparsable authorization_details", p.AuthParams)
	}
	if after := p.AuthorizationParams(); after.Encode() != before.Encode() {
		t.Errorf("sent after migration %v; before %v", after, before)
	}
	// A field already set wins; the old key stays where it was.
	q := Profile{AuthRequest: AuthRequest{Prompt: "login"}, GrantOptions: GrantOptions{AuthParams: map[string]string{"prompt": "none"}}}
	q.MigrateAuthParams()
	if q.Prompt != "login" || q.AuthorizationParams().Get("prompt") != "login" {
		t.Errorf("prompt = %q, sent %q; want the field's login", q.Prompt, q.AuthorizationParams().Get("prompt"))
	}
}

func TestAuthRequestValidate(t *testing.T) {
	neg := int64(-1)
	for _, bad := range []AuthRequest{
		{Prompt: "sometimes"},
		{Prompt: "none login"},
		{MaxAge: &neg},
		{Claims: json.RawMessage(`[1]`)},
		{Claims: json.RawMessage(`null`)},
		{AuthorizationDetails: json.RawMessage(`{"type":"x"}`)},
		{AuthorizationDetails: json.RawMessage(`[{"actions":["read"]}]`)},
	} {
		if err := bad.Validate(); err == nil {
			t.Errorf("%+v: no error", bad)
		}
	}
	ok := AuthRequest{Prompt: "login consent", Claims: json.RawMessage(`{"id_token":{"acr":{"essential":true,"values":["x","y"]}}}`),
		AuthorizationDetails: json.RawMessage(`[{"type":"payment_initiation"}]`)}
	if err := ok.Validate(); err != nil {
		t.Fatal(err)
	}
	p := Profile{AuthRequest: ok}
	if _, ess, vals := p.RequestedACR(); !ess || len(vals) != 2 {
		t.Errorf("RequestedACR = %v %v", ess, vals)
	}
}
