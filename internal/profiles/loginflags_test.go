package profiles

import (
	"flag"
	"io"
	"testing"

	"github.com/tokeninspector/tokeninspector/auth"
)

func TestLoginFlagsApply(t *testing.T) {
	var l LoginFlags
	fs := flag.NewFlagSet("t", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	l.Register(fs)
	if err := fs.Parse([]string{"--grant", "device_code", "--par", "--dpop", "--fapi2", "--response-mode", "form_post", "--request-object", "PS256"}); err != nil {
		t.Fatal(err)
	}
	if !l.Changed() {
		t.Fatal("Changed is false after login flags")
	}
	var p auth.Profile
	if err := l.Apply(&p); err != nil {
		t.Fatal(err)
	}
	if p.Grant != auth.GrantDeviceCode || p.PAR != auth.PAROn || !p.DPoP || !p.FAPI2() ||
		p.ResponseMode != auth.ResponseModeFormPost || p.RequestObject != "PS256" {
		t.Fatalf("profile after Apply: %+v", p)
	}
	for _, bad := range []LoginFlags{{Grant: "implicit"}, {ResponseMode: "fragment"}, {RequestObject: "HS256"}, {DPoPAlg: "RS256"}} {
		var q auth.Profile
		if err := bad.Apply(&q); err == nil {
			t.Errorf("%+v: no error", bad)
		}
	}
	if (&LoginFlags{}).Changed() {
		t.Error("Changed is true with no flags")
	}
	// --dpop-alg alone turns DPoP on.
	alg := LoginFlags{DPoPAlg: "EdDSA"}
	var q auth.Profile
	if err := alg.Apply(&q); err != nil || !alg.Changed() || !q.DPoP || q.DPoPAlg != "EdDSA" {
		t.Errorf("--dpop-alg EdDSA: %v; profile DPoP %v alg %q", err, q.DPoP, q.DPoPAlg)
	}
}

func TestLoginFlagsAuthRequest(t *testing.T) {
	var l LoginFlags
	fs := flag.NewFlagSet("t", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	l.Register(fs)
	if err := fs.Parse([]string{"--prompt", "login", "--max-age", "0", "--acr-values", "urn:a", "--login-hint", "u", "--ui-locales", "fr",
		"--id-token-hint", "eyJ.x.y", "--claims", `{"id_token": {"acr": null}}`, "--authorization-details", `[{"type": "t"}]`, "--response-mode", "form_post.jwt"}); err != nil {
		t.Fatal(err)
	}
	var p auth.Profile
	if err := l.Apply(&p); err != nil {
		t.Fatal(err)
	}
	r := p.AuthRequest
	if !l.Changed() || r.Prompt != "login" || r.MaxAge == nil || *r.MaxAge != 0 || r.ACRValues != "urn:a" || r.LoginHint != "u" ||
		r.UILocales != "fr" || r.IDTokenHint != "eyJ.x.y" || string(r.Claims) != `{"id_token":{"acr":null}}` ||
		string(r.AuthorizationDetails) != `[{"type":"t"}]` || p.ResponseMode != auth.ResponseModeFormPostJWT {
		t.Fatalf("after Apply: %+v, mode %q", r, p.ResponseMode)
	}
	for _, bad := range []LoginFlags{{MaxAge: "-3"}, {Claims: "{"}, {AuthorizationDetails: "[{}]"}, {Prompt: "maybe"}, {IDTokenHint: "@/nonexistent/file"}} {
		var q auth.Profile
		if err := bad.Apply(&q); err == nil {
			t.Errorf("%+v: no error", bad)
		}
	}
}
