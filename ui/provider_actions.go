package ui

// The Provider menu: the provider's other endpoints for the selected
// profile's tokens (userinfo, introspection, revocation, token exchange,
// logout). Each is a workspace command; its answer comes as a snapshot.

import (
	"strings"

	"github.com/tokeninspector/tokeninspector/auth/oidc"

	"github.com/tokeninspector/tokeninspector/auth/jose"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/tokeninspector/tokeninspector/auth"
	"github.com/tokeninspector/tokeninspector/auth/workspace"
)

func (u *UI) providerMenu() *fyne.Menu {
	return fyne.NewMenu("Provider",
		fyne.NewMenuItem("Userinfo", u.onUserinfo),
		fyne.NewMenuItemSeparator(),
		fyne.NewMenuItem("Introspect the access token", func() { u.onIntrospect(workspace.AccessToken) }),
		fyne.NewMenuItem("Introspect the refresh token", func() { u.onIntrospect(workspace.RefreshToken) }),
		fyne.NewMenuItemSeparator(),
		fyne.NewMenuItem("Revoke the access token", func() { u.onRevoke(workspace.AccessToken) }),
		fyne.NewMenuItem("Revoke the refresh token", func() { u.onRevoke(workspace.RefreshToken) }),
		fyne.NewMenuItemSeparator(),
		fyne.NewMenuItem("Token exchange…", u.onExchangeForm),
		fyne.NewMenuItem("Log out (end the session at the provider)", u.onLogout),
	)
}

func (u *UI) onUserinfo() {
	u.status.info("Calling the userinfo endpoint…")
	u.ws.Userinfo(u.profile)
}

func (u *UI) onIntrospect(k workspace.TokenKind) {
	u.status.info("Asking the introspection endpoint about the " + string(k) + " token…")
	u.ws.Introspect(u.profile, k)
}

func (u *UI) onRevoke(k workspace.TokenKind) {
	u.status.info("Revoking the " + string(k) + " token…")
	u.ws.Revoke(u.profile, k)
}

func (u *UI) onLogout() {
	u.status.info("Logging out: the provider's end-session page opens in the browser…")
	u.ws.Logout(u.profile)
}

// exchangeForm is the token exchange dialog's fields (RFC 8693 §2.1).
type exchangeForm struct {
	subject, subjectType, requested *widget.Select
	pasted, actor, audience         *widget.Entry
	resource, scope                 *widget.Entry
}

// The subject token choices.
const (
	subjectAccess = "the access token"
	subjectID     = "the ID token"
	subjectPasted = "a pasted token"
)

var tokenTypeURNs = []string{oidc.TokenTypeAccessToken, oidc.TokenTypeIDToken, oidc.TokenTypeRefreshToken, oidc.TokenTypeJWT}

func newExchangeForm() *exchangeForm {
	f := &exchangeForm{
		subject:     widget.NewSelect([]string{subjectAccess, subjectID, subjectPasted}, nil),
		subjectType: widget.NewSelect(tokenTypeURNs, nil),
		requested:   widget.NewSelect(append([]string{"(the server's choice)"}, tokenTypeURNs...), nil),
		pasted:      widget.NewMultiLineEntry(),
		actor:       widget.NewEntry(),
		audience:    widget.NewEntry(),
		resource:    widget.NewEntry(),
		scope:       widget.NewEntry(),
	}
	f.subject.SetSelected(subjectAccess)
	f.subject.OnChanged = func(s string) {
		switch s {
		case subjectID:
			f.subjectType.SetSelected(oidc.TokenTypeIDToken)
		case subjectAccess:
			f.subjectType.SetSelected(oidc.TokenTypeAccessToken)
		}
	}
	f.subjectType.SetSelected(oidc.TokenTypeAccessToken)
	f.requested.SetSelected("(the server's choice)")
	f.pasted.SetPlaceHolder("the subject token, when pasted")
	f.actor.SetPlaceHolder("optional actor token (delegation)")
	f.audience.SetPlaceHolder("the service the new token is for")
	f.resource.SetPlaceHolder("resource URIs, space-separated")
	f.scope.SetPlaceHolder("scopes, space-separated")
	return f
}

func (f *exchangeForm) items() []*widget.FormItem {
	return []*widget.FormItem{
		widget.NewFormItem("Subject token", f.subject),
		widget.NewFormItem("Pasted token", f.pasted),
		widget.NewFormItem("Subject token type", f.subjectType),
		widget.NewFormItem("Actor token", f.actor),
		widget.NewFormItem("Audience", f.audience),
		widget.NewFormItem("Resource", f.resource),
		widget.NewFormItem("Scope", f.scope),
		widget.NewFormItem("Requested token type", f.requested),
	}
}

// options reads the form against the session's tokens.
func (f *exchangeForm) options(ts *auth.TokenSet) oidc.TokenExchangeOptions {
	o := oidc.TokenExchangeOptions{
		SubjectTokenType: f.subjectType.Selected,
		ActorToken:       strings.TrimSpace(f.actor.Text),
		Audience:         strings.TrimSpace(f.audience.Text),
		Resources:        strings.Fields(f.resource.Text),
		Scopes:           strings.Fields(f.scope.Text),
	}
	if strings.HasPrefix(f.requested.Selected, "urn:") {
		o.RequestedTokenType = f.requested.Selected
	}
	switch {
	case f.subject.Selected == subjectPasted:
		o.SubjectToken = jose.UnverifiedDecode(f.pasted.Text).Raw
	case ts != nil && f.subject.Selected == subjectID:
		o.SubjectToken = ts.IDToken
	case ts != nil:
		o.SubjectToken = ts.AccessToken
	}
	return o
}

// onExchangeForm asks for the exchange's parameters, then runs it.
func (u *UI) onExchangeForm() {
	f := newExchangeForm()
	u.exchangeOpen = f
	d := dialog.NewForm("Token exchange (RFC 8693)", "Exchange", "Cancel", f.items(), func(ok bool) {
		if ok {
			u.onExchange(f)
		}
	}, u.win)
	d.Resize(fyne.NewSize(640, 520))
	d.Show()
}

func (u *UI) onExchange(f *exchangeForm) {
	o := f.options(u.tokens())
	if o.SubjectToken == "" {
		u.status.info("Token exchange: there is no subject token — log in first, or paste one.")
		return
	}
	u.status.info("Exchanging the token…")
	u.ws.Exchange(u.profile, o)
}

// openURL opens a URL in the system browser through the app.
func (u *UI) openURL(s string) {
	if p := parseURL(s); p != nil {
		if err := u.app.OpenURL(p); err != nil {
			u.status.info("The browser did not open: copy the address instead.")
		}
	}
}
