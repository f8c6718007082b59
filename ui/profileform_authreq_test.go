package ui

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/tokeninspector/tokeninspector/auth"
	"github.com/tokeninspector/tokeninspector/auth/demoidp"
	"github.com/tokeninspector/tokeninspector/auth/demoidp/demoidptest"
	"github.com/tokeninspector/tokeninspector/auth/discovery"
	"github.com/tokeninspector/tokeninspector/auth/history"
)

// The JSON editors of claims and authorization_details: they say as you
// type whether the JSON is valid and what it holds (or where it breaks),
// Format indents it, a broken one keeps the profile from being saved,
// and a valid one is saved with the other request parameters and shown
// again when the form reopens.
func TestProfileFormJSONEditors(t *testing.T) {
	h := newHarness(t, nil)
	h.u.onNewProfile()
	f := h.u.profileFormOpen
	f.name.SetText("rar")
	f.issuer.SetText("https://bank.example")
	f.clientID.SetText("app")
	f.clientAuth.SetSelected(string(auth.AuthNone))
	ed := f.authReq.details

	test.Type(ed.entry, `[{"type": "payment_initiation",`)
	if !strings.HasPrefix(ed.status.Text, "✗ not JSON") || !ed.format.Disabled() {
		t.Errorf("broken JSON: status %q, Format enabled %v", ed.status.Text, !ed.format.Disabled())
	}
	if _, err := f.profile(auth.SecretTyped); err == nil || !strings.Contains(err.Error(), "authorization_details") {
		t.Errorf("saving broken authorization_details: %v; want refused", err)
	}
	ed.entry.SetText(`[{"actions": ["read"]}]`)
	if !strings.Contains(ed.status.Text, "no type") {
		t.Errorf("an object without type: status %q", ed.status.Text)
	}
	ed.entry.SetText(`[{"type":"payment_initiation","instructedAmount":{"currency":"EUR","amount":"12.00"}}]`)
	if ed.status.Text != "✓ 1 object(s): payment_initiation" || ed.format.Disabled() {
		t.Errorf("valid details: status %q", ed.status.Text)
	}
	test.Tap(ed.format)
	if !strings.Contains(ed.entry.Text, "\n  {\n    \"type\": \"payment_initiation\"") {
		t.Errorf("Format gave %q", ed.entry.Text)
	}
	f.authReq.claims.entry.SetText(`{"id_token": {"acr": {"essential": true, "values": ["urn:loa:2"]}}, "userinfo": {"email": null}}`)
	if got := f.authReq.claims.status.Text; got != "✓ id_token: acr; userinfo: email; acr essential (urn:loa:2)" {
		t.Errorf("claims status %q", got)
	}
	f.authReq.claims.entry.SetText("{\n  \"id_token\": [\n}")
	if got := f.authReq.claims.status.Text; !strings.Contains(got, "line 3, column 1") {
		t.Errorf("claims syntax error: %q; want its line and column", got)
	}
	f.authReq.claims.entry.SetText(`{"id_token":{"acr":{"essential":true}}}`)
	f.authReq.prompt.SetText("login")
	f.authReq.maxAge.SetText("300")
	f.authReq.acrValues.SetText("urn:loa:2")
	f.authReq.loginHint.SetText("qa@example.test")
	f.authReq.uiLocales.SetText("fr-FR  en")
	h.u.saveProfile(f, auth.Profile{})
	h.settle()
	p := h.u.current().Profile
	if p.Prompt != "login" || p.MaxAge == nil || *p.MaxAge != 300 || p.ACRValues != "urn:loa:2" || p.LoginHint != "qa@example.test" ||
		p.UILocales != "fr-FR en" || string(p.Claims) != `{"id_token":{"acr":{"essential":true}}}` ||
		!strings.Contains(string(p.AuthorizationDetails), `"instructedAmount":{"currency":"EUR"`) {
		t.Fatalf("saved %+v", p.AuthRequest)
	}
	h.u.onEditProfile()
	g := h.u.profileFormOpen
	if g.authReq.maxAge.Text != "300" || !strings.Contains(g.authReq.details.entry.Text, "\n") || g.authReq.prompt.Text != "login" {
		t.Errorf("the form shows max_age %q, details %q", g.authReq.maxAge.Text, g.authReq.details.entry.Text)
	}
}

