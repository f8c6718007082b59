package ui

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/tokeninspector/tokeninspector/auth"
	"github.com/tokeninspector/tokeninspector/auth/workspace"
)

// profileForm edits every field of a profile; the secret is a password entry.
type profileForm struct {
	name, issuer, authURL, tokenURL, jwksURL, userinfoURL, revocationURL, introspectionURL *widget.Entry
	clientID, secret, scopes, ports, params                                                *widget.Entry
	clientAuth                                                                             *widget.Select
	grants                                                                                 *grantFields
	tls                                                                                    *tlsFields
	jwtBearer                                                                              *jwtBearerFields
	request                                                                                *requestFields
	authReq                                                                                *authRequestFields
	register                                                                               *registerFields
	preset                                                                                 *presetFields
	demo                                                                                   bool
	// delete asks to delete the profile (profiledelete.go); nil for a new
	// or built-in one.
	delete *widget.Button
	// problem says why Save did not save; dialog is the form's own.
	problem *widget.Label
	dialog  *dialog.CustomDialog
	// endConfirmed is set once the user agreed that saving ends the
	// profile's session (confirmEndSession).
	endConfirmed bool
	endDialog    *dialog.ConfirmDialog
}

// formEntry is a form's one-line entry holding text, with hint as its
// placeholder.
func formEntry(text, hint string) *widget.Entry {
	w := widget.NewEntry()
	w.SetText(text)
	w.SetPlaceHolder(hint)
	return w
}

func newProfileForm(p auth.Profile, describe func(cert, key, password string) (workspace.CertificateInfo, error)) *profileForm {
	f := &profileForm{
		name:             formEntry(p.Name, "my-provider"),
		issuer:           formEntry(p.Issuer, "https://issuer.example.com (discovery; optional)"),
		authURL:          formEntry(p.AuthURL, "authorization endpoint (overrides discovery)"),
		tokenURL:         formEntry(p.TokenURL, "token endpoint (overrides discovery)"),
		jwksURL:          formEntry(p.JWKSURL, "JWKS URL (signature checks)"),
		userinfoURL:      formEntry(p.UserinfoURL, "userinfo endpoint"),
		revocationURL:    formEntry(p.RevocationURL, "revocation endpoint"),
		introspectionURL: formEntry(p.IntrospectionURL, "introspection endpoint"),
		clientID:         formEntry(p.ClientID, "client_id"),
		scopes:           formEntry(strings.Join(p.Scopes, " "), "openid profile email"),
		ports:            formEntry(portsText(p.RedirectPorts), "empty = any free port; 8080,8081 = try in order"),
		params:           formEntry(paramsText(p.AuthParams), "locale=fr audience=api"),
		demo:             p.Demo,
	}
	f.secret = widget.NewPasswordEntry()
	f.secret.SetText(p.ClientSecret)
	f.secret.SetPlaceHolder("client secret (kept for this session; $" + auth.SecretEnvVar + " also works)")
	f.clientAuth = widget.NewSelect([]string{clientAuthAuto, string(auth.AuthPost), string(auth.AuthBasic), string(auth.AuthNone),
		string(auth.AuthPrivateKeyJWT), string(auth.AuthSecretJWT), string(auth.AuthTLSClient), string(auth.AuthSelfSignedTLS)}, nil)
	f.clientAuth.SetSelected(cmp.Or(string(p.ClientAuth), clientAuthAuto))
	f.grants = newGrantFields(p)
	f.tls = newTLSFields(p, describe)
	f.jwtBearer = newJWTBearerFields(p)
	f.request = newRequestFields(p)
	f.authReq = newAuthRequestFields(p)
	f.preset = newPresetFields(f, p)
	return f
}

func (f *profileForm) items() []*widget.FormItem {
	return append(append(f.preset.items(),
		widget.NewFormItem("Name", f.name),
		widget.NewFormItem("Issuer", f.issuer),
		widget.NewFormItem("Authorize URL", f.authURL),
		widget.NewFormItem("Token URL", f.tokenURL),
		widget.NewFormItem("JWKS URL", f.jwksURL),
		widget.NewFormItem("Userinfo URL", f.userinfoURL),
		widget.NewFormItem("Revocation URL", f.revocationURL),
		widget.NewFormItem("Introspection URL", f.introspectionURL),
		widget.NewFormItem("Client ID", f.clientID),
		widget.NewFormItem("Client secret", f.secret),
		widget.NewFormItem("Client auth", f.clientAuth),
		widget.NewFormItem("Scopes", f.scopes),
		widget.NewFormItem("Redirect ports", f.ports),
		widget.NewFormItem("Extra authorize params", f.params),
	), slices.Concat(f.tls.items(), f.grants.items(), f.jwtBearer.items(), f.request.items(), f.authReq.items())...)
}

// profile reads the form back into a valid profile.
func (f *profileForm) profile(secretSource string) (auth.Profile, error) {
	p, err := f.read(secretSource)
	if err != nil {
		return p, err
	}
	return p, p.Validate()
}

