package ui

// The validation report under a token's header: every check with a
// status icon, a colour and its one-line reason. The checks themselves
// come from the workspace snapshot (Snapshot.Checks) or from a pasted
// token's report; nothing is decided here.

import (
	"fmt"
	"strings"
	"time"

	"github.com/tokeninspector/tokeninspector/auth/check"

	"github.com/tokeninspector/tokeninspector/auth/jose"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/tokeninspector/tokeninspector/auth/workspace"
)

// checksView lists a token's checks: those that failed or could not be
// checked always, the others behind "Show all checks".
type checksView struct {
	report  check.Report
	showAll bool
	// tone is the token's standing's (workspace.Standing): the summary
	// is never drawn in a better colour than the countdown beside it.
	tone workspace.Tone
	// due is when the report next goes stale (a token's exp or nbf
	// passes); zero when it does not.
	due time.Time

	summary *widget.Label
	icon    *widget.Icon
	toggle  *widget.Button
	list    *widget.RichText
	scroll  *container.Scroll
	rows    []checkLine // the lines shown
	// head is the summary line (icon, counts, Show all); root is the list
	// of checks under it. Both are hidden without a report.
	head *fyne.Container
	root *fyne.Container
}

// checkLine is one check as shown: its text and colour.
type checkLine struct {
	Text       string
	Importance widget.Importance
}

// maxChecksHeight caps the list so the claims table keeps its room; the
// list scrolls beyond it.
const maxChecksHeight = 120

func newChecksView() *checksView {
	c := &checksView{}
	c.summary = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	c.icon = widget.NewIcon(nil)
	c.toggle = widget.NewButton("Show all checks", func() {
		c.showAll = !c.showAll
		c.draw()
	})
	c.toggle.Importance = widget.LowImportance
	c.list = widget.NewRichText()
	c.list.Wrapping = fyne.TextWrapWord
	c.scroll = container.NewVScroll(c.list)
	c.summary.Truncation = fyne.TextTruncateEllipsis // shares its line with the lifetime
	c.head = container.NewBorder(nil, nil, c.icon, c.toggle, c.summary)
	c.head.Hide()
	c.root = container.NewVBox(c.scroll)
	c.root.Hide()
	return c
}

// headWidth is the summary line's width with nothing shortened.
func (c *checksView) headWidth() float32 {
	w := textWidth(c.summary) + c.icon.MinSize().Width + 2*theme.Padding()
	if c.toggle.Visible() {
		w += c.toggle.MinSize().Width + theme.Padding()
	}
	return w
}

// set shows r; nil hides the report (no token, or no report yet).
func (c *checksView) set(r *check.Report) {
	if r == nil || len(r.Checks) == 0 {
		c.report, c.due = check.Report{}, time.Time{}
		c.head.Hide()
		c.root.Hide()
		return
	}
	c.report = *r
	c.draw()
	c.head.Show()
	c.root.Show()
}

// setTone draws the summary in the token's standing's tone when that is
// worse than its checks'.
func (c *checksView) setTone(t workspace.Tone) {
	if t == c.tone {
		return
	}
	c.tone = t
	if c.root.Visible() {
		c.draw()
	}
}

// toneWorse reports whether tone t is worse than importance imp.
func toneWorse(t workspace.Tone, imp widget.Importance) bool {
	rank := map[widget.Importance]int{widget.SuccessImportance: 1, widget.WarningImportance: 2, widget.DangerImportance: 3}
	return rank[toneImportance(t)] > rank[imp]
}

// checkLook is the icon and colour of a status.
func checkLook(s check.CheckStatus) (fyne.Resource, widget.Importance) {
	switch s {
	case check.CheckPass:
		return theme.NewSuccessThemedResource(theme.ConfirmIcon()), widget.SuccessImportance
	case check.CheckFail:
		return theme.NewErrorThemedResource(theme.CancelIcon()), widget.DangerImportance
	case check.CheckUnknown:
		return theme.NewWarningThemedResource(theme.QuestionIcon()), widget.WarningImportance
	}
	return theme.NewDisabledResource(theme.ContentRemoveIcon()), widget.LowImportance
}

// importanceColor is the theme colour a line of importance imp is drawn in.
func importanceColor(imp widget.Importance) fyne.ThemeColorName {
	switch imp {
	case widget.SuccessImportance:
		return theme.ColorNameSuccess
	case widget.DangerImportance:
		return theme.ColorNameError
	case widget.WarningImportance:
		return theme.ColorNameWarning
	case widget.LowImportance:
		return theme.ColorNameDisabled
	}
	return theme.ColorNameForeground
}

// checkSymbol marks a status in words for screen readers and copies.
var checkSymbol = map[check.CheckStatus]string{
	check.CheckPass: "✓", check.CheckFail: "✗", check.CheckUnknown: "?", check.CheckNotApplicable: "–",
}

