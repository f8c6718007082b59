package ui

// The Export menu: the selected profile's tokens as a Postman environment,
// a .env file or an .http request file, written by the workspace.

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"

	"github.com/tokeninspector/tokeninspector/auth/export"
)

// exportMenu lists the export formats; each asks where to save.
func (u *UI) exportMenu() *fyne.Menu {
	item := func(label string, f export.Format) *fyne.MenuItem {
		return fyne.NewMenuItem(label, func() { u.askExport(f) })
	}
	return fyne.NewMenu("Export",
		item("Postman environment…", export.Postman),
		item(".env file…", export.Dotenv),
		item(".http request file (VS Code, JetBrains)…", export.HTTP),
	)
}

// askExport asks for the file, then exports to it.
func (u *UI) askExport(f export.Format) {
	if ts := u.tokens(); ts == nil || ts.AccessToken == "" {
		u.status.info("No access token yet — log in first (Ctrl+L).")
		return
	}
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil || w == nil {
			return
		}
		path := w.URI().Path()
		w.Close() // the workspace writes the file itself, with mode 0600
		u.onExport(f, path)
	}, u.win)
	d.SetFileName(f.FileName(u.profile))
	d.Show()
}

// onExport writes the selected profile's tokens to path.
func (u *UI) onExport(f export.Format, path string) {
	u.status.info("Exporting to " + path + "…")
	u.ws.Export(u.profile, f, path, false, false)
}
