package ui

import (
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/tokeninspector/tokeninspector/auth"
	"github.com/tokeninspector/tokeninspector/auth/workspace"
)

// registerFields are the profile form's "Register a client" button (RFC
// 7591 dynamic registration, run by the workspace) and what the provider
// answered: the client's issue time and its secret's expiry.
type registerFields struct {
	button *widget.Button
	info   *widget.Label
	// issuedAt and secretExpiresAt go into the saved profile.
	issuedAt, secretExpiresAt int64
	// keptSecret is the registered secret the keyring holds already.
	keptSecret string
}

func (u *UI) newRegisterFields(f *profileForm, p auth.Profile) *registerFields {
	r := &registerFields{info: widget.NewLabel(registrationText(p.ClientIDIssuedAt, p.ClientSecretExpiresAt)),
		issuedAt: p.ClientIDIssuedAt, secretExpiresAt: p.ClientSecretExpiresAt}
	r.info.Wrapping = fyne.TextWrapWord
	r.button = widget.NewButton("Register a client", func() { u.registerFromForm(f) })
	return r
}

func (r *registerFields) item() *widget.FormItem {
	it := widget.NewFormItem("Dynamic registration", container.NewVBox(r.button, r.info))
	it.HintText = "registers a native client with the loopback redirect (RFC 7591)"
	return it
}

// apply writes the registration's times into p.
func (r *registerFields) apply(p *auth.Profile) {
	p.ClientIDIssuedAt, p.ClientSecretExpiresAt = r.issuedAt, r.secretExpiresAt
}

// registerFromForm registers the profile the form describes and fills in
// the client it got; Save keeps it.
func (u *UI) registerFromForm(f *profileForm) {
	p, err := f.read(auth.SecretTyped)
	if err != nil {
		u.status.failure(fmt.Errorf("cannot register: %w", err), false, false)
		return
	}
	f.register.button.Disable()
	f.register.info.SetText("Registering at " + p.Issuer + "…")
	u.ws.RegisterClient(p, func(res workspace.RegisterResult, err error) {
		u.deps.Do(func() {
			f.register.button.Enable()
			if err != nil {
				f.register.info.SetText(err.Error())
				u.status.failure(err, false, false)
				return
			}
			reg := res.Registration
			f.clientID.SetText(reg.ClientID)
			f.clientAuth.SetSelected(reg.AuthMethod)
			f.secret.SetText(reg.ClientSecret)
			if res.SecretKept {
				f.register.keptSecret = reg.ClientSecret
			}
			f.register.issuedAt, f.register.secretExpiresAt = reg.ClientIDIssuedAt, reg.ClientSecretExpiresAt
			lines := []string{"Registered " + reg.ClientID + " (" + reg.AuthMethod + ") at " + reg.Endpoint + ".",
				registrationText(reg.ClientIDIssuedAt, reg.ClientSecretExpiresAt)}
			switch {
			case res.SecretKept:
				lines = append(lines, "The client secret is in the keyring.")
			case res.KeyringErr != nil:
				lines = append(lines, "The client secret could not be kept in the keyring ("+res.KeyringErr.Error()+"): it lasts for this session.")
			}
			f.register.info.SetText(strings.Join(lines, "\n"))
			u.status.success("Registered client " + reg.ClientID + ": save the profile to keep it.")
		})
	})
}

// registrationText shows client_id_issued_at and client_secret_expires_at.
func registrationText(issuedAt, secretExpiresAt int64) string {
	if issuedAt == 0 {
		return ""
	}
	exp := "never"
	if secretExpiresAt > 0 {
		exp = time.Unix(secretExpiresAt, 0).UTC().Format(time.RFC3339)
	}
	return "client_id_issued_at " + time.Unix(issuedAt, 0).UTC().Format(time.RFC3339) + " · client_secret_expires_at " + exp
}
