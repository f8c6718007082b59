package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tokeninspector/tokeninspector/auth/history"

	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"

	"github.com/tokeninspector/tokeninspector/auth"
)

// historyRows is the text of every row of the timeline, newest first, as
// the list formats them when it shows them.
func historyRows(v *historyView) []string {
	var out []string
	for i := range v.list.Length() {
		out = append(out, v.row(i))
	}
	return out
}

func rowNamed(rows []diffRow, name string) (diffRow, bool) {
	for _, r := range rows {
		if r.Name == name && !r.Section {
			return r, true
		}
	}
	return diffRow{}, false
}

func TestTimelineEntriesSelectAndDiff(t *testing.T) {
	h := newHarness(t, nil)
	first := h.login()
	h.advance(30 * time.Second)
	test.Tap(h.u.bar.refresh)
	h.settle()
	second := h.u.tokens()
	h.failRefreshes("down")
	test.Tap(h.u.bar.refresh)
	h.settle()
	v := h.u.views.history
	lines := historyRows(v)
	if len(lines) != 3 {
		t.Fatalf("timeline %q", lines)
	}
	if !strings.Contains(lines[0], "refresh  ✗ HTTP 503") {
		t.Errorf("failure row %q; want kind, result and status", lines[0])
	}
	wantRot := "refresh rotated " + short(first.Refresh.Ref()) + " → " + short(second.Refresh.Ref())
	if !strings.Contains(lines[1], "refresh  ✓ HTTP 200") || !strings.Contains(lines[1], wantRot) {
		t.Errorf("refresh row %q; want status and %q", lines[1], wantRot)
	}
	if !strings.Contains(lines[2], "12:00:00  login  ✓ HTTP 200") {
		t.Errorf("login row %q", lines[2])
	}
	// One entry: the token set it produced.
	v.list.Select(2) // the login (newest first)
	rows := v.detail.rows
	if len(rows) == 0 || !rows[0].Section || rows[0].Name != "access token" {
		t.Fatalf("login entry rows %+v", rows)
	}
	if r, ok := rowNamed(rows, "jti"); !ok || r.Left != first.Access.JTI {
		t.Errorf("login entry jti row %+v; want %s", r, first.Access.JTI)
	}
	// Two entries: the claim diff, older on the left.
	v.list.Select(1)
	rows = v.detail.rows
	if v.detail.titles[1] != "12:00:00 login" || v.detail.titles[2] != "12:00:30 refresh" {
		t.Errorf("titles %q", v.detail.titles)
	}
	exp, ok := rowNamed(rows, "exp")
	if !ok || exp.Kind != history.Changed || !strings.Contains(exp.Change, "exp +0:30") {
		t.Errorf("exp row %+v; want changed with exp +0:30", exp)
	}
	if r, _ := rowNamed(rows, "sub"); r.Kind != history.Same || r.Change != "" {
		t.Errorf("sub row %+v; want same", r)
	}
	if r, _ := rowNamed(rows, "jti"); r.Kind != history.Changed || r.Left != first.Access.JTI || r.Right != second.Access.JTI {
		t.Errorf("jti row %+v", r)
	}
	rot := "refresh token " + short(first.Refresh.Ref()) + " → " + short(second.Refresh.Ref()) + " (rotated)"
	if !strings.Contains(v.detail.summary.Text, rot) {
		t.Errorf("summary %q; want %q", v.detail.summary.Text, rot)
	}
	// The failed entry with one of them: it produced no tokens, so only "gone" rows.
	v.list.Select(0)
	if len(v.picked) != 2 || v.picked[1] != 2 {
		t.Errorf("a third pick should replace the first: %v", v.picked)
	}
	test.Tap(v.clear)
	if len(v.picked) != 0 || len(v.detail.rows) != 0 {
		t.Error("Clear selection left a pick")
	}
}

func TestHistoryKeptAcrossARestartAndExported(t *testing.T) {
	h := newHarness(t, nil)
	ts := h.login()
	test.Tap(h.u.bar.refresh)
	h.settle()
	h.restart()
	if got := len(h.u.views.history.events); got != 2 {
		t.Fatalf("history after a restart has %d entries; want 2", got)
	}
	path := filepath.Join(t.TempDir(), "demo-history.json")
	w, err := storage.Writer(storage.NewFileURI(path))
	if err != nil {
		t.Fatal(err)
	}
	h.u.exportHistory("demo", w)
	h.waitUntil("the export", func() bool { return strings.HasPrefix(h.u.status.message.Text, "Exported") })
	if want := "Exported 2 history entries of demo to " + path + "."; h.u.status.message.Text != want {
		t.Errorf("status %q; want %q", h.u.status.message.Text, want)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(b), ts.AccessToken) || strings.Contains(string(b), ts.RefreshToken) {
		t.Fatal("the export holds a token")
	}
	evs, err := history.UnmarshalHistory(b)
	if err != nil || len(evs) != 2 || evs[0].Set.Access.Decoded().JTI != ts.Access.JTI {
		t.Errorf("export read back: %d events, %v", len(evs), err)
	}
}