// read reads the form back into a profile, not yet validated (a profile
// about to be registered has no client yet).
func (f *profileForm) read(secretSource string) (auth.Profile, error) {
	p := auth.Profile{
		Name:         strings.TrimSpace(f.name.Text),
		Issuer:       strings.TrimSpace(f.issuer.Text),
		Endpoints:    auth.Endpoints{AuthURL: strings.TrimSpace(f.authURL.Text), TokenURL: strings.TrimSpace(f.tokenURL.Text), JWKSURL: strings.TrimSpace(f.jwksURL.Text), UserinfoURL: strings.TrimSpace(f.userinfoURL.Text), RevocationURL: strings.TrimSpace(f.revocationURL.Text), IntrospectionURL: strings.TrimSpace(f.introspectionURL.Text)},
		Client:       auth.Client{ClientID: strings.TrimSpace(f.clientID.Text), ClientSecret: f.secret.Text, ClientAuth: formClientAuth(f.clientAuth.Selected)},
		GrantOptions: auth.GrantOptions{Scopes: strings.Fields(f.scopes.Text)},
		Storage:      auth.Storage{Demo: f.demo},
	}
	if p.ClientSecret != "" {
		p.SecretSource = secretSource
	}
	var err error
	if p.RedirectPorts, err = auth.ParsePorts(f.ports.Text); err != nil {
		return p, err
	}
	if p.AuthParams, err = parseParamsText(f.params.Text); err != nil {
		return p, err
	}
	f.grants.apply(&p)
	f.tls.apply(&p)
	if p.TLSPassword != "" {
		p.TLSPasswordSource = auth.SecretTyped
	}
	f.jwtBearer.apply(&p)
	f.request.apply(&p)
	if err := f.authReq.apply(&p); err != nil {
		return p, err
	}
	if f.register != nil {
		f.register.apply(&p)
	}
	f.preset.apply(&p)
	if p.Demo {
		p.Issuer = "" // filled in when the demo provider starts
	}
	return p, nil
}

func portsText(ports []int) string {
	s := make([]string, len(ports))
	for i, p := range ports {
		s[i] = strconv.Itoa(p)
	}
	return strings.Join(s, ",")
}

func paramsText(m map[string]string) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	s := make([]string, len(keys))
	for i, k := range keys {
		s[i] = k + "=" + m[k]
	}
	return strings.Join(s, " ")
}

func parseParamsText(s string) (map[string]string, error) {
	var m map[string]string
	for _, f := range strings.Fields(s) {
		k, v, ok := strings.Cut(f, "=")
		if !ok || k == "" {
			return nil, fmt.Errorf("extra parameter %q: write name=value", f)
		}
		if m == nil {
			m = map[string]string{}
		}
		m[k] = v
	}
	return m, nil
}

func (u *UI) onEditProfile() { u.openProfileForm(u.current().Profile, "Edit profile") }

func (u *UI) onNewProfile() {
	u.openProfileForm(auth.Profile{Name: "", GrantOptions: auth.GrantOptions{Scopes: []string{"openid", "profile", "email"}}}, "New profile")
}

// openProfileForm shows the form; Save stores the profile in the workspace,
// which writes the config file.
func (u *UI) openProfileForm(p auth.Profile, title string) {
	f := newProfileForm(p, u.ws.DescribeCertificate)
	if cur := u.current(); cur.Profile.Name == p.Name && p.Name != "" {
		f.markSupported(cur.Endpoints) // the pickers mark what the provider does not list
	}
	f.register = u.newRegisterFields(f, p)
	// The form is longer than a small window: it scrolls inside the
	// dialog, so Save and Cancel stay in view.
	// A preset's placeholder rows come and go: the form is rebuilt then.
	form := container.NewStack(widget.NewForm(append(f.items(), f.register.item())...))
	f.preset.rowsChanged = func() {
		form.Objects = []fyne.CanvasObject{widget.NewForm(append(f.items(), f.register.item())...)}
		form.Refresh()
	}
	var content fyne.CanvasObject = form
	var d *dialog.CustomDialog
	if deletable(p) {
		f.delete = widget.NewButtonWithIcon("Delete profile…", theme.DeleteIcon(), func() {
			d.Hide()
			u.confirmDeleteProfile(p.Name)
		})
		f.delete.Importance = widget.DangerImportance
		content = container.NewVBox(content, widget.NewSeparator(), container.NewHBox(f.delete))
	}
	// What keeps the profile from being saved shows above the form, and
	// the field is marked: the form stays open with what was typed.
	f.problem = widget.NewLabel("")
	f.problem.Importance = widget.DangerImportance
	f.problem.Wrapping = fyne.TextWrapWord
	f.problem.Hide()
	scroll := container.NewVScroll(content)
	scroll.SetMinSize(fyne.NewSize(660, 520))
	f.dialog = dialog.NewCustomWithoutButtons(title, container.NewBorder(f.problem, nil, nil, nil, scroll), u.win)
	save := widget.NewButtonWithIcon("Save", theme.ConfirmIcon(), func() {
		if u.saveProfile(f, p) {
			f.dialog.Hide()
		}
	})
	save.Importance = widget.HighImportance
	f.dialog.SetButtons([]fyne.CanvasObject{widget.NewButtonWithIcon("Cancel", theme.CancelIcon(), f.dialog.Hide), save})
	d = f.dialog
	u.profileFormOpen = f
	d.Show()
}

