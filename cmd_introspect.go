package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"time"
)

func introspectCommand() command {
	return command{
		name:     "introspect",
		synopsis: "introspect --token T|- [--token-type-hint access_token|refresh_token] [profile flags]",
		summary:  "ask the provider about a token (RFC 7662), print its answer",
		run:      runIntrospect,
	}
}

// runIntrospect introspects one token; an inactive token is not an error.
func runIntrospect(ctx context.Context, args []string, s stdio) error {
	var token, hint string
	pr, ps, err := setup(ctx, "introspect", args, s, func(fs *flag.FlagSet) {
		fs.StringVar(&token, "token", "", "the token, or - to read it from stdin")
		fs.StringVar(&hint, "token-type-hint", "", "access_token or refresh_token")
	})
	if err != nil {
		return err
	}
	defer ps.Close()
	defer pr.Close()
	if token, err = tokenValue(s, "introspect", "--token", token); err != nil {
		return err
	}
	if err := checkHint(s, "introspect", hint); err != nil {
		return err
	}
	in, err := pr.Introspect(ctx, token, hint)
	if err != nil {
		return withHint(err)
	}
	out := map[string]any{"active": in.Active, "response_body": json.RawMessage(jsonOrNull(in.Raw))}
	if !in.ExpiresAt.IsZero() {
		out["expires_at"] = in.ExpiresAt.UTC().Format(time.RFC3339)
		out["expires_in_seconds"] = int64(in.ExpiresAt.Sub(pr.Now()).Seconds())
	}
	return writeJSON(s.out, out)
}

// checkHint accepts the two RFC 7009 / RFC 7662 hints, or none.
func checkHint(s stdio, cmd, hint string) error {
	switch hint {
	case "", "access_token", "refresh_token":
		return nil
	}
	fmt.Fprintf(s.err, "tokeninspector %s: --token-type-hint is access_token or refresh_token, not %q\n", cmd, hint)
	return errUsage
}