// The pickers mark what the provider's metadata does not list; the marked
// choice can still be saved, without its mark.
func TestProfileFormPickersFromMetadata(t *testing.T) {
	h := newHarness(t, nil)
	h.login() // the demo provider's metadata is known from here
	h.u.onEditProfile()
	f := h.u.profileFormOpen
	marked := func(opts []string) (out []string) {
		for _, o := range opts {
			if strings.HasSuffix(o, notListed) {
				out = append(out, unmarked(o))
			}
		}
		return out
	}
	if got := marked(f.request.responseMode.Options); len(got) != 0 {
		t.Errorf("response modes marked %v; the demo provider lists them all", got)
	}
	if got := marked(f.grants.grant.Options); len(got) != 0 {
		t.Errorf("grants marked %v", got)
	}
	f.markSupported(discovery.Resolved{TokenAuthMethods: []string{"client_secret_basic", "private_key_jwt"},
		Supported: discovery.Supported{GrantTypes: []string{"authorization_code"}, ResponseModes: []string{"query", "jwt"},
			RequestObjectAlgs: []string{"PS256"}, AuthorizationDetailsTypes: []string{"account_information"}, ACRValues: []string{"urn:loa:1"},
			DPoPAlgs: []string{"ES256", "EdDSA"}}})
	if got := strings.Join(marked(f.request.responseMode.Options), ","); got != responseModeFormPostLabel+","+responseModeQueryJWTLabel+","+responseModeFormPostJWTLabel {
		t.Errorf("response modes marked %q", got)
	}
	if got := strings.Join(marked(f.grants.grant.Options), ","); got != "device_code,client_credentials,jwt_bearer" {
		t.Errorf("grants marked %q", got)
	}
	if got := strings.Join(marked(f.clientAuth.Options), ","); got != "client_secret_post,none,client_secret_jwt,tls_client_auth,self_signed_tls_client_auth" {
		t.Errorf("client auth marked %q", got)
	}
	wantAlgs := slices.DeleteFunc(slices.Clone(auth.RequestObjectAlgs), func(a string) bool { return a == "PS256" })
	if got := strings.Join(marked(f.request.requestObject.Options), ","); got != strings.Join(wantAlgs, ",") {
		t.Errorf("request object algs marked %q", got)
	}
	if got := strings.Join(marked(f.grants.dpopAlg.Options), ","); got != "ES384,ES512,PS256" {
		t.Errorf("DPoP algs marked %q", got)
	}
	f.grants.dpop.SetChecked(true)
	f.grants.dpopAlg.SetSelected("ES512" + notListed)
	if p, err := f.profile(auth.SecretFromConfig); err != nil || p.DPoPAlg != "ES512" {
		t.Errorf("an unlisted DPoP alg chosen: profile dpop_alg %q, %v", p.DPoPAlg, err)
	}
	f.request.responseMode.SetSelected(responseModeFormPostJWTLabel + notListed)
	f.authReq.details.entry.SetText(`[{"type":"payment_initiation"}]`)
	if !strings.Contains(f.authReq.details.status.Text, "payment_initiation"+notListed) {
		t.Errorf("an unlisted type: status %q", f.authReq.details.status.Text)
	}
	p, err := f.profile(auth.SecretFromConfig)
	if err != nil || p.ResponseMode != auth.ResponseModeFormPostJWT || string(p.AuthorizationDetails) != `[{"type":"payment_initiation"}]` {
		t.Fatalf("profile %q %s, %v", p.ResponseMode, p.AuthorizationDetails, err)
	}
}

