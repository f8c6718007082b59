package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
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

// navItem is one entry of the side navigation.
type navItem struct {
	Text    string // the title shown now
	label   string // the title without a countdown
	icon    fyne.Resource
	button  *widget.Button
	content fyne.CanvasObject
}

// navWidth keeps the column from changing width as countdown digits change.
const navWidth = 150

func newSideNav() *sideNav {
	n := &sideNav{bar: container.NewVBox(), top: container.NewVBox(), panels: container.NewStack()}
	width := canvas.NewRectangle(nil)
	width.SetMinSize(fyne.NewSize(navWidth, 0))
	// It scrolls, so a long profile list never makes the window taller.
	column := container.NewVScroll(container.NewStack(width, container.NewVBox(n.top, n.bar)))
	n.root = container.NewBorder(nil, nil, container.NewHBox(column, widget.NewSeparator()), nil, n.panels)
	return n
}

// add appends an entry showing content when selected; the first is selected.
func (n *sideNav) add(title string, icon fyne.Resource, content fyne.CanvasObject) *navItem {
	it := &navItem{Text: title, label: title, icon: icon, content: content}
	it.button = widget.NewButtonWithIcon(title, icon, func() { n.Select(it) })
	it.button.Alignment = widget.ButtonAlignLeading
	it.button.Importance = widget.LowImportance
	n.items = append(n.items, it)
	n.bar.Add(it.button)
	n.panels.Add(content)
	content.Hide()
	if n.selected == nil {
		n.Select(it)
	}
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
	}
	n.selected = it
	it.button.Importance = widget.HighImportance
	it.button.Refresh()
	it.content.Show()
}

// Selected is the entry whose panel shows.
func (n *sideNav) Selected() *navItem { return n.selected }

// show sets the entry's title and icon, touching the button only when
// they changed.
func (it *navItem) show(text string, icon fyne.Resource) {
	if it.Text == text && it.icon.Name() == icon.Name() {
		return
	}
	it.Text, it.icon = text, icon
	it.button.SetText(text)
	it.button.SetIcon(icon)
}

// showCountdown puts a token's countdown into its entry's title and its
// life state into the icon's colour.
func (it *navItem) showCountdown(label string, has bool, c countdown) {
	if !has {
		it.show(label, theme.RadioButtonIcon())
		return
	}
	var icon fyne.Resource
	switch c.State {
	case lifeFine:
		icon = theme.NewSuccessThemedResource(theme.RadioButtonCheckedIcon())
	case lifeEnding:
		icon = theme.NewWarningThemedResource(theme.RadioButtonCheckedIcon())
	case lifeExpired:
		icon = theme.NewErrorThemedResource(theme.RadioButtonCheckedIcon())
	default:
		icon = theme.RadioButtonCheckedIcon()
	}
	it.show(label+"  "+c.Short, icon)
}
