package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/tokeninspector/tokeninspector/auth/workspace"
)

// sideNav is the window's left column — the three tokens with their
// countdowns, then Response, History and Decode — and the panel of the
// selected entry. Each entry is a button, so a countdown changing in its
// title repaints that button alone; container.AppTabs would rebuild its
// whole tab bar and draw the window twice a second.
type sideNav struct {
	items    []*navItem
	selected *navItem
	bar      *fyne.Container
	top      *fyne.Container // above the entries: the profile list
	root     fyne.CanvasObject
	panels   *fyne.Container
}

// navItem is one entry of the side navigation: a button with a fixed
// title and icon, and for a token the countdown beside the title in its
// own liveText, so the per-second change repaints those few characters and
// not the button (whose refresh re-rasterises its icon).
type navItem struct {
	label     string // the title
	life      workspace.Standing
	has       bool // a token is shown: the icon is filled in its life colour
	button    *widget.Button
	countdown *liveText
	root      fyne.CanvasObject
	content   fyne.CanvasObject
	build     func() fyne.CanvasObject // makes content on first Select (nil: built)
}

// navWidth keeps the column from changing width as countdown digits change.
const navWidth = 150

func newSideNav() *sideNav {
	n := &sideNav{bar: container.NewVBox(), top: container.NewVBox(), panels: container.New(shownStack{})}
	width := canvas.NewRectangle(nil)
	width.SetMinSize(fyne.NewSize(navWidth, 0))
	// It scrolls, so a long profile list never makes the window taller.
	column := container.NewVScroll(container.NewStack(width, container.NewVBox(n.top, n.bar)))
	n.root = container.NewBorder(nil, nil, container.NewHBox(column, widget.NewSeparator()), nil, n.panels)
	return n
}

// add appends an entry showing content when selected; the first is selected.
func (n *sideNav) add(title string, icon fyne.Resource, content fyne.CanvasObject) *navItem {
	it := &navItem{label: title, content: content}
	it.button = widget.NewButtonWithIcon(title, icon, func() { n.Select(it) })
	it.button.Alignment = widget.ButtonAlignLeading
	it.button.Importance = widget.LowImportance
	it.countdown = newLiveText(fyne.TextStyle{}, theme.SizeNameText)
	it.root = container.New(navEntryLayout{}, it.button, it.countdown)
	n.items = append(n.items, it)
	n.bar.Add(it.root)
	n.panels.Add(content)
	content.Hide()
	if n.selected == nil {
		n.Select(it)
	}
	return it
}

// addLazy appends an entry whose content build makes when it is first
// selected.
func (n *sideNav) addLazy(title string, icon fyne.Resource, build func() fyne.CanvasObject) *navItem {
	it := n.add(title, icon, canvas.NewRectangle(nil))
	it.build = build
	return it
}

// Select shows it's panel and marks its button.
func (n *sideNav) Select(it *navItem) {
	if n.selected == it {
		return
	}
	if old := n.selected; old != nil {
		old.content.Hide()
		old.button.Importance = widget.LowImportance
		old.button.Refresh()
		old.countdown.setOnPrimary(false)
	}
	n.selected = it
	it.button.Importance = widget.HighImportance
	it.button.Refresh()
	it.countdown.setOnPrimary(true)
	n.ensureBuilt(it)
	it.content.Show()
	// shownStack left it unlaid while hidden.
	it.content.Move(fyne.NewPos(0, 0))
	it.content.Resize(n.panels.Size())
}

// ensureBuilt builds the content of an entry added with addLazy, sized
// to the panel area (text in it wraps at the width it will have), hidden
// unless it is the entry selected.
func (n *sideNav) ensureBuilt(it *navItem) {
	if it.build == nil {
		return
	}
	build := it.build
	it.build = nil
	n.panels.Remove(it.content)
	it.content = build()
	if n.selected != it {
		it.content.Hide()
	}
	n.panels.Add(it.content)
	it.content.Move(fyne.NewPos(0, 0))
	it.content.Resize(n.panels.Size())
}

// shownStack is a stack layout that sizes only the objects shown: Fyne's
// stack resizes hidden ones too, and resizing a widget builds and lays out
// its renderer, so every hidden panel was built before the first frame.
// sideNav.Select sizes a panel as it shows it.
type shownStack struct{}

func (shownStack) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objs {
		if o.Visible() {
			s = s.Max(o.MinSize())
		}
	}
	return s
}

func (shownStack) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		if o.Visible() {
			o.Move(fyne.NewPos(0, 0))
			o.Resize(size)
		}
	}
}

// Selected is the entry whose panel shows.
func (n *sideNav) Selected() *navItem { return n.selected }

// title is the entry's title as shown, with its countdown if any.
func (it *navItem) title() string {
	if it.countdown.Text == "" {
		return it.label
	}
	return it.label + "  " + it.countdown.Text
}

// showCountdown shows a token's countdown beside the entry's title and its
// life state in the icon's colour; the button is touched only when the
// state changes.
func (it *navItem) showCountdown(has bool, c countdown) {
	short := ""
	if has {
		short = c.Short
	}
	it.countdown.Set(short, widget.MediumImportance)
	if it.has == has && it.life == c.State {
		return
	}
	it.has, it.life = has, c.State
	if !has {
		it.button.SetIcon(theme.RadioButtonIcon())
		return
	}
	it.button.SetIcon(standingIcon(c.State))
}

// navEntryLayout lays a navigation button over its whole entry and its
// countdown at the right end, leaving the button room for both.
type navEntryLayout struct{}

func (navEntryLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	b, c := objs[0].MinSize(), objs[1].MinSize()
	return fyne.NewSize(b.Width+c.Width, max(b.Height, c.Height))
}

func (navEntryLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	objs[0].Move(fyne.NewPos(0, 0))
	objs[0].Resize(size)
	c := objs[1].MinSize()
	objs[1].Move(fyne.NewPos(size.Width-c.Width-theme.Padding(), (size.Height-c.Height)/2))
	objs[1].Resize(c)
}
