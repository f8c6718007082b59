package cli

import (
	"context"
	"flag"
	"fmt"

	"github.com/tokeninspector/tokeninspector/auth"
	"github.com/tokeninspector/tokeninspector/auth/jose"
)

func refreshCommand() command {
	return command{
		name:     "refresh",
		synopsis: "refresh --refresh-token T|- [--id-token T] [--dpop-key FILE] [profile flags]",
		summary:  "one refresh_token grant, print the new token set",
		run:      runRefresh,
		exits:    []string{"4  the provider's answer fails a check a client must make: printed with the failing checks, nothing remembered"},
		example:  `tokeninspector refresh --profile decathlon-eu --client-id ID --refresh-token - < rt.txt`,
		traces:   true,
	}
}

// runRefresh runs one refresh_token grant and prints the new token set.
func runRefresh(ctx context.Context, args []string, s stdio) error {
	var rt, keyFile, idToken string
	var flags *flag.FlagSet
	pr, ps, err := setup(ctx, "refresh", args, s, func(fs *flag.FlagSet) {
		flags = fs
		fs.StringVar(&rt, "refresh-token", "", "the refresh token, or - to read it from stdin")
		fs.StringVar(&idToken, "id-token", "", "the previous ID token: a new one must keep its iss, sub, aud and auth_time (OpenID Connect Core §12.2)")
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
	old := &auth.TokenSet{RefreshToken: rt, DPoP: key}
	if idToken != "" {
		old.IDToken, old.ID = idToken, jose.UnverifiedDecode(idToken)
	}
	var scopes []string // sent only when --scope is on the command line (RFC 6749 §6)
	flags.Visit(func(f *flag.Flag) {
		if f.Name == "scope" {
			scopes = pr.Profile().Scopes
		}
	})
	ts, err := pr.RefreshWith(ctx, old, scopes)
	if err != nil {
		return printRefusedSet(ctx, s, "refresh", pr, err)
	}
	return printSet(ctx, s.out, pr, ts)
}
