package ui

// Claims people can read: nested claims as a tree under their claim
// (realm_access › roles), arrays as lists, the preset's claim dictionary
// in the Meaning column, a filter box over the rows, and Copy value /
// Copy path for the selected row. The tree comes from jose.ClaimTree.

import (
	"regexp"
	"strings"

	"github.com/tokeninspector/tokeninspector/auth/config"

	"github.com/tokeninspector/tokeninspector/auth/jose"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// claimTreeRows lists the header members and claims in token order, as
// claimRows does, each followed by its members or elements (indented, one
// row each) when it is an object or a list of more than one value. dict
// names the claims of the profile's provider (nil: the registered ones).
func claimTreeRows(header, claims []jose.Field, dict jose.ClaimDictionary, links map[string]string) []claimRow {
	var out []claimRow
	for _, part := range []struct {
		fields []jose.Field
		header bool
	}{{header, true}, {claims, false}} {
		top := claimRows(part.fields, links)
		for i, n := range jose.ClaimTree(part.fields, dict) {
			r := top[i]
			r.Path, r.Header, r.Copy = n.Path, part.header, copyText(n)
			if part.header {
				r.Name = "header." + r.Name
			} else if own := dict[n.Name()]; own != "" {
				r.Readable = withMeaning(r.Readable, claimHints[n.Name()], own)
			}
			if showChildren(n) {
				r.Value = n.Value // "{2 members}": its rows follow
				out = append(out, r)
				out = appendChildren(out, n.Children, part.header)
				continue
			}
			out = append(out, r)
		}
	}
	return out
}

// withMeaning puts the provider's meaning of a claim in place of the
// generic hint (or first, when there was none).
func withMeaning(readable, generic, own string) string {
	if generic != "" && strings.Contains(readable, generic) {
		return strings.Replace(readable, generic, own, 1)
	}
	if readable == "" {
		return own
	}
	return own + " · " + readable
}

// showChildren is false for a top-level list of plain values, which its
// row already shows whole ("openid · profile · email"); nested lists and
// objects get a row per element or member.
func showChildren(n jose.ClaimNode) bool {
	if len(n.Children) == 0 {
		return false
	}
	if n.Kind == "array" && n.Depth() == 0 {
		for _, c := range n.Children {
			if c.Kind == "object" || c.Kind == "array" {
				return true
			}
		}
		return false
	}
	return true
}

func appendChildren(out []claimRow, nodes []jose.ClaimNode, header bool) []claimRow {
	for _, n := range nodes {
		r := claimRow{
			Name:  strings.Repeat(indent, n.Depth()) + "› " + n.Name(),
			Value: n.Value, Readable: n.Hint,
			Path: n.Path, Header: header, Copy: copyText(n), Depth: n.Depth(),
		}
		out = append(out, r)
		if showChildren(n) {
			out = appendChildren(out, n.Children, header)
		}
	}
	return out
}

// indent is one level of the tree in the Claim column: an em space, as
// wide in a proportional font as the eye expects.
const indent = "\u2003"

// copyText is what Copy value puts on the clipboard: a string as it is,
// anything else as its JSON.
func copyText(n jose.ClaimNode) string {
	if n.Kind == "string" {
		if n.Hint != "" { // the empty string, shown as ""
			return ""
		}
		return n.Value
	}
	return string(n.Raw)
}

// jqName is a member name jq accepts after a dot.
var jqName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// jqPath is a row's path as jq writes it: .realm_access.roles[0],
// .["allowed-origins"]; header members are relative to the header.
func jqPath(path []string) string {
	var b strings.Builder
	for _, p := range path {
		switch {
		case strings.HasPrefix(p, "[") && strings.HasSuffix(p, "]"):
			b.WriteString(p)
		case jqName.MatchString(p):
			b.WriteString("." + p)
		default:
			b.WriteString(`.["` + strings.ReplaceAll(p, `"`, `\"`) + `"]`)
		}
	}
	return b.String()
}

// filterRows keeps the rows whose path, value or meaning contains q
// (case-insensitive), with the rows above them in the tree and those below
// them, so that the tree still reads.
func filterRows(rows []claimRow, q string) []claimRow {
	q = strings.ToLower(strings.TrimSpace(q))
	if q == "" {
		return rows
	}
	keep := make([]bool, len(rows))
	for i, r := range rows {
		text := strings.ToLower(r.Name + "\x00" + strings.Join(r.Path, jose.PathSep) + "\x00" + r.Value + "\x00" + r.Readable)
		if !strings.Contains(text, q) {
			continue
		}
		keep[i] = true
		for j, d := i-1, r.Depth; j >= 0 && d > 0; j-- { // ancestors
			if rows[j].Depth < d {
				keep[j], d = true, rows[j].Depth
			}
		}
		for j := i + 1; j < len(rows) && rows[j].Depth > r.Depth; j++ { // descendants
			keep[j] = true
		}
	}
	var out []claimRow
	for i, r := range rows {
		if keep[i] {
			out = append(out, r)
		}
	}
	return out
}

// claimBar is the filter box and copy buttons above a claims table.
type claimBar struct {
	v                  *tokenView
	filter             *widget.Entry
	copyValue, copyPth *widget.Button
	selected           int // row index in v.rows; -1: none
	root               *fyne.Container
}

func newClaimBar(v *tokenView) *claimBar {
	b := &claimBar{v: v, selected: -1}
	b.filter = widget.NewEntry()
	b.filter.SetPlaceHolder("Filter claims (name, value or meaning)")
	b.filter.OnChanged = func(string) { b.apply() }
	b.copyValue = widget.NewButtonWithIcon("Copy value", theme.ContentCopyIcon(), func() { b.copySelected() })
	b.copyPth = widget.NewButtonWithIcon("Copy path", theme.ContentCopyIcon(), func() {
		if r, ok := b.row(); ok {
			v.copy(jqPath(r.Path), "path of "+r.pathText())
		}
	})
	b.root = container.NewBorder(nil, nil, widget.NewIcon(theme.SearchIcon()), container.NewHBox(b.copyValue, b.copyPth), b.filter)
	b.select_(-1)
	return b
}

// copySelected copies the selected row's value (Copy value, a
// double-click, Ctrl+C); it reports whether a row was selected.
func (b *claimBar) copySelected() bool {
	r, ok := b.row()
	if ok {
		b.v.copy(r.Copy, "the value of claim "+r.pathText())
	}
	return ok
}

// pathText names a row in messages: "realm_access › roles".
func (r claimRow) pathText() string {
	s := strings.Join(r.Path, jose.PathSep)
	if r.Header {
		s = "header " + s
	}
	return s
}

func (b *claimBar) row() (claimRow, bool) {
	if b.selected < 0 || b.selected >= len(b.v.rows) {
		return claimRow{}, false
	}
	return b.v.rows[b.selected], true
}

func (b *claimBar) select_(i int) {
	b.selected = i
	if _, ok := b.row(); ok {
		b.copyValue.Enable()
		b.copyPth.Enable()
	} else {
		b.copyValue.Disable()
		b.copyPth.Disable()
	}
}

// setRows shows all, filtered by the box.
func (b *claimBar) setRows(all []claimRow) {
	b.v.allRows = all
	b.apply()
}

func (b *claimBar) apply() {
	b.v.rows = filterRows(b.v.allRows, b.filter.Text)
	b.select_(-1)
	b.v.table.UnselectAll()
	b.v.table.Refresh()
}

// claimDictionaries gives each token view the claim dictionary of the
// profile's preset, for the Meaning column.
func (u *UI) claimDictionaries(preset string) {
	dict := config.ClaimsFor(preset)
	for _, tv := range []*tokenView{u.views.access, u.views.refreshTok, u.views.id} {
		tv.dict = dict
	}
}
