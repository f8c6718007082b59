package ui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// Decode's verify fields start at one x per column; Compare's column
// titles are shortened to their column instead of running into the next.
func TestDecodeVerifyFieldsAlignAndCompareTitlesFit(t *testing.T) {
	h := newHarness(t, nil)
	h.u.win.Resize(fyne.NewSize(1100, 680))
	h.u.views.tabs.Select(h.u.views.tabDecode)
	p := h.u.decodeView().verify
	x := func(o fyne.CanvasObject) float32 {
		return fyne.CurrentApp().Driver().AbsolutePositionForObject(o).X
	}
	if a, b, c := x(p.issuer), x(p.keyFile), x(p.decryptKey); a != b || b != c {
		t.Errorf("first column fields start at x %.0f, %.0f, %.0f", a, b, c)
	}
	if a, b := x(p.jwksURL), x(p.secret); a != b {
		t.Errorf("second column fields start at x %.0f, %.0f", a, b)
	}
	hd := newDiffView().table.CreateHeader().(*widget.Label)
	if hd.Truncation != fyne.TextTruncateEllipsis {
		t.Error("Compare's column titles are not shortened to their column")
	}
}
