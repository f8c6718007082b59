package ui

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/tokeninspector/tokeninspector/auth"
)

// decodeView decodes any pasted token, no login needed.
type decodeView struct {
	input *widget.Entry
	view  *tokenView
	now   func() time.Time
	root  fyne.CanvasObject
}

func newDecodeView(copy func(text, what string), now func() time.Time) *decodeView {
	v := &decodeView{now: now, view: newTokenView("Pasted token", copy)}
	v.input = widget.NewMultiLineEntry()
	v.input.SetPlaceHolder("Paste a token here (JWT or opaque; a leading “Bearer ” is fine)")
	v.input.Wrapping = fyne.TextWrapBreak
	v.input.SetMinRowsVisible(3)
	v.input.OnChanged = func(string) { v.decode() }
	v.view.setEmpty("Paste a token above to decode it. Nothing is sent anywhere.")
	v.root = container.NewBorder(v.input, nil, nil, nil, v.view.root)
	return v
}

func (v *decodeView) decode() {
	d := auth.UnverifiedDecode(v.input.Text)
	if d.Format == auth.FormatEmpty {
		v.view.setEmpty("Paste a token above to decode it. Nothing is sent anywhere.")
		return
	}
	v.view.set(d, tokenLinks{}, v.now())
	v.view.setSignature(auth.Verification{Status: auth.SigNotVerifiable, Detail: "pasted tokens are decoded, not verified"})
}

func (v *decodeView) tick(now time.Time) {
	if v.view.decoded.Format != "" {
		v.view.tick(now)
	}
}
