package ui

import (
	"image/color"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/tokeninspector/tokeninspector/auth/workspace"
)

// lifetimeBar shows the part of a token's lifetime left, in whole percent:
// a bar and "73% of lifetime left" on it. It is our own rather than a
// widget.ProgressBar because that one formats and measures its text on
// every MinSize (each frame) and refreshes itself whole — both rectangles
// and the text — for any change; here a change of percent moves one
// rectangle and sets one text, and nothing else changes between them.
type lifetimeBar struct {
	widget.BaseWidget

	percent int // what shows, 0..100; -1 before the first value
	// tone is the token's standing's colour family (workspace.Standing):
	// the bar is drawn in it, as the countdown beside it is.
	tone workspace.Tone
	back *canvas.Rectangle
	bar  *canvas.Rectangle
	text *canvas.Text
	min  fyne.Size
}

func newLifetimeBar() *lifetimeBar {
	b := &lifetimeBar{percent: -1, back: canvas.NewRectangle(color.Transparent),
		bar: canvas.NewRectangle(color.Transparent), text: canvas.NewText("", color.Transparent)}
	b.text.Alignment = fyne.TextAlignCenter
	b.ExtendBaseWidget(b)
	b.applyTheme()
	return b
}

// SetFraction shows fraction (0..1) of the lifetime left; a fraction that
// rounds to the percent shown costs nothing.
func (b *lifetimeBar) SetFraction(fraction float64) {
	p := int(fraction*100 + 0.5)
	p = min(100, max(0, p))
	if p == b.percent {
		return
	}
	b.percent = p
	var buf [32]byte
	b.text.Text = string(append(strconv.AppendInt(buf[:0], int64(p), 10), "% of lifetime left"...))
	b.layoutBar(b.Size())
	canvas.Refresh(b.bar)
	canvas.Refresh(b.back)
	canvas.Refresh(b.text)
}

// SetTone colours the bar as the token's standing (good, warning, bad;
// neutral: the primary colour); the same tone costs nothing.
func (b *lifetimeBar) SetTone(t workspace.Tone) {
	if t == b.tone {
		return
	}
	b.tone = t
	b.applyTheme()
	canvas.Refresh(b.bar)
	canvas.Refresh(b.back)
	canvas.Refresh(b.text)
}

// Tone is the colour family the bar is drawn in.
func (b *lifetimeBar) Tone() workspace.Tone { return b.tone }

// Percent is the lifetime left as shown.
func (b *lifetimeBar) Percent() int { return b.percent }

func (b *lifetimeBar) layoutBar(size fyne.Size) {
	f := float32(max(0, b.percent)) / 100
	b.bar.Resize(fyne.NewSize(size.Width*f, size.Height))
	b.bar.Hidden = f == 0
	b.back.Hidden = f == 1
}

func (b *lifetimeBar) applyTheme() {
	th := b.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	primary := th.Color(toneColor(b.tone), v)
	radius := th.Size(theme.SizeNameInputRadius)
	r, g, bl, a := primary.RGBA()
	b.back.FillColor = color.NRGBA{R: uint8(r >> 8), G: uint8(g >> 8), B: uint8(bl >> 8), A: uint8(a>>8) / 2}
	b.back.CornerRadius = radius
	b.bar.FillColor = primary
	b.bar.CornerRadius = radius
	b.text.Color = th.Color(theme.ColorNameForegroundOnPrimary, v)
	b.text.TextSize = th.Size(theme.SizeNameText)
	pad := th.Size(theme.SizeNameInnerPadding) * 2
	b.min = fyne.MeasureText("100% of lifetime left", b.text.TextSize, b.text.TextStyle).AddWidthHeight(pad, pad)
}

// CreateRenderer is part of fyne.Widget.
func (b *lifetimeBar) CreateRenderer() fyne.WidgetRenderer { return &lifetimeBarRenderer{b: b} }

type lifetimeBarRenderer struct{ b *lifetimeBar }

func (r *lifetimeBarRenderer) Layout(size fyne.Size) {
	r.b.back.Resize(size)
	r.b.text.Resize(size)
	r.b.layoutBar(size)
}

func (r *lifetimeBarRenderer) MinSize() fyne.Size { return r.b.min }

func (r *lifetimeBarRenderer) Refresh() {
	r.b.applyTheme()
	r.Layout(r.b.Size())
	canvas.Refresh(r.b.back)
	canvas.Refresh(r.b.bar)
	canvas.Refresh(r.b.text)
}

func (r *lifetimeBarRenderer) Objects() []fyne.CanvasObject {
	return []fyne.CanvasObject{r.b.back, r.b.bar, r.b.text}
}

func (r *lifetimeBarRenderer) Destroy() {}
