package ui

// A benchmark of the History view's share of a draw (issue 14's soak: the
// garbage of a refresh must not grow with the history). It reports
// figures; nothing here asserts a time or a size.

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// BenchmarkHistoryDraw is the History view drawing a full history that
// grew by one entry (as each refresh's snapshot makes it), on screen and
// laid out: the rows in view are formatted, not every entry.
func BenchmarkHistoryDraw(b *testing.B) {
	test.NewTempApp(b)
	all := madeUpHistory(historyCapForBench + 4096)
	v := newHistoryView(func() {})
	w := test.NewWindow(v.root)
	defer w.Close()
	w.Resize(fyne.NewSize(1100, 680))
	v.set("demo", all[:historyCapForBench], 0)
	v.list.Select(0)
	paint := func() { frameWalk(w.Content()) }
	paint()
	b.ReportAllocs()
	i := 1
	for b.Loop() {
		n := i % 4096
		v.set("demo", all[n:n+historyCapForBench], uint64(n))
		paint()
		i++
	}
}

// historyCapForBench is the workspace's history cap (1,000 entries).
const historyCapForBench = 1000
