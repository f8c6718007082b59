package ui

import (
	"strings"
	"testing"
	"time"

	"github.com/tokeninspector/tokeninspector/auth/history"

	"fyne.io/fyne/v2/test"
)

// madeUpHistory is n refreshes a second apart from 12:00:00.
func madeUpHistory(n int) []history.Event {
	at := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	out := make([]history.Event, n)
	for i := range out {
		out[i] = history.Event{At: at.Add(time.Duration(i) * time.Second), Kind: history.EventRefresh, HTTPStatus: 200}
	}
	return out
}

// TestHistoryPicksFollowTheirEntriesPastTheCap: once the history is full,
// each new entry pushes the oldest out; a pick stays on the entry picked
// (not on the row or index it had) until that entry itself goes.
func TestHistoryPicksFollowTheirEntriesPastTheCap(t *testing.T) {
	test.NewTempApp(t)
	all := madeUpHistory(1010)
	v := newHistoryView(func() {})
	v.set("demo", all[:1000], 0)
	v.list.Select(999 - 500) // event 500, 12:08:20
	if got := v.picks(); len(got) != 1 || got[0] != 500 {
		t.Fatalf("picks %v; want event 500", got)
	}
	v.set("demo", all[3:1003], 3) // three newer entries, three older gone
	if got := v.picks(); len(got) != 1 || !v.events[got[0]].At.Equal(all[500].At) {
		t.Fatalf("picks %v after the history moved on; want the entry of %v", got, all[500].At)
	}
	if !v.isPicked(497) || v.isPicked(500) {
		t.Error("the bold row is not the picked entry's")
	}
	if want := all[500].At.Format("15:04:05"); !strings.HasPrefix(v.row(1002-500), want) {
		t.Errorf("row of the picked entry %q; want it at %s", v.row(1002-500), want)
	}
	v.set("demo", all[501:1010], 501) // the picked entry gone
	if len(v.picked) != 0 {
		t.Errorf("picks %v of an entry no longer in the history", v.picked)
	}
	v.list.Select(0)
	v.set("other", all[:2], 0)
	if len(v.picked) != 0 {
		t.Errorf("picks %v kept for another profile", v.picked)
	}
}

// TestHistoryEmptyAndRowsInOrder: an empty history is one row saying so
// (and nothing to export or pick); rows are newest first.
func TestHistoryEmptyAndRowsInOrder(t *testing.T) {
	test.NewTempApp(t)
	v := newHistoryView(func() {})
	v.set("demo", nil, 0)
	if rows := historyRows(v); len(rows) != 1 || rows[0] != noHistory || !v.export.Disabled() {
		t.Fatalf("empty history rows %q, export disabled %v", rows, v.export.Disabled())
	}
	v.list.Select(0)
	if len(v.picked) != 0 {
		t.Errorf("the empty row was picked: %v", v.picked)
	}
	evs := madeUpHistory(3)
	v.set("demo", evs, 0)
	rows := historyRows(v)
	if len(rows) != 3 || !strings.HasPrefix(rows[0], "12:00:02") || !strings.HasPrefix(rows[2], "12:00:00") || v.export.Disabled() {
		t.Errorf("rows %q (export disabled %v); want 3, newest first", rows, v.export.Disabled())
	}
}
