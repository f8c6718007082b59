package ui

// Verifying and decrypting a pasted token in the Decode view. The work
// (key files, discovery, JWKS, go-jose) is the workspace's
// (Workspace.InspectPasted); this file only collects the fields and draws
// the report that comes back.

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/tokeninspector/tokeninspector/auth/check"

	"github.com/tokeninspector/tokeninspector/auth/jose"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/tokeninspector/tokeninspector/auth/workspace"
)

// inspectFunc runs a pasted-token inspection off the UI goroutine and
// calls done on it with the report.
type inspectFunc func(req workspace.PastedRequest, done func(check.PastedReport, error))

// pastedVerify is the Decode view's "Verify or decrypt" panel.
type pastedVerify struct {
	dv      *decodeView
	inspect inspectFunc
	win     fyne.Window // for the file dialogs
	seq     int         // the inspection whose answer is awaited; older ones are dropped

	issuer, jwksURL, keyFile, secret, decryptKey *widget.Entry
	verifyBtn                                    *widget.Button
	jwe, keysFrom, outcome                       *widget.Label
	root                                         *fyne.Container
}

func newPastedVerify(dv *decodeView) *pastedVerify {
	p := &pastedVerify{dv: dv}
	entry := func(hint string) *widget.Entry {
		e := widget.NewEntry()
		e.SetPlaceHolder(hint)
		return e
	}
	p.issuer = entry("https://issuer.example.com (discovery)")
	p.jwksURL = entry("https://…/jwks.json")
	p.keyFile = entry("PEM, JWK or JWK Set file")
	p.secret = widget.NewPasswordEntry()
	p.secret.SetPlaceHolder("HS256/384/512 shared secret")
	p.decryptKey = entry("the recipient's private key or oct JWK")
	p.verifyBtn = widget.NewButtonWithIcon("Verify", theme.ConfirmIcon(), p.run)
	p.verifyBtn.Importance = widget.HighImportance
	label := func(imp widget.Importance) *widget.Label {
		l := widget.NewLabel("")
		l.Wrapping = fyne.TextWrapWord
		l.Importance = imp
		l.Hide()
		return l
	}
	p.jwe = label(widget.MediumImportance)
	p.keysFrom = label(widget.LowImportance)
	p.outcome = label(widget.MediumImportance)

	hint := widget.NewLabel("Without a key, the key comes from the token's own iss (OpenID discovery, then RFC 8414). Keys in the token's header are never trusted.")
	hint.Wrapping = fyne.TextWrapWord
	hint.Importance = widget.LowImportance
	// One form per column: the fields of a column start at one x.
	form := container.NewGridWithColumns(2,
		container.New(layout.NewFormLayout(),
			widget.NewLabel("Issuer URL"), p.issuer,
			widget.NewLabel("Key file"), p.fileField(p.keyFile, "key file"),
			widget.NewLabel("JWE key file"), p.fileField(p.decryptKey, "decryption key")),
		container.New(layout.NewFormLayout(),
			widget.NewLabel("JWKS URL"), p.jwksURL,
			widget.NewLabel("HMAC secret"), p.secret,
			layout.NewSpacer(), container.NewBorder(nil, nil, nil, p.verifyBtn)),
	)
	acc := widget.NewAccordion(widget.NewAccordionItem("Verify or decrypt", container.NewVBox(form, hint)))
	acc.Open(0)
	p.root = container.NewVBox(acc, p.jwe, p.outcome, p.keysFrom)
	return p
}

// fileField is a path entry with a Browse button.
func (p *pastedVerify) fileField(e *widget.Entry, what string) fyne.CanvasObject {
	browse := widget.NewButtonWithIcon("", theme.FolderOpenIcon(), func() {
		if p.win == nil {
			return
		}
		dialog.ShowFileOpen(func(r fyne.URIReadCloser, err error) {
			if err != nil || r == nil {
				return
			}
			r.Close() // the workspace reads the file; only its path is kept here
			e.SetText(r.URI().Path())
		}, p.win)
	})
	return container.NewBorder(nil, nil, nil, browse, e)
}

// reset forgets the last answer: the pasted text changed. A JWE's header
// is shown at once (it is readable without a key).
func (p *pastedVerify) reset(d jose.Decoded) {
	p.seq++
	p.outcome.Hide()
	p.keysFrom.Hide()
	p.dv.view.heading.SetText(p.dv.view.title)
	p.dv.view.checks.set(nil)
	if d.IsJWE() {
		showText(p.jwe, jweText(d, nil, nil)+" — give the recipient's key file (JWE key file) and press Verify to read it.", true)
	} else {
		p.jwe.Hide()
	}
}

