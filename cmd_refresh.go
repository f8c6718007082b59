package main

import (
	"context"
	"errors"
	"flag"
	"fmt"

	"github.com/tokeninspector/tokeninspector/auth"
)

func refreshCommand() command {
	return command{
		name:     "refresh",
		synopsis: "refresh --refresh-token T|- [profile flags]",
		summary:  "one refresh_token grant, print the new token set",
		run:      runRefresh,
	}
}

// runRefresh runs one refresh_token grant and prints the new token set.
func runRefresh(ctx context.Context, args []string, s stdio) error {
	var rt string
	pr, ps, err := setup(ctx, "refresh", args, s, func(fs *flag.FlagSet) {
		fs.StringVar(&rt, "refresh-token", "", "the refresh token, or - to read it from stdin")
	})
	if err != nil {
		return err
	}
	defer ps.Close()
	defer pr.Close()
	if rt == "-" {
		if rt, err = readToken(s.in); err != nil {
			return err
		}
	}
	if rt == "" {
		fmt.Fprintln(s.err, "tokeninspector refresh: --refresh-token is required (use - to read it from stdin)")
		return errUsage
	}
	go pr.Verifier().Prefetch(ctx) // in parallel with the token request; printSet verifies
	ts, err := pr.Refresh(ctx, rt)
	if err != nil {
		var oe *auth.OAuthError
		if errors.As(err, &oe) && oe.Hint() != "" {
			return fmt.Errorf("%w\n  %s", err, oe.Hint())
		}
		return err
	}
	return printSet(ctx, s.out, pr, ts)
}
