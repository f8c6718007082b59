package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// showTab puts a token's countdown into its tab title and its life state
// into the tab icon. It reports whether anything changed.
func showTab(tab *container.TabItem, label string, has bool, c countdown) bool {
	text := label
	var icon fyne.Resource = theme.RadioButtonIcon()
	if has {
		text = label + "  " + c.Short
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
	}
	if tab.Text == text && tab.Icon != nil && tab.Icon.Name() == icon.Name() {
		return false
	}
	tab.Text, tab.Icon = text, icon
	return true
}

// quietTabs wraps the content of every tab in a quietContent. The countdowns
// in the tab titles need AppTabs.Refresh once a second, and AppTabs.Refresh
// refreshes the content of every tab — all three claims tables, every cell
// re-set and re-measured — which was most of the idle CPU. The content's
// widgets refresh themselves when their data changes; only a theme change
// has to reach them from above.
func quietTabs(tabs *container.AppTabs) {
	for _, it := range tabs.Items {
		// AppTabs hides the content of unselected tabs; from now on it hides
		// and shows the wrapper, so the content itself stays visible.
		it.Content.Show()
		it.Content = newQuietContent(it.Content)
	}
}

// quietContent shows one object and passes a refresh on to it only when the
// theme changed since the last time.
type quietContent struct {
	widget.BaseWidget
	content fyne.CanvasObject
	look    themeLook
}

func newQuietContent(o fyne.CanvasObject) *quietContent {
	q := &quietContent{content: o, look: currentLook()}
	q.ExtendBaseWidget(q)
	return q
}

func (q *quietContent) CreateRenderer() fyne.WidgetRenderer { return quietRenderer{q} }

type quietRenderer struct{ q *quietContent }

func (r quietRenderer) Layout(size fyne.Size) {
	r.q.content.Move(fyne.NewPos(0, 0))
	r.q.content.Resize(size)
}
func (r quietRenderer) MinSize() fyne.Size           { return r.q.content.MinSize() }
func (r quietRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.q.content} }
func (r quietRenderer) Destroy()                     {}

func (r quietRenderer) Refresh() {
	if l := currentLook(); l != r.q.look {
		r.q.look = l
		r.q.content.Refresh()
	}
}

// themeLook is what a theme change alters, in comparable form.
type themeLook struct {
	variant  fyne.ThemeVariant
	fg, bg   [4]uint32
	textSize float32
}

func currentLook() themeLook {
	a := fyne.CurrentApp()
	if a == nil {
		return themeLook{}
	}
	th, v := a.Settings().Theme(), a.Settings().ThemeVariant()
	if th == nil {
		return themeLook{variant: v}
	}
	rgba := func(c color.Color) (out [4]uint32) {
		if c != nil {
			out[0], out[1], out[2], out[3] = c.RGBA()
		}
		return out
	}
	return themeLook{variant: v, fg: rgba(th.Color(theme.ColorNameForeground, v)),
		bg: rgba(th.Color(theme.ColorNameBackground, v)), textSize: th.Size(theme.SizeNameText)}
}
