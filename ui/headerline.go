package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// shareLine lays two objects out on one line: the first as wide as it
// wants (want), shortened only when the second would get less than its
// minimum; the second takes the rest. The token view's checks summary and
// lifetime share a line this way (Fyne's Border gives a side object only
// its minimum, which is nothing for a label that shortens itself).
type shareLine struct {
	want func() float32 // the first object's full width
	// last makes the second object the one that wants its width, the
	// first taking the rest.
	last bool
}

func (l shareLine) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var w, h float32
	n := 0
	for _, o := range objs {
		if !o.Visible() {
			continue
		}
		m := o.MinSize()
		w += m.Width
		h = max(h, m.Height)
		n++
	}
	if n > 1 {
		w += theme.Padding()
	}
	return fyne.NewSize(w, h)
}

func (l shareLine) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	if len(objs) != 2 {
		return
	}
	a, b := objs[0], objs[1]
	switch {
	case !b.Visible():
		a.Move(fyne.NewPos(0, 0))
		a.Resize(size)
		return
	case !a.Visible():
		b.Move(fyne.NewPos(0, 0))
		b.Resize(size)
		return
	}
	if l.last {
		bw := min(max(l.want(), b.MinSize().Width), size.Width-a.MinSize().Width-theme.Padding())
		bw = max(bw, b.MinSize().Width)
		a.Move(fyne.NewPos(0, 0))
		a.Resize(fyne.NewSize(size.Width-bw-theme.Padding(), size.Height))
		b.Move(fyne.NewPos(size.Width-bw, 0))
		b.Resize(fyne.NewSize(bw, size.Height))
		return
	}
	aw := min(max(l.want(), a.MinSize().Width), size.Width-b.MinSize().Width-theme.Padding())
	aw = max(aw, a.MinSize().Width)
	a.Move(fyne.NewPos(0, 0))
	a.Resize(fyne.NewSize(aw, size.Height))
	b.Move(fyne.NewPos(aw+theme.Padding(), 0))
	b.Resize(fyne.NewSize(size.Width-aw-theme.Padding(), size.Height))
}
