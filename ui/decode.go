package ui

import (
	"time"

	"github.com/tokeninspector/tokeninspector/auth/check"

	"github.com/tokeninspector/tokeninspector/auth/jose"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// decodeView decodes any pasted token, no login needed.
type decodeView struct {
	input  *widget.Entry
	view   *tokenView
	verify *pastedVerify
	now    func() time.Time
	root   fyne.CanvasObject

	// Edit & sign (editsign.go) and the Attack tokens menu (attackmenu.go).
	mode       *widget.RadioGroup
	edit       *editSign
	decodePane fyne.CanvasObject
	attackBtn  *widget.Button
	attackNote *widget.Label
}

func newDecodeView(copy func(text, what string), now func() time.Time) *decodeView {
	v := &decodeView{now: now, view: newTokenView("Pasted token", copy)}
	v.input = widget.NewMultiLineEntry()
	v.input.SetPlaceHolder("Paste a token here (JWT or opaque; a leading “Bearer ” is fine)")
	v.input.Wrapping = fyne.TextWrapBreak
	v.input.SetMinRowsVisible(3)
	v.input.OnChanged = func(string) { v.decode() }
	v.view.setEmpty("Paste a token above to decode it. Nothing is sent anywhere until you press Verify.")
	v.verify = newPastedVerify(v)
	v.decodePane = container.NewBorder(container.NewVBox(v.input, v.verify.root), nil, nil, nil, v.view.root)
	v.edit = newEditSign(copy, now)
	v.edit.root.Hide()
	v.root = container.NewBorder(v.modeBar(), nil, nil, nil, container.NewStack(v.decodePane, v.edit.root))
	return v
}

func (v *decodeView) decode() {
	d := jose.UnverifiedDecode(v.input.Text)
	v.verify.reset(d)
	if v.attackNote != nil {
		v.attackNote.Hide() // an attack's note is about the token it replaced the input with
	}
	if d.Format == jose.FormatEmpty {
		v.view.setEmpty("Paste a token above to decode it. Nothing is sent anywhere until you press Verify.")
		return
	}
	v.view.set(d, tokenLinks{}, v.now())
	v.view.setSignature(check.Verification{Status: check.SigNotVerifiable, Detail: "decoded, not verified: press Verify to check it"})
}

func (v *decodeView) tick(now time.Time) {
	if v.view.decoded.Format != "" {
		v.view.tick(now)
	}
	if v.edit.root.Visible() && v.edit.result.decoded.Format != "" {
		v.edit.result.tick(now)
	}
}
