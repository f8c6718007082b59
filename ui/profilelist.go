package ui

import (
	"slices"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/tokeninspector/tokeninspector/auth/workspace"
)

// profileList shows every profile with its session's state — logged out,
// the access token's countdown, refresh failing — so several environments
// can be watched side by side; a click (or Tab and Space) selects one.
type profileList struct {
	rows     []*profileRow
	names    []string
	box      *fyne.Container
	heading  fyne.CanvasObject // above the rows: "Profiles" (the window adds ✎ and +)
	onSelect func(name string)
}

// profileRow is one profile: a flat button under its name and state, so
// the whole row is one tap and one focus stop.
type profileRow struct {
	name   string
	button *widget.Button
	icon   *widget.Icon
	title  *widget.Label
	state  *widget.Label            // the state in words: "logged out", "access"
	left   *liveText                // the access token's time left: "1:59"
	life   workspace.Standing       // the standing the icon shows
	ink    *container.ThemeOverride // the name and state: on-primary text while selected
	root   fyne.CanvasObject
}

// stateText is the row's state line as shown.
func (r *profileRow) stateText() string {
	if r.left.Text == "" {
		return r.state.Text
	}
	return r.state.Text + " " + r.left.Text
}

func newProfileList(onSelect func(string)) *profileList {
	return &profileList{box: container.NewVBox(), onSelect: onSelect}
}

// setProfiles rebuilds the rows when the profiles changed.
func (l *profileList) setProfiles(names []string) {
	if slices.Equal(names, l.names) {
		return
	}
	l.names = slices.Clone(names)
	l.rows = l.rows[:0]
	l.box.RemoveAll()
	heading := l.heading
	if heading == nil {
		heading = widget.NewLabelWithStyle("Profiles", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	}
	l.box.Add(heading)
	for _, name := range names {
		r := &profileRow{name: name, icon: widget.NewIcon(theme.RadioButtonIcon())}
		r.title = widget.NewLabelWithStyle(name, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		r.title.Truncation = fyne.TextTruncateEllipsis
		r.state = widget.NewLabel("logged out")
		r.state.Truncation = fyne.TextTruncateEllipsis
		r.state.SizeName = theme.SizeNameCaptionText
		r.left = newLiveText(fyne.TextStyle{}, theme.SizeNameCaptionText)
		r.button = widget.NewButton("", func() { l.onSelect(name) })
		r.button.Importance = widget.LowImportance
		text := container.New(&tightVBox{}, r.title, container.NewBorder(nil, nil, nil, r.left, r.state))
		r.ink = container.NewThemeOverride(container.NewBorder(nil, nil, r.icon, nil, text), followTheme{})
		r.root = container.NewStack(r.button, r.ink)
		l.rows = append(l.rows, r)
		l.box.Add(r.root)
	}
	l.box.Add(widget.NewSeparator())
}

// row returns the row of a profile.
func (l *profileList) row(name string) *profileRow {
	for _, r := range l.rows {
		if r.name == name {
			return r
		}
	}
	return nil
}

// draw shows each profile's state at now; selected is highlighted. Labels
// are touched only when their text changes; the countdown, which changes
// every second, is a liveText.
func (l *profileList) draw(snaps map[string]workspace.Snapshot, selected string, now time.Time, skew time.Duration) {
	for _, r := range l.rows {
		text, left, life := sessionStateText(snaps[r.name], now, skew)
		if r.state.Text != text {
			r.state.SetText(text)
		}
		r.left.Set(left, widget.MediumImportance)
		if r.life != life || r.icon.Resource == nil {
			r.life = life
			r.icon.SetResource(standingIcon(life))
		}
		imp := widget.LowImportance
		if r.name == selected {
			imp = widget.HighImportance
		}
		if r.button.Importance != imp {
			r.button.Importance = imp
			r.button.Refresh()
			// The selected row is the primary colour: its text is drawn
			// in the colour made for it, not the dark grey of the list.
			r.ink.Theme = followTheme{}
			if imp == widget.HighImportance {
				r.ink.Theme = onPrimaryTheme{}
			}
			r.ink.Refresh()
		}
	}
}

// sessionStateText says a session's state in a few words and, while its
// access token counts down, the time left ("access", "1:59"); life is the
// session's standing (workspace.Snapshot.SessionStanding), the colour of
// its dot.
func sessionStateText(s workspace.Snapshot, now time.Time, skew time.Duration) (words, left string, life workspace.Standing) {
	h := s.Health()
	life = s.SessionStanding(now, skew)
	switch {
	case h.State == workspace.LoggedOut:
		return "logged out", "", workspace.StandingNone
	case h.State == workspace.LoggingIn:
		return "logging in…", "", life
	case life == workspace.StandingRefused:
		return "refused: see the banner", "", life
	case life == workspace.StandingDead:
		return "refresh dead: log in", "", life
	case life == workspace.StandingFailing:
		return "refresh failing", "", life
	case h.State == workspace.Refreshing:
		return "refreshing…", "", life
	case !h.HasExpiry:
		return "logged in", "", life
	}
	d := h.Expiry.Truncate(time.Second).Sub(now.Truncate(time.Second))
	if d <= 0 {
		return "access expired", "", life
	}
	if d >= 24*time.Hour {
		long, _ := roughly(d)
		return "access", long, life
	}
	return "access", clock(d), life
}

// tightVBox stacks objects with no padding between them (a name over its
// state in one list row).
type tightVBox struct{}

func (tightVBox) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objs {
		m := o.MinSize()
		s.Width = max(s.Width, m.Width)
		s.Height += m.Height - theme.Padding()
	}
	return s
}

func (tightVBox) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	y := float32(0)
	for _, o := range objs {
		h := o.MinSize().Height - theme.Padding()
		o.Move(fyne.NewPos(0, y))
		o.Resize(fyne.NewSize(size.Width, h))
		y += h
	}
}
