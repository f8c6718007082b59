package ui

import (
	"fmt"
	"image/color"
	"slices"
	"strings"
	"time"

	"github.com/tokeninspector/tokeninspector/auth/history"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// historyView is the timeline of a profile's logins, refreshes,
// exchanges, revocations and failures, newest first. Selecting an entry
// shows the token set it produced; selecting a second shows the two side
// by side as a claim diff. Rows are formatted when the list shows them,
// so a draw costs the rows in view, not the whole history.
type historyView struct {
	events []history.Event // oldest first, as in the snapshot (shared: never written)
	start  uint64          // the snapshot's HistoryStart: events[i] is entry start+i
	picked []uint64        // entry numbers (start+i), in the order picked (at most 2)
	shown  []uint64        // the picks the detail pane shows

	list    *widget.List
	hint    *widget.Label
	export  *widget.Button
	clear   *widget.Button
	detail  *diffView
	root    fyne.CanvasObject
	onPick  func() // tests and the window follow selections
	profile string
}

// noHistory is the one row of an empty timeline.
const noHistory = "No logins or refreshes yet."

func newHistoryView(onExport func()) *historyView {
	v := &historyView{detail: newDiffView()}
	v.list = widget.NewList(
		func() int { return max(1, len(v.events)) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			bg := canvas.NewRectangle(color.Transparent)
			bg.Hide()
			return container.NewStack(bg, l)
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			l, bg := historyRowParts(o)
			ev := v.eventIndex(i)
			picked := v.isPicked(ev)
			// A picked entry is highlighted (and bold), as a selection is.
			if picked != bg.Visible() {
				if picked {
					th, variant := currentTheme()
					bg.FillColor = th.Color(theme.ColorNameSelection, variant)
					bg.Show()
				} else {
					bg.Hide()
				}
			}
			imp := widget.MediumImportance
			if ev >= 0 && ev < len(v.events) && !v.events[ev].OK() {
				imp = widget.DangerImportance // a failure reads red
			}
			text := v.row(i)
			if text == l.Text && picked == l.TextStyle.Bold && imp == l.Importance {
				return // a label refresh shapes its text again
			}
			l.Text, l.TextStyle.Bold, l.Importance = text, picked, imp
			l.Refresh()
		},
	)
	v.list.OnSelected = func(i widget.ListItemID) {
		v.pick(v.eventIndex(i))
		v.list.UnselectAll()
	}
	v.hint = widget.NewLabel("")
	v.hint.Wrapping = fyne.TextWrapWord
	v.export = widget.NewButtonWithIcon("Export JSON…", theme.DocumentSaveIcon(), onExport)
	v.clear = widget.NewButtonWithIcon("Clear selection", theme.ContentClearIcon(), func() { v.picked = nil; v.showPicked() })
	top := container.NewBorder(nil, nil, nil, container.NewHBox(v.clear, v.export), v.hint)
	split := container.NewVSplit(v.list, v.detail.root)
	split.Offset = 0.3
	v.root = container.NewBorder(top, nil, nil, nil, split)
	v.export.Disable()
	v.showPicked()
	return v
}

// historyRowParts are the label and the highlight of a timeline row.
func historyRowParts(o fyne.CanvasObject) (*widget.Label, *canvas.Rectangle) {
	objs := o.(*fyne.Container).Objects
	return objs[1].(*widget.Label), objs[0].(*canvas.Rectangle)
}

// eventIndex turns a list row (newest first) into an index of events.
func (v *historyView) eventIndex(row int) int { return len(v.events) - 1 - row }

// row is the text of a list row (newest first).
func (v *historyView) row(i int) string {
	if len(v.events) == 0 {
		return noHistory
	}
	return eventLine(v.events[v.eventIndex(i)])
}

// isPicked reports whether event i is picked.
func (v *historyView) isPicked(i int) bool {
	return i >= 0 && slices.Contains(v.picked, v.start+uint64(i))
}

// picks is the picked entries as indexes of events, in the order picked.
func (v *historyView) picks() []int {
	out := make([]int, len(v.picked))
	for k, n := range v.picked {
		out[k] = int(n - v.start)
	}
	return out
}

// set shows a profile's events, entry start first (the snapshot's History
// and HistoryStart). Picks stay while their entries are in the history;
// another profile's history, or one with fewer entries than before (a
// profile deleted and made again), drops them. The same history again (every
// draw of a snapshot that did not add an entry) changes nothing.
func (v *historyView) set(profile string, events []history.Event, start uint64) {
	if profile == v.profile && start == v.start && len(events) == len(v.events) &&
		(len(events) == 0 || &events[0] == &v.events[0]) {
		return
	}
	end := start + uint64(len(events))
	if profile != v.profile || end < v.start+uint64(len(v.events)) { // another history
		v.picked = nil
	}
	v.profile, v.events, v.start = profile, events, start
	v.picked = slices.DeleteFunc(v.picked, func(n uint64) bool { return n < start || n >= end })
	enable(v.export, len(events) > 0)
	v.list.Refresh()
	if !slices.Equal(v.picked, v.shown) {
		v.showPicked()
	}
}

// pick selects event i, or unselects it when it was; a third pick drops
// the first.
func (v *historyView) pick(i int) {
	if i < 0 || i >= len(v.events) {
		return
	}
	n := v.start + uint64(i)
	if j := slices.Index(v.picked, n); j >= 0 {
		v.picked = slices.Delete(v.picked, j, j+1)
	} else {
		v.picked = append(v.picked, n)
		if len(v.picked) > 2 {
			v.picked = v.picked[1:]
		}
	}
	v.list.Refresh()
	v.showPicked()
	if v.onPick != nil {
		v.onPick()
	}
}

// showPicked draws the picked entries: one entry's token set, or two
// entries' claim diff (older on the left).
func (v *historyView) showPicked() {
	v.shown = slices.Clone(v.picked)
	enable(v.clear, len(v.picked) > 0)
	picks := v.picks()
	switch len(picks) {
	case 0:
		v.hint.SetText("Select an entry to see the token set it produced; select a second to compare the two.")
		v.detail.show("Value", "Meaning", "", nil)
	case 1:
		e := v.events[picks[0]]
		v.hint.SetText("Select a second entry to compare it with this one.")
		if e.Set == nil {
			v.detail.show("Value", "Meaning", eventLine(e)+"\nThis entry produced no tokens.", nil)
			return
		}
		v.detail.show("Value", "Meaning", eventLine(e), setRows(e.Set))
	default:
		a, b := picks[0], picks[1]
		if a > b {
			a, b = b, a
		}
		ea, eb := v.events[a], v.events[b]
		v.hint.SetText("Comparing two entries: older on the left. Select another to replace the first pick.")
		rows, rot := setDiffRows(history.DiffSets(ea.Set, eb.Set))
		summary := entryTitle(ea) + "  →  " + entryTitle(eb)
		if rot != "" {
			summary += "\n" + rot
		}
		v.detail.show(entryTitle(ea), entryTitle(eb), summary, rows)
	}
}

// entryTitle names an entry in a diff: "12:00:31 refresh".
func entryTitle(e history.Event) string { return e.At.Format("15:04:05") + " " + string(e.Kind) }

// eventLine is one timeline row: time, kind, result with the HTTP status
// and latency, and the tokens that came and went.
func eventLine(e history.Event) string {
	parts := []string{e.At.Format("15:04:05"), string(e.Kind)}
	result := "✓"
	if !e.OK() {
		result = "✗"
	}
	if e.HTTPStatus != 0 {
		result += fmt.Sprintf(" HTTP %d", e.HTTPStatus)
	}
	if e.Latency > 0 {
		result += " · " + latencyText(e.Latency)
	}
	parts = append(parts, result)
	if !e.OK() {
		return strings.Join(append(parts, failureText(e)), "  ")
	}
	if e.Kind == history.EventRevoke {
		for _, r := range []struct{ what, ref string }{{"access token", e.AccessJTI[0]}, {"refresh token", e.RefreshJTI[0]}} {
			if r.ref != "" {
				parts = append(parts, "revoked the "+r.what+" "+short(r.ref))
			}
		}
		return strings.Join(parts, "  ")
	}
	if e.AccessJTI[1] != "" {
		if e.AccessJTI[0] != "" {
			parts = append(parts, fmt.Sprintf("access %s → %s", short(e.AccessJTI[0]), short(e.AccessJTI[1])))
		} else {
			parts = append(parts, "access "+short(e.AccessJTI[1]))
		}
	}
	switch {
	case e.Kind == history.EventRefresh && e.RefreshRotated:
		parts = append(parts, fmt.Sprintf("refresh rotated %s → %s", short(e.RefreshJTI[0]), short(e.RefreshJTI[1])))
	case e.Kind == history.EventRefresh:
		parts = append(parts, "refresh token kept")
	case e.RefreshJTI[1] != "":
		parts = append(parts, "refresh "+short(e.RefreshJTI[1]))
	}
	if len(e.Changed) > 0 {
		parts = append(parts, "changed: "+strings.Join(e.Changed, ", "))
	}
	return strings.Join(parts, "  ")
}

// failureText is a failed entry's error without what the row says
// already: the kind before it ("refresh: ") and the HTTP status after it
// (" (HTTP 503)").
func failureText(e history.Event) string {
	msg := strings.TrimPrefix(e.Err.Error(), string(e.Kind)+": ")
	if e.HTTPStatus != 0 {
		msg = strings.Replace(msg, fmt.Sprintf(" (HTTP %d)", e.HTTPStatus), "", 1)
	}
	return msg
}

// latencyText is "42 ms" or "1.3 s".
func latencyText(d time.Duration) string {
	if d < time.Second {
		return fmt.Sprintf("%d ms", d.Milliseconds())
	}
	return fmt.Sprintf("%.1f s", d.Seconds())
}
