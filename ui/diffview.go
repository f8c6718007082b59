package ui

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/tokeninspector/tokeninspector/auth/history"

	"github.com/tokeninspector/tokeninspector/auth/jose"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// diffRow is one line of a diff table: a claim with its two values and
// what changed, or a section title (a token kind).
type diffRow struct {
	Name, Left, Right, Change string
	Kind                      history.Change // "" for section titles and single-sided rows
	Section                   bool
}

// diffView is a table of claims side by side — Claim, left, right, what
// changed — with added, removed and changed claims coloured, time claims
// with their delta, and a summary line above (refs, counts, rotations).
type diffView struct {
	all     []diffRow // every row; rows is what shows (only changes, when asked)
	rows    []diffRow
	changes *widget.Check
	titles  [4]string
	summary *widget.Label
	table   *widget.Table
	root    fyne.CanvasObject
}

func newDiffView() *diffView {
	v := &diffView{titles: [4]string{"Claim", "Older", "Newer", "Change"}}
	v.summary = widget.NewLabel("")
	v.summary.Wrapping = fyne.TextWrapWord
	v.table = widget.NewTableWithHeaders(
		func() (int, int) { return len(v.rows), 4 },
		func() fyne.CanvasObject {
			l := widget.NewLabel("template value")
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		func(id widget.TableCellID, o fyne.CanvasObject) {
			l := o.(*widget.Label)
			if id.Row >= len(v.rows) {
				l.SetText("")
				return
			}
			r := v.rows[id.Row]
			l.Importance = widget.MediumImportance
			l.TextStyle = fyne.TextStyle{}
			text := ""
			switch id.Col {
			case 0:
				l.TextStyle.Bold = true
				text = r.Name
			case 1:
				l.TextStyle.Monospace = !r.Section
				text = r.Left
			case 2:
				l.TextStyle.Monospace = !r.Section
				text = r.Right
			default:
				text = r.Change
			}
			l.Importance = changeImportance(r.Kind, r.Section)
			l.SetText(text)
		})
	v.table.ShowHeaderColumn = false
	v.table.CreateHeader = func() fyne.CanvasObject {
		// Titles name tokens and entries ("12:00:31 refresh", a profile's
		// access token): shortened to their column, not run into the next.
		l := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		l.Truncation = fyne.TextTruncateEllipsis
		return l
	}
	v.table.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) { o.(*widget.Label).SetText(v.titles[id.Col]) }
	v.table.SetColumnWidth(0, 130)
	v.table.SetColumnWidth(1, 300)
	v.table.SetColumnWidth(2, 300)
	v.table.SetColumnWidth(3, 200)
	v.changes = widget.NewCheck("Only changes", func(bool) { v.filter() })
	v.changes.Hide() // until there is a comparison
	v.root = container.NewBorder(container.NewBorder(nil, nil, nil, v.changes, v.summary), nil, nil, nil, v.table)
	return v
}

// filter shows every row, or only the changed ones (and section titles).
func (v *diffView) filter() {
	v.rows = v.all
	if v.changes.Checked {
		v.rows = nil
		for _, r := range v.all {
			if r.Section || (r.Kind != history.Same && r.Kind != "") {
				v.rows = append(v.rows, r)
			}
		}
	}
	v.table.Refresh()
	v.table.ScrollToTop()
}

func changeImportance(c history.Change, section bool) widget.Importance {
	switch {
	case section:
		return widget.HighImportance
	case c == history.Added:
		return widget.SuccessImportance
	case c == history.Removed:
		return widget.DangerImportance
	case c == history.Changed:
		return widget.WarningImportance
	}
	return widget.MediumImportance
}

// show fills the table; titles name the two sides.
func (v *diffView) show(left, right, summary string, rows []diffRow) {
	v.titles = [4]string{"Claim", left, right, "Change"}
	v.all = rows
	v.summary.SetText(summary)
	compared := slices.ContainsFunc(rows, func(r diffRow) bool { return r.Kind != "" })
	showIf(v.changes, compared)
	v.filter()
}

func showIf(o fyne.CanvasObject, show bool) {
	if show {
		o.Show()
	} else {
		o.Hide()
	}
}

// rawText shows a claim's JSON as the token view does ("" when absent),
// a time claim with its local time.
func rawText(name string, raw json.RawMessage, at time.Time) string {
	if raw == nil {
		return ""
	}
	if !at.IsZero() {
		return string(raw) + "  (" + at.Local().Format("2006-01-02 15:04:05") + ")"
	}
	var val any
	d := json.NewDecoder(strings.NewReader(string(raw)))
	d.UseNumber()
	if d.Decode(&val) != nil {
		return string(raw)
	}
	return valueText(jose.Field{Name: name, Raw: raw, Value: val})
}

