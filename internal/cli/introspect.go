package cli

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"time"

	"github.com/tokeninspector/tokeninspector/auth/oidc"

	"github.com/tokeninspector/tokeninspector/internal/profiles"
)

func introspectCommand() command {
	return command{
		name:     "introspect",
		synopsis: "introspect --token T|- [--token-type-hint access_token|refresh_token] [profile flags]",
		summary:  "ask the provider about a token (RFC 7662), print its answer",
		run:      runIntrospect,
		exits:    nil,
		example:  `tokeninspector introspect --profile demo --token - < access.txt`,
		traces:   true,
	}
}

// runIntrospect introspects one token; an inactive token is not an error.
func runIntrospect(ctx context.Context, args []string, s stdio) error {
	t, err := setupTokenCommand(ctx, "introspect", args, s)
	if err != nil {
		return err
	}
	defer t.close()
	pr := t.pr
	in, err := pr.Introspect(ctx, t.token, t.hint)
	if err != nil {
		return withHint(err)
	}
	if !in.Active {
		forgetDeadToken(ctx, s, "introspect", pr.Profile().Name, t.token)
	}
	out := map[string]any{"active": in.Active, "response_body": json.RawMessage(jsonOrNull(in.Raw))}
	if !in.ExpiresAt.IsZero() {
		out["expires_at"] = in.ExpiresAt.UTC().Format(time.RFC3339)
		out["expires_in_seconds"] = int64(in.ExpiresAt.Sub(pr.Now()).Seconds())
	}
	return writeJSON(s.out, out)
}

// tokenCommandArgs is what introspect and revoke share: the provider, the
// token (--token T, or - for stdin) and its --token-type-hint.
type tokenCommandArgs struct {
	pr          *oidc.Provider
	ps          *profiles.Providers
	token, hint string
}

func (t *tokenCommandArgs) close() { t.pr.Close(); t.ps.Close() }

// setupTokenCommand parses the profile flags, --token and --token-type-hint.
func setupTokenCommand(ctx context.Context, name string, args []string, s stdio) (*tokenCommandArgs, error) {
	t := &tokenCommandArgs{}
	pr, ps, err := setup(ctx, name, args, s, func(fs *flag.FlagSet) {
		fs.StringVar(&t.token, "token", "", "the token, or - to read it from stdin")
		fs.StringVar(&t.hint, "token-type-hint", "", "access_token or refresh_token")
	})
	if err != nil {
		return nil, err
	}
	t.pr, t.ps = pr, ps
	if t.token, err = tokenValue(s, name, "--token", t.token); err == nil {
		err = checkHint(s, name, t.hint)
	}
	if err != nil {
		t.close()
		return nil, err
	}
	return t, nil
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
