package workspace

import (
	"context"
	"fmt"
)

// forgetDead drops tok from the profile's remembered session (its keyring
// copy and the session cache) once the provider said it no longer works —
// revoked, or inactive at introspection — so that `token`, kubectl and git
// are not handed it by another process: a dead access token goes (the next
// caller refreshes), a dead refresh token ends the remembered session. A
// token the session does not hold leaves it alone. It runs off the actor,
// under the profile's write lock.
func (e *entry) forgetDead(ctx context.Context, profile, tok string) error {
	if _, err := e.ws.sessions.Revoked(ctx, profile, tok); err != nil {
		return fmt.Errorf("the remembered session may still hold the token: %w", err)
	}
	return nil
}
