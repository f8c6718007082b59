package main

import (
	"context"
	"fmt"

	"github.com/tokeninspector/tokeninspector/auth"
)

func loginCommand() command {
	return command{
		name:     "login",
		synopsis: "login [profile flags]",
		summary:  "browser login, print the token set as JSON",
		run:      runLogin,
	}
}

// runLogin runs a browser login and prints the token set.
func runLogin(ctx context.Context, args []string, s stdio) error {
	pr, ps, err := setup(ctx, "login", args, s, nil)
	if err != nil {
		return err
	}
	defer ps.Close()
	defer pr.Close()
	ts, err := pr.Login(ctx, auth.LoginOptions{
		OnURL: func(u string) {
			fmt.Fprintf(s.err, "Opening the browser to log in. If it does not open, visit:\n  %s\n", u)
		},
		OnOpenError: func(e *auth.OpenBrowserError) {
			fmt.Fprintf(s.err, "Could not open a browser (%v); open the URL above by hand.\n", e.Err)
		},
	})
	if err != nil {
		return err
	}
	return printSet(ctx, s.out, pr, ts)
}
