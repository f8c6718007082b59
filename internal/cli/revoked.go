package cli

import (
	"context"
	"errors"
	"fmt"

	"github.com/tokeninspector/tokeninspector/auth/jose"
	"github.com/tokeninspector/tokeninspector/auth/keyring"
	"github.com/tokeninspector/tokeninspector/auth/remembered"
)

// forgetDeadToken drops tok from the profile's remembered session once the
// provider said it no longer works (revoke succeeded, or introspection
// answered active: false), so `token`, kubectl and git are never handed it
// again: a dead access token goes (the next caller refreshes), a dead
// refresh token ends the session. What was dropped is said on stderr.
// Without a reachable keyring nothing is remembered, so nothing is said.
func forgetDeadToken(ctx context.Context, s stdio, cmd, profile, tok string) {
	store, _, closeKeys := rememberedSessions()
	defer closeKeys()
	d, err := store.Revoked(ctx, profile, tok)
	switch {
	case errors.Is(err, keyring.ErrKeyringUnavailable), errors.Is(err, keyring.ErrKeyringStuck):
	case err != nil:
		fmt.Fprintf(s.err, "tokeninspector %s: warning: the remembered session of %s may still hold the token: %v\n", cmd, profile, err)
	case d != remembered.DroppedNothing:
		fmt.Fprintf(s.err, "tokeninspector %s: %s (profile %s)\n", cmd, d, profile)
	}
}

// dpopBound reports whether tok is a JWT bound to a DPoP key (cnf.jkt):
// sent without its proof it is refused although it still works.
func dpopBound(tok string) bool {
	_, ok := jose.UnverifiedDecode(tok).Claim("cnf")
	return ok
}
