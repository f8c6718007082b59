package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// liveText is one line of text that changes every second: a countdown.
// Fyne has no widget for it: a widget.Label's SetText refreshes its whole
// renderer (rich-text segments, a new text shaping for the minimum size,
// a layout) and a widget.Button's re-reads and re-rasterises its icon, so
// a countdown in either costs thousands of allocations a tick. Setting a
// liveText changes its canvas.Text and repaints that object alone.
//
// Its minimum size is measured on the text's shape — every digit as "0" —
// so "1:59" and "1:58" share one measurement (Fyne caches measurements per
// string) and the layout around it changes only when the shape does
// ("10:00" → "9:59"). The digits of Fyne's fonts are all one width.
type liveText struct {
	widget.BaseWidget

	// Text and Importance are what shows (read them; set with Set).
	Text       string
	Importance widget.Importance
	// onPrimary draws the text in the colour for a primary-coloured
	// background (the selected entry of the side navigation).
	onPrimary bool

	style    fyne.TextStyle
	sizeName fyne.ThemeSizeName
	text     *canvas.Text
	shape    []byte // Text with its digits as '0', as last measured
	min      fyne.Size
}

// newLiveText is an empty line in style at the theme size sizeName
// (theme.SizeNameText or theme.SizeNameCaptionText).
func newLiveText(style fyne.TextStyle, sizeName fyne.ThemeSizeName) *liveText {
	t := &liveText{style: style, sizeName: sizeName, Importance: widget.MediumImportance}
	t.text = canvas.NewText("", color.Transparent)
	t.text.TextStyle = style
	t.ExtendBaseWidget(t)
	t.applyTheme()
	return t
}

// Set shows text in the colour of imp; an unchanged text costs nothing.
func (t *liveText) Set(text string, imp widget.Importance) {
	if text == t.Text && imp == t.Importance {
		return
	}
	if imp != t.Importance {
		t.Importance = imp
		t.text.Color = t.color()
	}
	t.Text = text
	t.text.Text = text
	if t.reshape(text) {
		t.Refresh() // measures the new shape; the parent lays out again
		return
	}
	canvas.Refresh(t.text)
}

// setOnPrimary switches to (or from) the colour for a primary background.
func (t *liveText) setOnPrimary(on bool) {
	if t.onPrimary == on {
		return
	}
	t.onPrimary = on
	t.text.Color = t.color()
	canvas.Refresh(t.text)
}

// reshape records text's shape and reports whether it changed.
func (t *liveText) reshape(text string) bool {
	same := len(text) == len(t.shape)
	for i := 0; same && i < len(text); i++ {
		same = digitAsZero(text[i]) == t.shape[i]
	}
	if same {
		return false
	}
	t.shape = t.shape[:0]
	for i := 0; i < len(text); i++ {
		t.shape = append(t.shape, digitAsZero(text[i]))
	}
	return true
}

func digitAsZero(b byte) byte {
	if b >= '0' && b <= '9' {
		return '0'
	}
	return b
}

// measure sets the minimum size from the text's shape, with a label's
// padding so the line sits level with the labels beside it.
func (t *liveText) measure() {
	pad := t.Theme().Size(theme.SizeNameInnerPadding)
	s := fyne.MeasureText(string(t.shape), t.text.TextSize, t.style)
	t.min = fyne.NewSize(s.Width+2*pad, s.Height+2*pad)
}

// color is the theme colour of the text's importance.
func (t *liveText) color() color.Color {
	name := theme.ColorNameForeground
	switch {
	case t.onPrimary:
		name = theme.ColorNameForegroundOnPrimary
	case t.Importance == widget.SuccessImportance:
		name = theme.ColorNameSuccess
	case t.Importance == widget.WarningImportance:
		name = theme.ColorNameWarning
	case t.Importance == widget.DangerImportance:
		name = theme.ColorNameError
	case t.Importance == widget.LowImportance:
		name = theme.ColorNameDisabled
	}
	return t.Theme().Color(name, fyne.CurrentApp().Settings().ThemeVariant())
}

// applyTheme takes the size and colour from the theme (at start and when
// the theme changes).
func (t *liveText) applyTheme() {
	t.text.TextSize = t.Theme().Size(t.sizeName)
	t.text.Color = t.color()
	t.shape = t.shape[:0]
	t.reshape(t.Text)
	t.measure()
}

// CreateRenderer is part of fyne.Widget.
func (t *liveText) CreateRenderer() fyne.WidgetRenderer { return &liveTextRenderer{t: t} }

type liveTextRenderer struct{ t *liveText }

func (r *liveTextRenderer) Layout(size fyne.Size) {
	pad := r.t.Theme().Size(theme.SizeNameInnerPadding)
	r.t.text.Move(fyne.NewPos(pad, (size.Height-r.t.min.Height)/2+pad))
	r.t.text.Resize(fyne.NewSize(max(0, size.Width-2*pad), r.t.min.Height-2*pad))
}

func (r *liveTextRenderer) MinSize() fyne.Size { return r.t.min }

func (r *liveTextRenderer) Refresh() {
	r.t.applyTheme()
	r.Layout(r.t.Size())
	canvas.Refresh(r.t.text)
}

func (r *liveTextRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.t.text} }

func (r *liveTextRenderer) Destroy() {}
