package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// claimRowsShown is how many whole claim rows the table shows at its size.
func claimRowsShown(v *tokenView) int {
	cell := v.table.CreateCell().MinSize().Height + theme.SeparatorThicknessSize()
	head := v.table.CreateHeader().MinSize().Height + theme.SeparatorThicknessSize()
	return int((v.table.Size().Height - head) / cell)
}

// At the default size the claims are the main area: the header folds the
// links to the other tokens under Details and puts the checks' summary
// and the lifetime on one line, so the Access view shows at least 9 claim
// rows (7 before); the checks stay one click away. At 1920 px the Value
// column takes the width the other two leave.
func TestClaimsAreTheMainArea(t *testing.T) {
	h := newHarness(t, nil)
	h.login()
	h.u.win.Resize(fyne.NewSize(1100, 680))
	h.settle()
	v := h.u.views.access
	t.Logf("at 1100×680: %d claim rows, table %.0f px high at y %.0f", claimRowsShown(v), v.table.Size().Height, fyne.CurrentApp().Driver().AbsolutePositionForObject(v.table).Y)
	if n := claimRowsShown(v); n < 9 {
		t.Errorf("at 1100×680 the Access view shows %d claim rows (table %.0f px high); want at least 9", n, v.table.Size().Height)
	}
	// The header block: the heading line, then the checks' summary and
	// the lifetime on one line (they were two, and two lines of links).
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject
	if a, b := pos(v.checks.summary).Y, pos(v.countdown).Y; a != b || !v.countdown.Visible() {
		t.Errorf("the checks' summary at y %.0f, the countdown at y %.0f; want one line", a, b)
	}
	if v.links.Visible() || !v.details.Visible() || !strings.HasPrefix(v.details.Text, "Details (2)") {
		t.Errorf("links visible %v, Details %q (visible %v); want the two links folded", v.links.Visible(), v.details.Text, v.details.Visible())
	}
	rows := claimRowsShown(v)
	v.details.OnTapped()
	if !v.links.Visible() || !strings.Contains(v.links.Text, "jti") || v.details.Text != "Hide details" {
		t.Errorf("after Details: links visible %v %q, button %q", v.links.Visible(), v.links.Text, v.details.Text)
	}
	h.u.win.Resize(fyne.NewSize(1100, 681)) // lay out again
	if n := claimRowsShown(v); n >= rows {
		t.Errorf("opened details took no room: %d rows, %d folded", n, rows)
	}
	v.details.OnTapped()
	// The checks: summary visible, all of them one click away.
	c := v.checks
	if !c.head.Visible() || !c.summary.Visible() || !strings.Contains(c.summary.Text, "passed") || !c.toggle.Visible() {
		t.Fatalf("checks summary %q (visible %v), toggle visible %v", c.summary.Text, c.head.Visible(), c.toggle.Visible())
	}
	c.toggle.OnTapped()
	if len(c.rows) != len(c.report.Checks) || len(c.rows) == 0 {
		t.Errorf("Show all checks shows %d of %d", len(c.rows), len(c.report.Checks))
	}
	c.toggle.OnTapped()

	h.u.win.Resize(fyne.NewSize(1920, 1080))
	h.settle()
	w := v.table.Size().Width
	value := v.table.widths[1]
	used := v.table.widths[0] + value + v.table.widths[2]
	if value <= 330 || used < w-60 || used > w {
		t.Errorf("at 1920 px: table %.0f wide, columns %.0f/%.0f/%.0f; want the Value column to take the rest", w, v.table.widths[0], value, v.table.widths[2])
	}
}
