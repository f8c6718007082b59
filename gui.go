package main

import (
	"context"
	"io"
	"log"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"

	"github.com/tokeninspector/tokeninspector/assets"
	"github.com/tokeninspector/tokeninspector/auth"
	"github.com/tokeninspector/tokeninspector/auth/workspace"
	"github.com/tokeninspector/tokeninspector/ui"
)

// appID identifies the app to Fyne (preferences, desktop integration).
const appID = "io.github.tokeninspector"

// runWindow opens the window with the profile named by the flags selected.
func runWindow(ctx context.Context, args []string, stderr io.Writer) error {
	var pf profileFlags
	fs := newFlagSet("tokeninspector", stderr)
	pf.register(fs)
	if err := fs.Parse(args); err != nil {
		return errUsage
	}
	cfg, err := pf.loadConfig()
	if err != nil {
		return err
	}
	p, err := pf.resolve(cfg)
	if err != nil {
		return err
	}
	client, err := auth.NewHTTPClient(pf.httpOptions())
	if err != nil {
		return err
	}
	ps := &providers{env: auth.Env{HTTP: client}}
	defer ps.Close()

	wd := workspace.Deps{Config: cfg, Providers: ps.New,
		// Remember: the OS keyring, or memory (said once) when none is reachable.
		Secrets: auth.NewFallbackStore(auth.NewKeyringStore())}
	if pf.adHoc() || flagsChangeProfile(pf) {
		wd.AdHoc = &p
	}
	ws := workspace.New(wd)
	defer ws.Close()
	a := app.NewWithID(appID)
	w := ui.New(a, ui.Deps{Workspace: ws, Profile: p.Name, Icon: assets.Icon, Logf: log.New(stderr, "", log.LstdFlags).Printf})
	go func() {
		<-ctx.Done()
		fyne.Do(a.Quit)
	}()
	w.Run()
	return nil
}

// flagsChangeProfile reports whether flags edit the named profile, so the
// window shows the edited copy rather than the saved one.
func flagsChangeProfile(pf profileFlags) bool {
	return pf.issuer != "" || pf.authURL != "" || pf.tokenURL != "" || pf.jwksURL != "" || pf.clientID != "" ||
		pf.clientSecret != "" || pf.scope != "" || pf.authMethod != "" || pf.redirectPorts != ""
}
