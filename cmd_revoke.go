package main

import (
	"context"
	"flag"
)

func revokeCommand() command {
	return command{
		name:     "revoke",
		synopsis: "revoke --token T|- [--token-type-hint access_token|refresh_token] [profile flags]",
		summary:  "revoke a token (RFC 7009)",
		run:      runRevoke,
	}
}

// runRevoke revokes one token and prints {"revoked": true}.
func runRevoke(ctx context.Context, args []string, s stdio) error {
	var token, hint string
	pr, ps, err := setup(ctx, "revoke", args, s, func(fs *flag.FlagSet) {
		fs.StringVar(&token, "token", "", "the token, or - to read it from stdin")
		fs.StringVar(&hint, "token-type-hint", "", "access_token or refresh_token")
	})
	if err != nil {
		return err
	}
	defer ps.Close()
	defer pr.Close()
	if token, err = tokenValue(s, "revoke", "--token", token); err != nil {
		return err
	}
	if err := checkHint(s, "revoke", hint); err != nil {
		return err
	}
	if err := pr.Revoke(ctx, token, hint); err != nil {
		return withHint(err)
	}
	out := map[string]any{"revoked": true}
	if hint != "" {
		out["token_type_hint"] = hint
	}
	return writeJSON(s.out, out)
}
