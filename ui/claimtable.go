package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// claimTable is a claims table where a click selects a row and a
// double-click copies its value: copying is always something the user
// asked for (double-click, Ctrl+C, Copy value), never a side effect of
// selecting, so a click never replaces what Refresh put on the clipboard.
type claimTable struct {
	widget.Table
	onDoubleTap func() // copies the selected row's value
}

func newClaimTable(length func() (int, int), create func() fyne.CanvasObject, update func(widget.TableCellID, fyne.CanvasObject)) *claimTable {
	t := &claimTable{}
	t.Length, t.CreateCell, t.UpdateCell = length, create, update
	t.ShowHeaderRow = true
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
