package ui

import (
	"fmt"
	"slices"
	"strings"

	"github.com/tokeninspector/tokeninspector/auth/history"

	"github.com/tokeninspector/tokeninspector/auth/jose"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// pasteSource is the compare side's option for a pasted token.
const pasteSource = "Pasted token"

// compareSide is one side of the Compare view: where its token comes from
// (a profile's session, a history entry, or pasted) and the paste box.
type compareSide struct {
	source *widget.Select
	paste  *widget.Entry
	root   fyne.CanvasObject
}

// compareView compares any two tokens claim by claim: the same login as
// two users, two profiles, or before and after a role change.
type compareView struct {
	u           *UI
	left, right *compareSide
	diff        *diffView
	root        fyne.CanvasObject
	sources     map[string]func() (jose.Decoded, string) // option → token and its kind
	sourceOrder []string
	shown       [2]string // the two tokens compared now (Raw, or Ref for history facts)
	// touched is set once the user picked a source or pasted; until then
	// the view compares the selected profile's access token with the one
	// before it (presetting is set while it picks them).
	touched, presetting bool
}

func newCompareView(u *UI) *compareView {
	v := &compareView{u: u, diff: newDiffView(), sources: map[string]func() (jose.Decoded, string){}}
	v.left, v.right = v.newSide("Left"), v.newSide("Right")
	sides := container.NewGridWithColumns(2, v.left.root, v.right.root)
	v.root = container.NewBorder(sides, nil, nil, nil, v.diff.root)
	v.diff.show("Left", "Right", "Pick two tokens: from a profile's session, a history entry, or paste them.", nil)
	return v
}

func (v *compareView) newSide(title string) *compareSide {
	s := &compareSide{}
	s.paste = widget.NewMultiLineEntry()
	s.paste.SetPlaceHolder(title + ": paste a token (JWT or opaque)")
	s.paste.Wrapping = fyne.TextWrapBreak
	s.paste.SetMinRowsVisible(2)
	s.paste.OnChanged = func(string) {
		v.touched = v.touched || !v.presetting
		v.compare()
	}
	s.source = widget.NewSelect([]string{pasteSource}, func(string) {
		v.touched = v.touched || !v.presetting
		if s.source.Selected == pasteSource {
			s.paste.Show()
		} else {
			s.paste.Hide()
		}
		v.compare()
	})
	v.presetting = true
	s.source.SetSelected(pasteSource)
	v.presetting = false
	s.root = container.NewVBox(widget.NewLabelWithStyle(title, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), s.source, s.paste)
	return s
}

// refreshSources lists what can be compared now: each profile's current
// tokens, then the selected profile's history entries that produced tokens.
func (v *compareView) refreshSources() {
	v.sources = map[string]func() (jose.Decoded, string){}
	opts := []string{pasteSource}
	add := func(name, kind string, get func() jose.Decoded) {
		opts = append(opts, name)
		v.sources[name] = func() (jose.Decoded, string) { return get(), kind }
	}
	for _, p := range v.u.ws.Profiles() {
		s, ok := v.u.snaps[p.Name]
		if !ok || s.Tokens == nil {
			continue
		}
		ts := s.Tokens
		if ts.AccessToken != "" && !s.Restored {
			add(p.Name+" · access token", "access", func() jose.Decoded { return ts.Access })
		}
		if ts.RefreshToken != "" {
			add(p.Name+" · refresh token", "refresh", func() jose.Decoded { return ts.Refresh })
		}
		if ts.IDToken != "" {
			add(p.Name+" · ID token", "id", func() jose.Decoded { return ts.ID })
		}
	}
	hist := v.u.current().History
	for i := len(hist) - 1; i >= 0 && len(opts) < 60; i-- {
		e := hist[i]
		for _, kind := range []string{"access", "refresh", "id"} {
			if f := e.Set.Token(kind); f != nil {
				add(fmt.Sprintf("%s history %s · %s", v.u.profile, entryTitle(e), tokenNames[kind]), kind, f.Decoded)
			}
		}
	}
	if slices.Equal(opts, v.sourceOrder) {
		v.compareIfChanged()
		return
	}
	v.sourceOrder = opts
	v.presetting = true
	for _, s := range []*compareSide{v.left, v.right} {
		s.source.Options = opts
		if !slices.Contains(opts, s.source.Selected) {
			s.source.SetSelected(pasteSource)
		}
		s.source.Refresh()
	}
	v.preset(opts)
	v.presetting = false
	v.compareIfChanged()
}

// preset picks, until the user picks, the selected profile's access token
// on the right and the one its previous history entry produced on the left:
// what the last refresh or login changed.
func (v *compareView) preset(opts []string) {
	if v.touched {
		return
	}
	current := v.u.profile + " · access token"
	if !slices.Contains(opts, current) {
		return
	}
	cur, _ := v.sources[current]()
	for _, o := range opts {
		if !strings.HasPrefix(o, v.u.profile+" history ") || !strings.HasSuffix(o, "· access token") {
			continue
		}
		if d, _ := v.sources[o](); d.Ref() != cur.Ref() {
			v.left.source.SetSelected(o)
			v.right.source.SetSelected(current)
			return
		}
	}
}

// compareIfChanged compares again when a side's token changed (a session
// refreshed meanwhile), leaving the table alone otherwise.
func (v *compareView) compareIfChanged() {
	a, _, _ := v.token(v.left)
	b, _, _ := v.token(v.right)
	if [2]string{a.Raw + a.Ref(), b.Raw + b.Ref()} != v.shown {
		v.compare()
	}
}

// token is what a side holds now (ok false when nothing yet).
func (v *compareView) token(s *compareSide) (jose.Decoded, string, bool) {
	if s.source.Selected == pasteSource || s.source.Selected == "" {
		d := jose.UnverifiedDecode(s.paste.Text)
		return d, "", d.Format != jose.FormatEmpty
	}
	get, ok := v.sources[s.source.Selected]
	if !ok {
		return jose.Decoded{}, "", false
	}
	d, kind := get()
	return d, kind, true
}

// compare shows the claim diff of the two sides.
func (v *compareView) compare() {
	if v.diff == nil || v.right == nil {
		return // still being built
	}
	a, ka, okA := v.token(v.left)
	b, kb, okB := v.token(v.right)
	v.shown = [2]string{a.Raw + a.Ref(), b.Raw + b.Ref()}
	if !okA || !okB {
		v.diff.show("Left", "Right", "Pick two tokens: from a profile's session, a history entry, or paste them.", nil)
		return
	}
	d := history.DiffTokens(a, b)
	summary := tokenDiffSummary("Left → right:", d)
	if ka != kb && ka != "" && kb != "" {
		summary += fmt.Sprintf("\n⚠ comparing a %s with a %s", tokenNames[ka], tokenNames[kb])
	}
	if a.Format != jose.FormatJWT || b.Format != jose.FormatJWT {
		summary += "\nAn opaque token has no claims to compare: only the provider can read it."
	}
	v.diff.show(sideTitle(v.left, "Left"), sideTitle(v.right, "Right"), summary, tokenDiffRows(d))
}

func sideTitle(s *compareSide, side string) string {
	if s.source.Selected == pasteSource {
		return side + " (pasted)"
	}
	return s.source.Selected
}
