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
	colors := lifetimeBarColors(th, v, toneColor(b.tone))
	radius := th.Size(theme.SizeNameInputRadius)
	b.back.FillColor = colors.back
	b.back.CornerRadius = radius
	b.bar.FillColor = colors.bar
	b.bar.CornerRadius = radius
	b.text.Color = colors.text
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

// barColors are the lifetime bar's two fills and its text.
type barColors struct{ bar, back, text color.Color }

// onColor is the text colour made for a fill of the theme colour fill.
func onColor(fill fyne.ThemeColorName) fyne.ThemeColorName {
	switch fill {
	case theme.ColorNameSuccess:
		return theme.ColorNameForegroundOnSuccess
	case theme.ColorNameWarning:
		return theme.ColorNameForegroundOnWarning
	case theme.ColorNameError:
		return theme.ColorNameForegroundOnError
	}
	return theme.ColorNameForegroundOnPrimary
}

// lifetimeBarColors are the filled part (the tone's colour fill), the
// text over it (the colour the theme makes for that fill) and the empty
// part: the fill moved 45 % away from the text's colour (darker under
// light text, lighter under dark text), not faded, so the text over both
// keeps its contrast (a faded blue under white text does not).
func lifetimeBarColors(th fyne.Theme, v fyne.ThemeVariant, fill fyne.ThemeColorName) barColors {
	p := color.NRGBAModel.Convert(th.Color(fill, v)).(color.NRGBA)
	text := th.Color(onColor(fill), v)
	toward := uint8(0) // black, under light text
	if luminance(text) < 0.5 {
		toward = 0xff
	}
	mix := func(x uint8) uint8 { return uint8(float64(x)*0.55 + float64(toward)*0.45) }
	return barColors{bar: p, back: color.NRGBA{R: mix(p.R), G: mix(p.G), B: mix(p.B), A: p.A}, text: text}
}
