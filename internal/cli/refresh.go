package cli

import (
	"context"
	"flag"
	"fmt"

	"github.com/tokeninspector/tokeninspector/auth"
)

func refreshCommand() command {
	return command{
		name:     "refresh",
		synopsis: "refresh --refresh-token T|- [--dpop-key FILE] [profile flags]",
		summary:  "one refresh_token grant, print the new token set",
		run:      runRefresh,
	}
}

// runRefresh runs one refresh_token grant and prints the new token set.
func runRefresh(ctx context.Context, args []string, s stdio) error {
	var rt, keyFile string
	pr, ps, err := setup(ctx, "refresh", args, s, func(fs *flag.FlagSet) {
		fs.StringVar(&rt, "refresh-token", "", "the refresh token, or - to read it from stdin")
		fs.StringVar(&keyFile, "dpop-key", "", "the DPoP key file of a DPoP-bound refresh token (from login --dpop-key-out)")
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
	key, err := loadDPoPKey(keyFile)
	if err != nil {
		return err
	}
	go pr.Verifier().Prefetch(ctx) // in parallel with the token request; printSet verifies
	ts, err := pr.RefreshSet(ctx, &auth.TokenSet{RefreshToken: rt, DPoP: key})
	if err != nil {
		return withHint(err)
	}
	return printSet(ctx, s.out, pr, ts)
}
