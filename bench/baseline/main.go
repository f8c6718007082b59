// Command baseline is the yardstick of bench/run.sh: a bare Fyne window
// with one label, opened at the size Token Inspector's window maps at.
// With -tick it updates the label once a second — one timer, one repaint
// per second, nothing else awake — the least a window with a live
// countdown can cost.
package main

import (
	"flag"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/widget"
)

func main() {
	title := flag.String("title", "Bench Baseline", "window title")
	width := flag.Float64("width", 1100, "window width")
	height := flag.Float64("height", 680, "window height")
	tick := flag.Bool("tick", false, "update the label once a second")
	flag.Parse()

	a := app.NewWithID("io.github.tokeninspector.benchbaseline")
	w := a.NewWindow(*title)
	l := widget.NewLabel("expires in 0:00")
	w.SetContent(l)
	w.Resize(fyne.NewSize(float32(*width), float32(*height)))
	if *tick {
		go func() {
			start := time.Now()
			t := time.NewTicker(time.Second)
			defer t.Stop()
			for now := range t.C {
				text := "expires in " + now.Sub(start).Truncate(time.Second).String()
				fyne.Do(func() { l.SetText(text) })
			}
		}()
	}
	w.ShowAndRun()
}
