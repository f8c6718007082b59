package ui

import (
	"image/color"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// historyItem draws list row i as the list would and returns its label
// and background.
func historyItem(v *historyView, i int) (*widget.Label, *canvas.Rectangle) {
	o := v.list.CreateItem()
	v.list.UpdateItem(i, o)
	return historyRowParts(o)
}

// A failed entry is a red row that names its error once; picked entries
// are highlighted, not only bold; a diff's token sections count changes in
// words ("3 changed"); the hint is drawn as ordinary text.
func TestHistoryRowsLook(t *testing.T) {
	h := newHarness(t, nil)
	h.login()
	h.advance(30 * time.Second)
	test.Tap(h.u.bar.refresh)
	h.settle()
	h.failRefreshes("down")
	test.Tap(h.u.bar.refresh)
	h.settle()
	v := h.u.views.history

	failed, _ := historyItem(v, 0)
	if failed.Importance != widget.DangerImportance {
		t.Errorf("failed row importance %v, want danger (red)", failed.Importance)
	}
	if n := strings.Count(failed.Text, "503"); n != 1 {
		t.Errorf("failed row %q names the status %d times, want once", failed.Text, n)
	}
	if ok, _ := historyItem(v, 1); ok.Importance == widget.DangerImportance {
		t.Errorf("a successful row is red: %q", ok.Text)
	}

	v.list.Select(2)
	v.list.Select(1)
	for i, want := range []bool{false, true, true} {
		_, bg := historyItem(v, i)
		if picked := bg.FillColor != nil && bg.FillColor != color.Transparent && !bg.Hidden; picked != want {
			t.Errorf("row %d highlighted %v, want %v", i, picked, want)
		}
	}
	var section string
	for _, r := range v.detail.rows {
		if r.Section {
			section = r.Change
			break
		}
	}
	if strings.ContainsAny(section, "+−~") || !strings.Contains(section, "changed") {
		t.Errorf("section change count %q, want words such as \"3 changed\"", section)
	}
	if v.hint.Importance == widget.LowImportance {
		t.Error("the hint is drawn faint (low importance)")
	}
}
