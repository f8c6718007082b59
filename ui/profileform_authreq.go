package ui

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"fyne.io/fyne/v2/widget"

	"github.com/tokeninspector/tokeninspector/auth"
	"github.com/tokeninspector/tokeninspector/auth/discovery"
)

// authRequestFields are the profile form's fields for the authorization
// request's own parameters (OpenID Connect Core §3.1.2.1, §5.5; RFC 9396),
// with a JSON editor each for claims and authorization_details.
type authRequestFields struct {
	prompt                                               *widget.SelectEntry
	maxAge, acrValues, loginHint, uiLocales, idTokenHint *widget.Entry
	claims, details                                      *jsonEditor
	acrSupported, detailTypes                            []string // from the provider's metadata; nil when unknown
}

func newAuthRequestFields(p auth.Profile) *authRequestFields {
	r := p.AuthRequest
	a := &authRequestFields{
		prompt:      widget.NewSelectEntry(auth.PromptValues),
		maxAge:      formEntry("", "seconds; the ID token's auth_time must be this recent"),
		acrValues:   formEntry(r.ACRValues, "space-separated, e.g. urn:mace:incommon:iap:silver"),
		loginHint:   formEntry(r.LoginHint, "the user to sign in (e-mail or name)"),
		uiLocales:   formEntry(r.UILocales, "fr-FR en"),
		idTokenHint: formEntry(r.IDTokenHint, "a previous ID token"),
	}
	a.prompt.SetText(r.Prompt)
	a.prompt.SetPlaceHolder("none, login, consent, select_account or create")
	if r.MaxAge != nil {
		a.maxAge.SetText(fmt.Sprint(*r.MaxAge))
	}
	a.claims = newJSONEditor(string(r.Claims), `{"id_token": {"acr": {"essential": true}}}`, a.checkClaims)
	a.details = newJSONEditor(string(r.AuthorizationDetails), `[{"type": "payment_initiation", …}]`, a.checkDetails)
	return a
}

func (a *authRequestFields) items() []*widget.FormItem {
	return []*widget.FormItem{
		widget.NewFormItem("prompt", a.prompt),
		widget.NewFormItem("max_age", a.maxAge),
		widget.NewFormItem("acr_values", a.acrValues),
		widget.NewFormItem("login_hint", a.loginHint),
		widget.NewFormItem("ui_locales", a.uiLocales),
		widget.NewFormItem("id_token_hint", a.idTokenHint),
		widget.NewFormItem("claims (JSON)", a.claims.root),
		widget.NewFormItem("authorization_details (JSON)", a.details.root),
	}
}

// setSupported takes the provider's acr values and authorization_details
// types, which the editors then mark when a choice is not among them.
func (a *authRequestFields) setSupported(s discovery.Supported) {
	a.acrSupported, a.detailTypes = s.ACRValues, s.AuthorizationDetailsTypes
	if len(s.ACRValues) > 0 {
		a.acrValues.SetPlaceHolder("the provider lists: " + strings.Join(s.ACRValues, " "))
	}
	a.claims.validate()
	a.details.validate()
}

// checkClaims judges a claims request and sums it up.
func (a *authRequestFields) checkClaims(b json.RawMessage) (string, error) {
	cr, err := auth.ParseClaimsRequest(b)
	if err != nil {
		return "", err
	}
	var parts []string
	for _, where := range []string{"id_token", "userinfo"} {
		if names := sortedKeys(cr[where]); len(names) > 0 {
			parts = append(parts, where+": "+strings.Join(names, ", "))
		}
	}
	if ess, vals := cr.ACR(); ess {
		s := "acr essential"
		if len(vals) > 0 {
			s += " (" + a.markACR(vals) + ")"
		}
		parts = append(parts, s)
	}
	if len(parts) == 0 {
		return "a claims request asking for nothing", nil
	}
	return strings.Join(parts, "; "), nil
}

func (a *authRequestFields) markACR(vals []string) string {
	out := make([]string, len(vals))
	for i, v := range vals {
		out[i] = v
		if a.acrSupported != nil && !slices.Contains(a.acrSupported, v) {
			out[i] += notListed
		}
	}
	return strings.Join(out, ", ")
}

// checkDetails judges authorization_details and names their types, marking
// those the provider does not list.
func (a *authRequestFields) checkDetails(b json.RawMessage) (string, error) {
	ds, err := auth.ParseAuthorizationDetails(b)
	if err != nil {
		return "", err
	}
	types := make([]string, len(ds))
	for i, d := range ds {
		types[i] = d.Type
		if a.detailTypes != nil && !slices.Contains(a.detailTypes, d.Type) {
			types[i] += notListed
		}
	}
	return fmt.Sprintf("%d object(s): %s", len(ds), strings.Join(types, ", ")), nil
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// apply writes the fields into p, or says which one is wrong.
func (a *authRequestFields) apply(p *auth.Profile) error {
	r := auth.AuthRequest{
		Prompt:      strings.Join(strings.Fields(a.prompt.Text), " "),
		ACRValues:   strings.Join(strings.Fields(a.acrValues.Text), " "),
		LoginHint:   strings.TrimSpace(a.loginHint.Text),
		UILocales:   strings.Join(strings.Fields(a.uiLocales.Text), " "),
		IDTokenHint: strings.TrimSpace(a.idTokenHint.Text),
	}
	var err error
	if r.MaxAge, err = auth.ParseMaxAge(a.maxAge.Text); err != nil {
		return err
	}
	if r.Claims, err = a.claims.value(); err != nil {
		return fmt.Errorf("claims: %w", err)
	}
	if r.AuthorizationDetails, err = a.details.value(); err != nil {
		return fmt.Errorf("authorization_details: %w", err)
	}
	p.AuthRequest = r
	return nil
}
