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

// tlsFields are the profile form's TLS client certificate (RFC 8705): the
// certificate and key files, a PKCS#12 file's password, and what the
// certificate says (subject, issuer, expiry) with a warning before it
// expires.
type tlsFields struct {
	cert, key, password *widget.Entry
	info, warning       *widget.Label
	root                *widget.FormItem
	describe            func(cert, key, password string) (workspace.CertificateInfo, error)
}

func newTLSFields(p auth.Profile, describe func(cert, key, password string) (workspace.CertificateInfo, error)) *tlsFields {
	t := &tlsFields{cert: widget.NewEntry(), key: widget.NewEntry(), password: widget.NewPasswordEntry(),
		info: widget.NewLabel(""), warning: widget.NewLabel(""), describe: describe}
	t.cert.SetText(p.TLSCert)
	t.cert.SetPlaceHolder("client certificate: PEM file, or PKCS#12 (.p12) (mutual TLS, RFC 8705)")
	t.key.SetText(p.TLSKey)
	t.key.SetPlaceHolder("its private key (PEM); empty for PKCS#12 or a key inside the certificate file")
	t.password.SetText(p.TLSPassword)
	t.password.SetPlaceHolder("PKCS#12 password (kept in the keyring with Remember; $" + auth.TLSPasswordEnvVar + " also works)")
	t.info.Wrapping = fyne.TextWrapWord
	t.warning.Wrapping = fyne.TextWrapWord
	t.warning.Importance = widget.DangerImportance
	for _, e := range []*widget.Entry{t.cert, t.key, t.password} {
		e.OnChanged = func(string) { t.refresh() }
	}
	t.refresh()
	return t
}

func (t *tlsFields) items() []*widget.FormItem {
	return []*widget.FormItem{
		widget.NewFormItem("TLS client certificate", t.cert),
		widget.NewFormItem("TLS client key", t.key),
		widget.NewFormItem("PKCS#12 password", t.password),
		widget.NewFormItem("Certificate", container.NewVBox(t.info, t.warning)),
	}
}

// refresh describes the certificate the fields name, or says why it
// cannot be read.
func (t *tlsFields) refresh() {
	certFile := strings.TrimSpace(t.cert.Text)
	t.warning.SetText("")
	if certFile == "" || t.describe == nil {
		t.info.SetText("none: no certificate is presented")
		return
	}
	ci, err := t.describe(certFile, strings.TrimSpace(t.key.Text), t.password.Text)
	if err != nil {
		t.info.SetText("")
		t.warning.SetText("cannot use it: " + err.Error())
		return
	}
	kind := "issued by " + ci.Issuer
	if ci.SelfSigned {
		kind = "self-signed"
	}
	t.info.SetText(fmt.Sprintf("subject %s\n%s\nvalid %s – %s (UTC)\nx5t#S256 %s", ci.Subject, kind,
		ci.NotBefore.UTC().Format(time.DateTime), ci.NotAfter.UTC().Format(time.DateTime), ci.Thumbprint))
	if ci.Warning != "" {
		t.warning.SetText("⚠ " + ci.Warning)
	}
}

// apply writes the fields into p.
func (t *tlsFields) apply(p *auth.Profile) {
	p.TLSCert, p.TLSKey = strings.TrimSpace(t.cert.Text), strings.TrimSpace(t.key.Text)
	p.TLSPassword = t.password.Text
}
