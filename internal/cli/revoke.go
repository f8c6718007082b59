package cli

import (
	"context"
)

func revokeCommand() command {
	return command{
		name:     "revoke",
		synopsis: "revoke --token T|- [--token-type-hint access_token|refresh_token] [profile flags]",
		summary:  "revoke a token (RFC 7009)",
		run:      runRevoke,
		exits:    nil,
		example:  `tokeninspector revoke --profile demo --token - --token-type-hint refresh_token < rt.txt`,
		traces:   true,
	}
}

// runRevoke revokes one token and prints {"revoked": true}.
func runRevoke(ctx context.Context, args []string, s stdio) error {
	t, err := setupTokenCommand(ctx, "revoke", args, s)
	if err != nil {
		return err
	}
	defer t.close()
	if err := t.pr.Revoke(ctx, t.token, t.hint); err != nil {
		return withHint(err)
	}
	forgetDeadToken(ctx, s, "revoke", t.pr.Profile().Name, t.token)
	out := map[string]any{"revoked": true}
	if t.hint != "" {
		out["token_type_hint"] = t.hint
	}
	return writeJSON(s.out, out)
}
