package ui

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"github.com/tokeninspector/tokeninspector/auth"
)

// historyView lists logins and refreshes, newest first.
type historyView struct {
	lines []string
	list  *widget.List
	root  fyne.CanvasObject
}

func newHistoryView() *historyView {
	v := &historyView{}
	v.list = widget.NewList(
		func() int { return len(v.lines) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		func(i widget.ListItemID, o fyne.CanvasObject) { o.(*widget.Label).SetText(v.lines[i]) },
	)
	v.root = v.list
	return v
}

func (v *historyView) set(events []auth.Event) {
	v.lines = v.lines[:0]
	for i := len(events) - 1; i >= 0; i-- {
		v.lines = append(v.lines, eventLine(events[i]))
	}
	if len(v.lines) == 0 {
		v.lines = append(v.lines, "No logins or refreshes yet.")
	}
	v.list.Refresh()
}

// eventLine is one history row: time, what, outcome, and what changed.
func eventLine(e auth.Event) string {
	parts := []string{e.At.Format("15:04:05"), string(e.Kind)}
	if !e.OK() {
		return strings.Join(append(parts, "✗ "+e.Err.Error()), "  ")
	}
	parts = append(parts, "✓")
	if e.AccessJTI[1] != "" {
		if e.AccessJTI[0] != "" {
			parts = append(parts, fmt.Sprintf("access %s → %s", short(e.AccessJTI[0]), short(e.AccessJTI[1])))
		} else {
			parts = append(parts, "access "+short(e.AccessJTI[1]))
		}
	}
	if e.Kind == auth.EventRefresh {
		if e.RefreshRotated {
			parts = append(parts, fmt.Sprintf("refresh rotated %s → %s", short(e.RefreshJTI[0]), short(e.RefreshJTI[1])))
		} else {
			parts = append(parts, "refresh token kept")
		}
	}
	if len(e.Changed) > 0 {
		parts = append(parts, "changed: "+strings.Join(e.Changed, ", "))
	}
	return strings.Join(parts, "  ")
}
