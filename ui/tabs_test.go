package ui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// refreshCounter is a label that counts its refreshes.
type refreshCounter struct {
	widget.Label
	n int
}

func newRefreshCounter(text string) *refreshCounter {
	c := &refreshCounter{}
	c.Text = text
	c.ExtendBaseWidget(c)
	return c
}

func (c *refreshCounter) Refresh() {
	c.n++
	c.Label.Refresh()
}

func TestQuietTabs(t *testing.T) {
	a := test.NewTempApp(t)
	first, second := newRefreshCounter("first"), newRefreshCounter("second")
	tabs := container.NewAppTabs(container.NewTabItem("One", first), container.NewTabItem("Two", second))
	tabs.SetTabLocation(container.TabLocationLeading) // makes the renderer: hides the unselected content
	quietTabs(tabs)
	w := a.NewWindow("tabs")
	w.SetContent(tabs)
	w.Resize(fyne.NewSize(400, 300))
	t.Cleanup(w.Close)

	// A title change refreshes the tab bar, not the content of every tab.
	before := first.n + second.n
	tabs.Items[0].Text = "One  1:59"
	tabs.Refresh()
	if n := first.n + second.n - before; n != 0 {
		t.Errorf("AppTabs.Refresh refreshed tab content %d times; want 0", n)
	}

	// The content of a tab that was hidden before wrapping shows when selected.
	tabs.SelectIndex(1)
	if !second.Visible() || !tabs.Items[1].Content.Visible() {
		t.Errorf("selected tab: content visible %v, wrapper visible %v", second.Visible(), tabs.Items[1].Content.Visible())
	}
	if second.Size().Width == 0 || second.Size().Height == 0 {
		t.Errorf("selected tab content has size %v", second.Size())
	}
	if tabs.Items[0].Content.Visible() {
		t.Error("unselected tab still visible")
	}

	// A theme change still reaches the content of every tab.
	before = first.n
	a.Settings().SetTheme(theme.LightTheme())
	tabs.Refresh()
	if first.n == before {
		t.Error("the content of an unselected tab missed a theme change")
	}
}