func TestCompareTwoProfilesAndPastedTokens(t *testing.T) {
	h := newHarness(t, nil)
	p := auth.BuiltinProfiles()[0]
	p.Name, p.Builtin = "second", false
	if _, err := h.ws.SaveProfile("", p); err != nil {
		t.Fatal(err)
	}
	h.settle()
	h.u.bar.profileSelect.SetSelected("demo")
	a := h.login()
	h.advance(time.Minute)
	h.u.bar.profileSelect.SetSelected("second")
	b := h.login()
	c := h.u.compareView()
	c.left.source.SetSelected("demo · access token")
	c.right.source.SetSelected("second · access token")
	rows := c.diff.rows
	if r, _ := rowNamed(rows, "jti"); r.Kind != history.Changed || r.Left != a.Access.JTI || r.Right != b.Access.JTI {
		t.Errorf("jti row %+v", r)
	}
	if r, _ := rowNamed(rows, "exp"); !strings.Contains(r.Change, "exp +1:00") {
		t.Errorf("exp row %+v; want exp +1:00", r)
	}
	if r, _ := rowNamed(rows, "sub"); r.Kind != history.Same {
		t.Errorf("sub row %+v; the same user", r)
	}
	// A history entry against a session's token.
	var histOpt string
	for _, o := range c.left.source.Options {
		if strings.HasPrefix(o, "second history ") && strings.HasSuffix(o, "access token") {
			histOpt = o
		}
	}
	if histOpt == "" {
		t.Fatalf("no history entry offered: %q", c.left.source.Options)
	}
	c.left.source.SetSelected(histOpt)
	if r, _ := rowNamed(c.diff.rows, "jti"); r.Kind != history.Same {
		t.Errorf("the login's history entry against its own token: jti %+v", r)
	}
	// Two pasted tokens: before and after a role change.
	c.left.source.SetSelected(pasteSource)
	c.right.source.SetSelected(pasteSource)
	c.left.paste.SetText(unsignedJWT(`{"sub":"u1","roles":["reader"],"exp":1000}`))
	c.right.paste.SetText(unsignedJWT(`{"sub":"u1","roles":["reader","admin"],"tenant":"t1","exp":1120}`))
	rows = c.diff.rows
	want := map[string]history.Change{"sub": history.Same, "roles": history.Changed, "tenant": history.Added, "exp": history.Changed}
	for name, ch := range want {
		if r, ok := rowNamed(rows, name); !ok || r.Kind != ch {
			t.Errorf("%s: %+v; want %s", name, r, ch)
		}
	}
	if r, _ := rowNamed(rows, "roles"); r.Right != "reader · admin" {
		t.Errorf("roles right %q", r.Right)
	}
	if !strings.Contains(c.diff.summary.Text, "1 added, 0 removed, 2 changed") {
		t.Errorf("summary %q", c.diff.summary.Text)
	}
	c.left.paste.SetText(unsignedJWT(`{"sub":"u1","gone":1}`))
	if r, ok := rowNamed(c.diff.rows, "gone"); !ok || r.Kind != history.Removed {
		t.Errorf("removed claim %+v", r)
	}
}

// Until the user picks, Compare shows what the last refresh changed.
func TestComparePresetsTheLastChange(t *testing.T) {
	h := newHarness(t, nil)
	first := h.login()
	h.advance(20 * time.Second)
	test.Tap(h.u.bar.refresh)
	h.settle()
	c := h.u.compareView()
	if c.right.source.Selected != "demo · access token" || !strings.HasPrefix(c.left.source.Selected, "demo history 12:00:00 login") {
		t.Fatalf("preset %q / %q", c.left.source.Selected, c.right.source.Selected)
	}
	if r, _ := rowNamed(c.diff.rows, "jti"); r.Left != first.Access.JTI || r.Right != h.u.tokens().Access.JTI {
		t.Errorf("jti row %+v", r)
	}
	if r, _ := rowNamed(c.diff.rows, "exp"); !strings.Contains(r.Change, "exp +0:20") {
		t.Errorf("exp row %+v", r)
	}
	c.left.source.SetSelected(pasteSource) // the user's pick stays
	test.Tap(h.u.bar.refresh)
	h.settle()
	if c.left.source.Selected != pasteSource {
		t.Errorf("a refresh overrode the user's pick: %q", c.left.source.Selected)
	}
}

func TestTimelineRowsOfRevocationAndLatency(t *testing.T) {
	at := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
	ev := history.Event{At: at, Kind: history.EventRevoke}
	ev.RefreshJTI[0] = "#1f2e3d4c"
	if got := eventLine(ev); got != "12:00:00  revoke  ✓  revoked the refresh token #1f2e3d4c" {
		t.Errorf("revoke row %q", got)
	}
	ok := history.Event{At: at, Kind: history.EventExchange, HTTPStatus: 200, Latency: 1300 * time.Millisecond}
	ok.AccessJTI[1] = "abcdef0123"
	if got := eventLine(ok); got != "12:00:00  exchange  ✓ HTTP 200 · 1.3 s  access abcdef01" {
		t.Errorf("exchange row %q", got)
	}
}