// showProblem says above the form why it was not saved and marks the
// field to fill in, in the window's words; nil clears it.
func (f *profileForm) showProblem(err error, focus func(fyne.Focusable)) {
	if f.problem == nil { // a form not opened in a dialog (tests)
		f.problem = widget.NewLabel("")
	}
	for _, e := range []*widget.Entry{f.clientID, f.secret, f.issuer} {
		e.AlwaysShowValidationError = false
		e.SetValidationError(nil)
	}
	if err == nil {
		f.problem.Hide()
		return
	}
	msg := err.Error()
	var pe *auth.ProfileError
	if errors.As(err, &pe) {
		msg = pe.Window
		field := map[string]*widget.Entry{auth.FieldClientID: f.clientID, auth.FieldClientSecret: f.secret, auth.FieldIssuer: f.issuer}[pe.Field]
		if field != nil {
			field.AlwaysShowValidationError = true
			field.SetValidationError(errors.New(msg))
			if focus != nil {
				focus(field)
			}
		}
	}
	f.problem.SetText("Not saved: " + msg)
	f.problem.Show()
}

// saveProfile validates the form and hands the profile to the workspace; a
// secret typed here is never written to the config file (config.Config.Save
// drops secrets that did not come from it). Whether the file was written
// arrives as the profile's next snapshot. It reports false when the form
// was refused: the form, still open as typed, says why above its fields.
func (u *UI) saveProfile(f *profileForm, before auth.Profile) bool {
	source := auth.SecretTyped
	switch {
	case f.register != nil && f.register.keptSecret != "" && f.secret.Text == f.register.keptSecret:
		source = auth.SecretFromKeyring // the registration put it there
	case f.secret.Text == before.ClientSecret && before.SecretSource != "":
		source = before.SecretSource
	}
	f.preset.reveal() // a preset's missing placeholder says so now
	p, err := f.profile(source)
	if err == nil && p.TLSPassword == before.TLSPassword && before.TLSPasswordSource != "" {
		p.TLSPasswordSource = before.TLSPasswordSource // from the keyring or the environment, not typed
	}
	if err != nil {
		f.showProblem(err, u.win.Canvas().Focus)
		return false
	}
	f.showProblem(nil, nil)
	if s, ok := u.ws.Snapshot(before.Name); ok && before.Name != "" && s.SaveEndsSession(p) && !f.endConfirmed {
		u.confirmEndSession(f, before)
		return false
	}
	if _, err := u.ws.SaveProfile(before.Name, p); err != nil {
		f.showProblem(err, u.win.Canvas().Focus)
		return false
	}
	if t := u.views.tryIt; t != nil && before.Name != "" && before.Name != p.Name {
		t.renameDraft(before.Name, p.Name)
	}
	u.status.info("Saving profile " + p.Name + "…")
	u.loadProfiles(p.Name)
	return true
}

// clientAuthAuto is the form's choice for no client authentication set:
// with an issuer it is picked from the provider's metadata
// (token_endpoint_auth_methods_supported), without one it is
// client_secret_post.
const clientAuthAuto = "automatic (from discovery)"

// formClientAuth is the profile's client authentication for the form's choice.
func formClientAuth(selected string) auth.ClientAuth {
	if selected = unmarked(selected); selected == clientAuthAuto {
		return ""
	}
	return auth.ClientAuth(selected)
}

// confirmEndSession asks before a save that ends the profile's session
// (a change of provider, client, scopes or grant drops its tokens): Save
// anyway saves and closes the form, Cancel goes back to it as typed.
func (u *UI) confirmEndSession(f *profileForm, before auth.Profile) {
	msg := widget.NewLabel("These changes end the session of " + before.Name + ": its tokens were issued for the old settings, so they are dropped" +
		" (and a remembered refresh token deleted from the keyring). You will need to log in again.\n\nOnly a new name or client secret keeps the session.")
	msg.Wrapping = fyne.TextWrapWord
	f.endDialog = dialog.NewCustomConfirm("Save and end the session?", "Save anyway", "Back to the form", container.NewGridWrap(fyne.NewSize(460, 130), msg), func(ok bool) {
		if !ok {
			return
		}
		f.endConfirmed = true
		if u.saveProfile(f, before) && f.dialog != nil {
			f.dialog.Hide()
		}
	}, u.win)
	f.endDialog.Show()
}
