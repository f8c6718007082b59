package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"runtime/debug"
	"strings"

	"github.com/tokeninspector/tokeninspector/auth/keyring"

	"github.com/tokeninspector/tokeninspector/auth/config"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"

	"github.com/tokeninspector/tokeninspector/assets"
	"github.com/tokeninspector/tokeninspector/auth"
	"github.com/tokeninspector/tokeninspector/auth/remembered"
	"github.com/tokeninspector/tokeninspector/auth/workspace"
	"github.com/tokeninspector/tokeninspector/internal/glwindow"
	"github.com/tokeninspector/tokeninspector/internal/profiles"
	"github.com/tokeninspector/tokeninspector/internal/version"
	"github.com/tokeninspector/tokeninspector/internal/xvisible"
	"github.com/tokeninspector/tokeninspector/ui"
)

// runWindow opens the window with the profile named by the flags selected.
func runWindow(ctx context.Context, args []string, stderr io.Writer) error {
	var pf profiles.Flags
	var lo profiles.LoginFlags
	fs := flag.NewFlagSet("tokeninspector", flag.ContinueOnError)
	fs.SetOutput(stderr)
	pf.Register(fs)
	lo.Register(fs)
	autoLead := fs.Duration("auto-refresh", 0, "start with auto-refresh on for the selected profile, this long before expiry (e.g. 20s)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return errUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "tokeninspector: unexpected argument %q (the commands are in the tokeninspector command line)\n", fs.Arg(0))
		return errUsage
	}
	cfg, p, ps, err := pf.Open(stderr)
	if err != nil {
		return err
	}
	defer ps.Close()
	if err := lo.Apply(&p); err != nil {
		fmt.Fprintf(stderr, "tokeninspector: %v\n", err)
		return errUsage
	}

	wd := workspace.Deps{Config: cfg, Providers: ps.New, Register: ps.Register, FromAPI: ps.FromAPI, DemoAPIURL: ps.DemoAPIURL,
		// Remember: the OS keyring, or memory (said once) when none is reachable.
		Secrets: keyring.NewFallbackStore(keyring.NewKeyringStore())}
	// Remembered sessions are shared with `tokeninspector token` and other
	// windows; without a lock folder this window alone uses them.
	if locks, err := remembered.DefaultLocks(); err == nil {
		wd.Locks = locks
	}
	// --resource URL without a provider: the window starts from that API
	// (New profile from API URL, filled in), as login does.
	var fromAPI string
	if pf.FromAPI() {
		fromAPI = strings.Fields(pf.Resource)[0]
		p.Resources = nil
	}
	if fromAPI == "" && (pf.AdHoc() || pf.ChangesProfile() || lo.Changed()) {
		wd.AdHoc = &p
	}
	// Pasted tokens are verified with the same timeout and CA bundle.
	if wd.HTTP, err = auth.NewHTTPClient(pf.HTTPOptions()); err != nil {
		return err
	}
	ws := workspace.New(wd)
	defer ws.Close()
	if *autoLead > 0 {
		ws.SetAutoRefresh(p.Name, true, *autoLead)
	}
	glwindow.NoDepthBuffer() // before Fyne creates the window
	// The app id (preferences, desktop integration) is FyneApp.toml's, as
	// the packages' version is (fyne package reads the same file).
	a := app.NewWithID(version.ID)
	logf := log.New(stderr, "", log.LstdFlags).Printf
	w := ui.New(a, ui.Deps{Workspace: ws, Profile: p.Name, Icon: assets.Icon, Logf: logf, Version: version.String(),
		StartupProblems: configProblems(cfg), FromAPIURL: fromAPI})
	go func() {
		<-ctx.Done()
		fyne.Do(a.Quit)
	}()
	// The countdowns pause while the window is minimised or covered;
	// Fyne does not say when that is, xvisible does (X11).
	stopWatch := func() {}
	a.Lifecycle().SetOnStarted(func() {
		leanGC()
		var err error
		if stopWatch, err = xvisible.Follow(w.Window(), w.SetShown); err != nil {
			logf("%v (the countdowns keep ticking while the window is hidden)", err)
		}
	})
	w.Run()
	stopWatch()
	return nil
}

// configProblems says what is wrong with the config file, for the window's
// status line: why it was not read, and the fields it does not know.
func configProblems(cfg *config.Config) []string {
	var out []string
	if err := cfg.LoadError(); err != nil {
		out = append(out, err.Error()) // it says what is shown instead and that the file is kept
	}
	for _, w := range cfg.Warnings() {
		out = append(out, "config: "+w)
	}
	return out
}

// leanGC makes the garbage collector keep the heap closer to what is live
// once the window shows. The window sits idle beside an IDE all day and
// allocates little then (a countdown tick: a few strings); collecting at
// 1.5× the live heap instead of Go's 2× keeps about 15 MiB off its memory,
// for more frequent small collections while logging in. Start-up runs at
// Go's default, where fewer collections let the first frame come sooner.
// GOGC in the environment still wins.
func leanGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(50)
	}
}