// tokenDiffRows is one token's comparison as rows: header members, then claims.
func tokenDiffRows(d history.TokenDiff) []diffRow {
	var rows []diffRow
	add := func(prefix string, cs []history.ClaimDiff) {
		for _, c := range cs {
			r := diffRow{Name: prefix + c.Name, Left: rawText(c.Name, c.Old, c.OldTime), Right: rawText(c.Name, c.New, c.NewTime), Kind: c.Change}
			switch c.Change {
			case history.Added:
				r.Change = "added"
			case history.Removed:
				r.Change = "removed"
			case history.Changed:
				r.Change = "changed"
			}
			if c.HasDelta && c.Delta != 0 {
				r.Change = strings.TrimSpace(r.Change + " · " + c.DeltaText())
			}
			rows = append(rows, r)
		}
	}
	add("", d.Claims) // the claims first: that is where tokens differ
	add("header.", d.Header)
	return rows
}

// tokenDiffSummary is "access token a1b2c3d4 → 9f8e7d6c: 1 added, 1 removed, 3 changed".
func tokenDiffSummary(what string, d history.TokenDiff) string {
	return fmt.Sprintf("%s %s → %s: %d added, %d removed, %d changed", what, short(d.OldRef), short(d.NewRef),
		d.Count(history.Added), d.Count(history.Removed), d.Count(history.Changed))
}

// changeCount says in words what changed in a token: "3 changed",
// "1 added, 2 changed", "no change".
func changeCount(d history.TokenDiff) string {
	var parts []string
	for _, c := range []struct {
		kind history.Change
		word string
	}{{history.Added, "added"}, {history.Removed, "removed"}, {history.Changed, "changed"}} {
		if n := d.Count(c.kind); n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, c.word))
		}
	}
	if len(parts) == 0 {
		return "no change"
	}
	return strings.Join(parts, ", ")
}

// setDiffRows is a token set comparison: a section per token kind, and
// the summary with each rotation (old refresh ref → new).
func setDiffRows(d history.SetDiff) (rows []diffRow, summary string) {
	var lines []string
	for _, td := range d.Tokens {
		name := tokenNames[td.Kind]
		left, right := short(td.OldRef), short(td.NewRef)
		if td.Kind == history.KindAuthorizationDetails {
			left, right = detailsCount(td, false), detailsCount(td, true)
		}
		rows = append(rows, diffRow{Name: name, Left: left, Right: right, Section: true, Change: changeCount(td)})
		rows = append(rows, tokenDiffRows(td)...)
	}
	for _, r := range d.Rotations {
		lines = append(lines, "↻ "+rotationText(r))
	}
	return rows, strings.Join(lines, "\n")
}

// detailsCount says how many authorization_details objects one side of
// the diff holds ("none" for none).
func detailsCount(td history.TokenDiff, newSide bool) string {
	n := 0
	for _, c := range td.Claims {
		if (newSide && c.New != nil) || (!newSide && c.Old != nil) {
			n++
		}
	}
	if n == 0 {
		return "none"
	}
	return fmt.Sprintf("%d object(s)", n)
}

// rotationText reads like "refresh token 1f2e3d4c → 9a8b7c6d (rotated)".
func rotationText(r history.Rotation) string {
	return fmt.Sprintf("%s %s → %s (%s)", tokenNames[r.Kind], short(r.From), short(r.To), r.State())
}

// setRows lists one token set's claims: a section per token, then its
// header and claims with their meaning.
func setRows(s *history.SetFacts) []diffRow {
	var rows []diffRow
	for _, kind := range []string{"access", "refresh", "id"} {
		f := s.Token(kind)
		if f == nil {
			continue
		}
		rows = append(rows, diffRow{Name: tokenNames[kind], Left: short(f.Ref), Right: fmt.Sprintf("%s · %d chars", f.Format, f.Length), Section: true})
		d := f.Decoded()
		fields := append(append([]jose.Field(nil), d.Header...), d.Claims...)
		for i, r := range claimRows(fields, nil) {
			if i < len(d.Header) {
				r.Name = "header." + r.Name
			}
			rows = append(rows, diffRow{Name: r.Name, Left: r.Value, Right: r.Readable})
		}
	}
	if ds := history.DetailFields(s.AuthorizationDetails); len(ds) > 0 {
		rows = append(rows, diffRow{Name: tokenNames[history.KindAuthorizationDetails], Right: fmt.Sprintf("%d object(s)", len(ds)), Section: true})
		for _, f := range ds {
			rows = append(rows, diffRow{Name: f.Name, Left: string(f.Raw), Right: "granted (RFC 9396)"})
		}
	}
	return rows
}