// A JARM login in the window: the Response view shows the response JWT
// and its checks, and the granted authorization_details; a response
// signed by another key is refused under the red banner, with no tokens
// and nothing to use anyway.
func TestJARMLoginInTheWindow(t *testing.T) {
	h := newHarness(t, nil)
	h.u.onEditProfile()
	f := h.u.profileFormOpen
	f.request.responseMode.SetSelected(responseModeQueryJWTLabel)
	f.authReq.details.entry.SetText(`[{"type":"account_information","actions":["list_accounts"]}]`)
	h.u.saveProfile(f, h.u.current().Profile)
	h.settle()

	ts := h.login()
	if ts.AuthorizationResponse == nil {
		t.Fatal("no JARM response in the token set")
	}
	rv := h.u.views.response
	if txt := rv.jarm.Text; !strings.Contains(txt, "✓ signature") || !strings.Contains(txt, "✓ aud") || strings.Contains(txt, "✗") {
		t.Errorf("Response view's authorization response: %q", txt)
	}
	var granted []map[string]any
	if json.Unmarshal([]byte(rv.details.Text), &granted) != nil || len(granted) != 1 || granted[0]["type"] != "account_information" {
		t.Errorf("Response view's authorization_details: %q", rv.details.Text)
	}

	other, err := demoidp.NewSigningKey(1024)
	if err != nil {
		t.Fatal(err)
	}
	h.authorize.SetFaults(demoidptest.Faults{JARMKey: other})
	test.Tap(h.u.bar.login)
	h.settle()
	b := h.u.views.refused
	if !b.Visible() || !strings.Contains(b.message.Text, "“signature”") || b.use.Visible() {
		t.Fatalf("banner visible %v, Use anyway visible %v, message %q", b.Visible(), b.use.Visible(), b.message.Text)
	}
	if msg := h.u.status.message.Text; !strings.Contains(msg, "authorization response (JARM) fails the “signature” check") {
		t.Errorf("status %q; want the refused response named", msg)
	}
	if s := h.u.current(); s.Tokens == nil || s.Tokens.AccessToken != "" {
		t.Error("a refused authorization response left tokens to use")
	}
	if txt := h.u.views.id.empty.Text; !strings.Contains(txt, "authorization response was refused") {
		t.Errorf("ID view after the refusal: %q", txt)
	}
	if txt := rv.jarm.Text; !strings.Contains(txt, "✗ signature") {
		t.Errorf("Response view after the refusal: %q", txt)
	}
}

// Save with a broken JSON editor keeps the form open as typed, the reason
// above its fields: nothing typed is lost.
func TestProfileFormRefusedSaveKeepsTheForm(t *testing.T) {
	h := newHarness(t, nil)
	h.u.onEditProfile()
	f := h.u.profileFormOpen
	f.authReq.claims.entry.SetText(`{"id_token": {"acr": `)
	tapDialogButton(t, h.u.win, "Save")
	h.settle()
	if h.u.win.Canvas().Overlays().Top() == nil {
		t.Fatal("the form closed on a refused save")
	}
	if f.authReq.claims.entry.Text != `{"id_token": {"acr": ` || !f.problem.Visible() || !strings.Contains(f.problem.Text, "Not saved: claims") {
		t.Errorf("claims %q, the form says %q", f.authReq.claims.entry.Text, f.problem.Text)
	}
}

// The History shows one entry's granted authorization_details, and diffs
// two entries' object by object.
func TestHistoryAuthorizationDetailsRows(t *testing.T) {
	old := &history.SetFacts{AuthorizationDetails: json.RawMessage(`[{"type":"payment_initiation","amount":"12.00"}]`)}
	new := &history.SetFacts{AuthorizationDetails: json.RawMessage(`[{"type":"payment_initiation","amount":"15.00"},{"type":"account_information"}]`)}
	rows, _ := setDiffRows(history.DiffSets(old, new))
	got := map[string]diffRow{}
	for _, r := range rows {
		got[r.Name] = r
	}
	if s := got[tokenNames[history.KindAuthorizationDetails]]; !s.Section || s.Left != "1 object(s)" || s.Right != "2 object(s)" {
		t.Errorf("section row %+v", s)
	}
	if r := got["[0] payment_initiation"]; r.Change != "changed" || !strings.Contains(r.Right, "15.00") {
		t.Errorf("changed object row %+v", r)
	}
	if r := got["[1] account_information"]; r.Change != "added" {
		t.Errorf("added object row %+v", r)
	}
	one := setRows(new)
	if len(one) != 3 || one[1].Name != "[0] payment_initiation" || one[2].Right != "granted (RFC 9396)" {
		t.Errorf("one entry's rows %+v", one)
	}
}
