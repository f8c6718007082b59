package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// claimTable is a claims table where a click selects a row and a
// double-click copies its value: copying is always something the user
// asked for (double-click, Ctrl+C, Copy value), never a side effect of
// selecting, so a click never replaces what Refresh put on the clipboard.
type claimTable struct {
	widget.Table
	onDoubleTap func() // copies the selected row's value
	// fixed are the widths of the columns that keep theirs (by column);
	// rest is the column that takes the rest of a wider table (-1: none).
	fixed map[int]float32
	rest  int
	min   float32 // the rest column's narrowest width
	// widths are the widths set by fill, by column.
	widths map[int]float32
}

func newClaimTable(length func() (int, int), create func() fyne.CanvasObject, update func(widget.TableCellID, fyne.CanvasObject)) *claimTable {
	t := &claimTable{}
	t.Length, t.CreateCell, t.UpdateCell = length, create, update
	t.ShowHeaderRow = true
	t.rest = -1
	t.ExtendBaseWidget(t)
	return t
}

// DoubleTapped selects the row under the pointer, as a click would, and
// copies its value.
func (t *claimTable) DoubleTapped(e *fyne.PointEvent) {
	t.Table.Tapped(e)
	if t.onDoubleTap != nil {
		t.onDoubleTap()
	}
}

// fill gives column rest what the fixed columns leave of the table's
// width, never less than min: a wide window widens the values, not empty
// space after the last column.
func (t *claimTable) fill(rest int, min float32, fixed map[int]float32) {
	t.rest, t.min, t.fixed = rest, min, fixed
	for c, w := range fixed {
		t.setWidth(c, w)
	}
	t.setWidth(rest, min)
}

func (t *claimTable) setWidth(col int, w float32) {
	if t.widths == nil {
		t.widths = map[int]float32{}
	}
	t.widths[col] = w
	t.SetColumnWidth(col, w)
}

// Resize lays the table out at s and widens the rest column to fit.
func (t *claimTable) Resize(s fyne.Size) {
	t.Table.Resize(s)
	if t.rest < 0 {
		return
	}
	used := theme.ScrollBarSize() + 2*theme.Padding() // the vertical bar and the cells' separators
	for _, w := range t.fixed {
		used += w + theme.SeparatorThicknessSize()
	}
	t.setWidth(t.rest, max(t.min, s.Width-used))
}
