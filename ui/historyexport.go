package ui

import (
	"fmt"
	"io"

	"github.com/tokeninspector/tokeninspector/auth/history"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
)

// onExportHistory asks where to save the selected profile's history as
// JSON (claims and metadata only: the history never holds a token).
func (u *UI) onExportHistory() {
	name := u.profile
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil {
			u.status.failure(fmt.Errorf("export history: %w", err), false, false)
			return
		}
		if w != nil {
			u.exportHistory(name, w)
		}
	}, u.win)
	d.SetFileName(name + "-history.json")
	d.SetFilter(storage.NewExtensionFileFilter([]string{".json"}))
	d.Show()
}

// exportHistory writes the profile's history to w off the UI goroutine
// and says how it went.
func (u *UI) exportHistory(profile string, w io.WriteCloser) {
	events := u.snaps[profile].History
	where := "the file"
	if uw, ok := w.(fyne.URIWriteCloser); ok {
		where = uw.URI().Path()
	}
	go func() {
		b, err := history.MarshalHistory(profile, events)
		if err == nil {
			_, err = w.Write(append(b, '\n'))
		}
		if cerr := w.Close(); err == nil {
			err = cerr
		}
		u.deps.Do(func() {
			if err != nil {
				u.status.failure(fmt.Errorf("export history of %s: %w", profile, err), false, false)
				return
			}
			u.status.success(fmt.Sprintf("Exported %d history entries of %s to %s.", len(events), profile, where))
		})
	}()
}