// request reads the fields.
func (p *pastedVerify) request() workspace.PastedRequest {
	return workspace.PastedRequest{
		Token: p.dv.text(), Verify: true,
		Issuer: p.issuer.Text, JWKSURL: p.jwksURL.Text, KeyFile: p.keyFile.Text,
		Secret: p.secret.Text, DecryptKeyFile: p.decryptKey.Text,
	}
}

// run asks the workspace to verify (and decrypt) the pasted token.
func (p *pastedVerify) run() {
	if strings.TrimSpace(p.dv.text()) == "" {
		p.say("Paste a token first.", widget.WarningImportance)
		return
	}
	if p.inspect == nil {
		p.say("Verification is not available here.", widget.WarningImportance)
		return
	}
	p.seq++
	seq := p.seq
	p.say("Verifying…", widget.LowImportance)
	p.dv.view.setSignature(check.Verification{Detail: "being checked…"})
	p.inspect(p.request(), func(r check.PastedReport, err error) {
		if seq != p.seq {
			return // the token or the fields changed meanwhile
		}
		p.show(r, err)
	})
}

func (p *pastedVerify) say(text string, imp widget.Importance) {
	p.outcome.Importance = imp
	showText(p.outcome, text, text != "")
}

// show draws an inspection's report: the JWE header, the nested token
// when one was decrypted, its signature, its checks and where the keys
// came from.
func (p *pastedVerify) show(r check.PastedReport, err error) {
	v := p.dv.view
	shown := r
	if r.Decoded.Format != jose.FormatEmpty && v.decoded.Raw != r.Decoded.Raw {
		v.set(r.Decoded, tokenLinks{}, p.dv.now()) // back from a nested token
	}
	v.heading.SetText(v.title)
	if r.Decoded.IsJWE() {
		showText(p.jwe, jweText(r.Decoded, r.Decryption, r.DecryptErr), true)
		if r.Inner != nil {
			shown = *r.Inner
			v.set(shown.Decoded, tokenLinks{}, p.dv.now())
			v.heading.SetText("Nested token")
		}
	}
	if err != nil {
		p.say("Not verified: "+err.Error(), widget.DangerImportance)
	} else {
		p.outcome.Hide()
	}
	res := shown.Result
	if res == nil {
		if err == nil && r.DecryptErr == nil {
			v.setSignature(check.Verification{Status: check.SigNotVerifiable, Detail: "nothing to verify"})
		} else {
			v.setSignature(check.Verification{Status: check.SigNotVerifiable, Detail: "not verified"})
		}
		v.checks.set(nil)
		p.keysFrom.Hide()
		return
	}
	v.setSignature(res.Signature)
	v.checks.set(&res.Report)
	switch {
	case res.JWKSURL != "" && res.MetadataURL != "":
		showText(p.keysFrom, fmt.Sprintf("Keys from %s, published by issuer %s (metadata %s).", res.JWKSURL, res.Issuer, res.MetadataURL), true)
	case res.JWKSURL != "":
		showText(p.keysFrom, "Keys from "+res.JWKSURL+".", true)
	default:
		p.keysFrom.Hide()
	}
}

// jweText is one line on an encrypted token: its protected header and
// whether it was opened.
func jweText(d jose.Decoded, dec *jose.Decryption, decErr error) string {
	alg, enc, kid, cty := jose.JWEHeader(d)
	parts := []string{"Encrypted token (JWE)", "alg " + orDash(alg), "enc " + orDash(enc)}
	if kid != "" {
		parts = append(parts, "kid "+kid)
	}
	if cty != "" {
		parts = append(parts, "cty "+cty)
	}
	s := strings.Join(parts, " · ")
	switch {
	case decErr != nil:
		return s + " — not decrypted: " + decErr.Error()
	case dec != nil && dec.Inner != nil:
		return s + " — decrypted: the nested token is shown below."
	case dec != nil:
		return fmt.Sprintf("%s — decrypted: %d bytes that are not a token (not shown: they may be a secret).", s, len(dec.Plaintext))
	}
	return s
}

// connectPasted wires the Decode view to the workspace: inspections run
// there, and their answers come back on the UI goroutine.
func (u *UI) connectPasted() {
	p := u.views.decode.verify // called by decodeView as it builds the view
	p.win = u.win
	p.inspect = func(req workspace.PastedRequest, done func(check.PastedReport, error)) {
		if kf := strings.TrimSpace(req.KeyFile); kf != "" && u.deps.Logf != nil {
			u.deps.Logf("verifying a pasted token with key file %s", filepath.Base(kf))
		}
		u.ws.InspectPasted(req, func(r check.PastedReport, err error) {
			u.deps.Do(func() { done(r, err) })
		})
	}
}
