package main

import (
	"context"
	"fmt"

	"github.com/tokeninspector/tokeninspector/auth"
	"github.com/tokeninspector/tokeninspector/internal/profiles"
)

func loginCommand() command {
	return command{
		name:     "login",
		synopsis: "login [--remember] [profile flags]",
		summary:  "browser login, print the token set as JSON",
		run:      runLogin,
	}
}

// loginPrompts tells the user on stderr where to sign in.
func loginPrompts(s stdio) auth.LoginOptions {
	return auth.LoginOptions{
		OnURL: func(u string) {
			fmt.Fprintf(s.err, "Opening the browser to log in. If it does not open, visit:\n  %s\n", u)
		},
		OnOpenError: func(e *auth.OpenBrowserError) {
			fmt.Fprintf(s.err, "Could not open a browser (%v); open the URL above by hand.\n", e.Err)
		},
	}
}

// rememberLogin keeps a login's tokens in the keyring for `token` and the
// window, and turns Remember on for the profile in the config file.
func rememberLogin(ctx context.Context, s stdio, cfg *auth.Config, p auth.Profile, ts *auth.TokenSet) error {
	store, _, closeKeys := rememberedSessions()
	defer closeKeys()
	if err := store.Put(ctx, p.Name, ts); err != nil {
		return keyringError(err)
	}
	if cfg != nil && cfg.Path() != "" {
		base, ok := cfg.Find(p.Name)
		if !ok {
			base = p
		}
		base.Remember = true
		cfg.Put(base)
		if err := cfg.Save(); err != nil {
			fmt.Fprintf(s.err, "tokeninspector login: remembered in the keyring, but the config file was not updated: %v\n", err)
		}
	}
	fmt.Fprintf(s.err, "Remembered: `tokeninspector token --profile %s` prints fresh tokens from now on.\n", p.Name)
	return nil
}

// runLogin runs a browser login and prints the token set; with
// --remember it also keeps the session for `token` and the window.
func runLogin(ctx context.Context, args []string, s stdio) error {
	var pf profiles.Flags
	var remember bool
	fs := newFlagSet("login", s)
	pf.Register(fs)
	fs.BoolVar(&remember, "remember", false, "keep the session in the OS keyring (for tokeninspector token and the window)")
	if err := parseFlags(fs, args, s); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(s.err, "tokeninspector login: unexpected argument %q\n", fs.Arg(0))
		return errUsage
	}
	cfg, p, ps, err := pf.Open(s.err)
	if err != nil {
		return err
	}
	defer ps.Close()
	pr, err := ps.New(ctx, p)
	if err != nil {
		return err
	}
	defer pr.Close()
	ts, err := pr.Login(ctx, loginPrompts(s))
	if err != nil {
		return err
	}
	if remember {
		if err := rememberLogin(ctx, s, cfg, p, ts); err != nil {
			return err
		}
	}
	return printSet(ctx, s.out, pr, ts)
}
