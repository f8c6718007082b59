package cli

import (
	"context"
	"flag"
	"fmt"

	"github.com/tokeninspector/tokeninspector/auth/oidc"

	"github.com/tokeninspector/tokeninspector/auth"
)

func logoutCommand() command {
	return command{
		name:     "logout",
		synopsis: "logout --id-token T|- [profile flags]",
		summary:  "RP-initiated logout in the browser",
		run:      runLogout,
		exits:    nil,
		example:  `tokeninspector logout --profile demo --id-token - < id.txt`,
		traces:   true,
	}
}

// runLogout opens the provider's end-session page and waits for the
// browser to come back.
func runLogout(ctx context.Context, args []string, s stdio) error {
	var idToken string
	pr, ps, err := setup(ctx, "logout", args, s, func(fs *flag.FlagSet) {
		fs.StringVar(&idToken, "id-token", "", "the ID token (id_token_hint), or - to read it from stdin")
	})
	if err != nil {
		return err
	}
	defer ps.Close()
	defer pr.Close()
	if idToken, err = tokenValue(s, "logout", "--id-token", idToken); err != nil {
		return err
	}
	err = pr.Logout(ctx, idToken, oidc.LogoutOptions{
		OnURL: func(u string) {
			fmt.Fprintf(s.err, "Opening the browser to log out. If it does not open, visit:\n  %s\n", u)
		},
		OnOpenError: func(e *auth.OpenBrowserError) {
			fmt.Fprintf(s.err, "Could not open a browser (%v); open the URL above by hand.\n", e.Err)
		},
	})
	if err != nil {
		return err
	}
	return writeJSON(s.out, map[string]any{"logged_out": true})
}
