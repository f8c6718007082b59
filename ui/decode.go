package ui

import (
	"time"

	"github.com/tokeninspector/tokeninspector/auth/check"

	"github.com/tokeninspector/tokeninspector/auth/jose"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
)

// decodeView decodes any pasted token, no login needed.
type decodeView struct {
	input *decodeInput
	// full is the input while it is too long to show in the entry
	// (showLimit): the entry is empty, large says so with Show all.
	full      string
	large     *fyne.Container
	largeText *widget.Label
	// do runs a function on the UI goroutine (Deps.Do); gen counts the
	// input's changes, so a late background decode is dropped; pending
	// is the wait for typing to pause.
	do      func(func())
	win     fyne.Window // for Show all
	gen     uint64
	pending *time.Timer
	view    *tokenView
	verify  *pastedVerify
	now     func() time.Time
	root    fyne.CanvasObject

	// Edit & sign (editsign.go) and the Attack tokens menu (attackmenu.go).
	mode       *widget.RadioGroup
	edit       *editSign
	decodePane fyne.CanvasObject
	attackBtn  *widget.Button
	attackNote *widget.Label
}

func newDecodeView(copy func(text, what string), now func() time.Time, do func(func())) *decodeView {
	v := &decodeView{now: now, do: do, view: newTokenView("Pasted token", copy)}
	v.input = newDecodeInput()
	v.input.SetPlaceHolder("Paste a token here (JWT or opaque; a leading “Bearer ” is fine)")
	v.input.SetMinRowsVisible(3)
	v.input.OnChanged = func(s string) {
		if v.full != "" && s != "" { // typed over input kept out of the entry
			v.full = ""
			v.large.Hide()
		}
		if v.input.wrapFor(len(s)) {
			v.input.Refresh()
		}
		v.decode()
	}
	v.input.onPaste = v.paste
	v.largeText = widget.NewLabel("")
	v.largeText.Truncation = fyne.TextTruncateEllipsis
	v.large = container.NewBorder(nil, nil, nil, container.NewHBox(
		widget.NewButton("Show all", v.showAll), widget.NewButton("Clear", func() { v.setInput("") })), v.largeText)
	v.large.Hide()
	v.view.setEmpty("Paste a token above to decode it. Nothing is sent anywhere until you press Verify.")
	v.verify = newPastedVerify(v)
	v.decodePane = container.NewBorder(container.NewVBox(v.input, v.large, v.verify.root), nil, nil, nil, v.view.root)
	v.edit = newEditSign(copy, now)
	v.edit.root.Hide()
	v.root = container.NewBorder(v.modeBar(), nil, nil, nil, container.NewStack(v.decodePane, v.edit.root))
	return v
}

// text is the input, whether in the entry or kept out of it.
func (v *decodeView) text() string {
	if v.full != "" {
		return v.full
	}
	return v.input.Text
}

// paste takes a paste that would make the input too long to show: it
// replaces the input, kept out of the entry. A shorter one goes into the
// entry, unwrapped first when it makes the input long.
func (v *decodeView) paste(text string) bool {
	n := len(v.input.Text) + len(text)
	if n > showLimit {
		v.setInput(text)
		return true
	}
	v.input.wrapFor(n)
	return false
}

// setInput replaces the input with text: in the entry when it is short
// enough to show, else kept out of it with a shortened line.
func (v *decodeView) setInput(text string) {
	if len(text) <= showLimit {
		v.full = ""
		v.large.Hide()
		v.input.wrapFor(len(text))
		if v.input.Text == text {
			v.decode()
		}
		v.input.SetText(text) // decodes it (OnChanged)
		return
	}
	v.full = text
	v.largeText.SetText(sizeText(len(text)) + " pasted, shown shortened: " + shortened(text))
	v.large.Show()
	if v.input.Text != "" {
		v.input.SetText("") // its OnChanged decodes v.full
		return
	}
	v.decode()
}

// showAll shows input kept out of the entry whole, read-only, in lines
// of showAllWidth characters.
func (v *decodeView) showAll() {
	text := v.full
	if len(text) > maxDecode {
		v.largeText.SetText(sizeText(len(text)) + " is too large to show or decode (a token is under " + sizeText(maxDecode) + "): Clear, then paste the token alone.")
		return
	}
	all := widget.NewLabelWithStyle(inLines(text, showAllWidth), fyne.TextAlignLeading, fyne.TextStyle{Monospace: true})
	all.Selectable = true
	scroll := container.NewScroll(all)
	scroll.SetMinSize(fyne.NewSize(900, 480))
	if v.win == nil {
		return
	}
	dialog.NewCustom("The pasted text · "+sizeText(len(text)), "Close", scroll, v.win).Show()
}

// decode decodes the input: at once when small, else off the UI
// goroutine once typing pauses; input too large to be a token is not
// decoded.
func (v *decodeView) decode() {
	text := v.text()
	v.gen++
	if v.pending != nil {
		v.pending.Stop()
		v.pending = nil
	}
	switch {
	case len(text) > maxDecode:
		v.show(jose.Decoded{Format: jose.FormatEmpty}, sizeText(len(text))+" is too large to be a token: nothing was decoded (the limit is "+sizeText(maxDecode)+"; real tokens are a few KB). Clear it and paste the token alone.")
	case len(text) <= syncLimit || v.do == nil:
		v.show(jose.UnverifiedDecode(text), "")
	default:
		gen := v.gen
		v.view.setEmpty("Decoding " + sizeText(len(text)) + "…")
		v.pending = time.AfterFunc(decodePause, func() {
			d := jose.UnverifiedDecode(text)
			v.do(func() {
				if gen == v.gen {
					v.pending = nil
					v.show(d, "")
				}
			})
		})
	}
}

// show draws a decoded input; empty says why there is nothing (or the
// usual invitation when "").
func (v *decodeView) show(d jose.Decoded, empty string) {
	v.verify.reset(d)
	if v.attackNote != nil {
		v.attackNote.Hide() // an attack's note is about the token it replaced the input with
	}
	if d.Format == jose.FormatEmpty {
		if empty == "" {
			empty = "Paste a token above to decode it. Nothing is sent anywhere until you press Verify."
		}
		v.view.setEmpty(empty)
		return
	}
	v.view.set(d, tokenLinks{}, v.now())
	if d.NotAToken == "" {
		v.view.setSignature(check.Verification{Status: check.SigNotVerifiable, Detail: "decoded, not verified: press Verify to check it"})
	}
}

func (v *decodeView) tick(now time.Time) {
	if v.view.decoded.Format != "" {
		v.view.tick(now)
	}
	if v.edit.root.Visible() && v.edit.result.decoded.Format != "" {
		v.edit.result.tick(now)
	}
}