func (c *checksView) draw() {
	counts := map[check.CheckStatus]int{}
	for _, ch := range c.report.Checks {
		counts[ch.Status]++
	}
	var parts []string
	for _, s := range []struct {
		st   check.CheckStatus
		word string
	}{{check.CheckFail, "failed"}, {check.CheckUnknown, "could not check"}, {check.CheckPass, "passed"}, {check.CheckNotApplicable, "not applicable"}} {
		if n := counts[s.st]; n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, s.word))
		}
	}
	worst := check.CheckPass
	switch {
	case counts[check.CheckFail] > 0:
		worst = check.CheckFail
	case counts[check.CheckUnknown] > 0:
		worst = check.CheckUnknown
	}
	res, imp := checkLook(worst)
	if toneWorse(c.tone, imp) {
		imp = toneImportance(c.tone)
		res = theme.NewWarningThemedResource(theme.WarningIcon())
		if c.tone == workspace.ToneBad {
			res = theme.NewErrorThemedResource(theme.ErrorIcon())
		}
	}
	c.icon.SetResource(res)
	c.summary.Importance = imp
	c.summary.SetText("Checks: " + strings.Join(parts, " · "))

	hidden := 0
	c.rows = c.rows[:0]
	var segs []widget.RichTextSegment
	for _, ch := range c.report.Checks {
		important := ch.Status == check.CheckFail || ch.Status == check.CheckUnknown
		if !important && !c.showAll {
			hidden++
			continue
		}
		_, imp := checkLook(ch.Status)
		line := checkLine{Text: checkSymbol[ch.Status] + " " + ch.Name + " — " + ch.Reason, Importance: imp}
		c.rows = append(c.rows, line)
		segs = append(segs, &widget.TextSegment{Text: line.Text, Style: widget.RichTextStyle{ColorName: importanceColor(imp)}})
	}
	c.list.Segments = segs
	c.list.Refresh()
	if len(segs) == 0 {
		c.scroll.Hide()
	} else {
		c.scroll.Show()
		// As tall as its lines unwrapped (the list's own minimum is its
		// height wrapped at the narrowest width: many lines for one),
		// capped; longer lists scroll.
		lineH := fyne.MeasureText("Mg", theme.TextSize(), fyne.TextStyle{}).Height + theme.LineSpacing()
		h := float32(len(segs))*lineH + 2*theme.InnerPadding()
		c.scroll.SetMinSize(fyne.NewSize(0, min(h, maxChecksHeight)))
	}
	switch {
	case c.showAll:
		c.toggle.SetText("Hide passing checks")
		c.toggle.Show()
	case hidden > 0:
		c.toggle.SetText(fmt.Sprintf("Show all %d checks", len(c.report.Checks)))
		c.toggle.Show()
	default:
		c.toggle.Hide()
	}
}

// text is every row shown, one per line (for tests and the log).
func (c *checksView) text() string {
	lines := make([]string, len(c.rows))
	for i, l := range c.rows {
		lines[i] = l.Text
	}
	return strings.Join(lines, "\n")
}

// drawChecks shows each token's validation report from the snapshot; a
// report goes stale when one of its token's times passes, and Tick then
// asks the snapshot for a fresh one (checksDue).
func (u *UI) drawChecks(checks map[string]check.Report, now time.Time) {
	for _, tv := range []*tokenView{u.views.access, u.views.refreshTok, u.views.id} {
		d := tv.decoded
		r, ok := checks[d.Raw]
		if d.Format == "" || !ok {
			tv.checks.set(nil)
			tv.checks.due = time.Time{}
			continue
		}
		tv.checks.set(&r)
		tv.checks.due = nextTimeBoundary(d, now)
	}
}

// nextTimeBoundary is the first moment after now when one of d's time
// checks may change its answer: exp and nbf, each with the leeway the
// checks allow (zero: none).
func nextTimeBoundary(d jose.Decoded, now time.Time) time.Time {
	var due time.Time
	var times []time.Time
	if !d.ExpiresAt.IsZero() {
		times = append(times, d.ExpiresAt, d.ExpiresAt.Add(check.DefaultLeeway))
	}
	if !d.NotBefore.IsZero() {
		times = append(times, d.NotBefore.Add(-check.DefaultLeeway), d.NotBefore)
	}
	for _, t := range times {
		if t.After(now) && (due.IsZero() || t.Before(due)) {
			due = t
		}
	}
	return due
}

// checksDue redraws the reports whose token crossed exp or nbf since
// they were computed.
func (u *UI) checksDue(now time.Time) {
	for _, tv := range []*tokenView{u.views.access, u.views.refreshTok, u.views.id} {
		if !tv.checks.due.IsZero() && !now.Before(tv.checks.due) {
			s := u.current()
			u.drawChecks(s.ChecksAt(now), now)
			return
		}
	}
}
