package cli

import (
	"context"
	"fmt"
	"time"
)

// runTokenCheck answers `token --check`: exit 0 when a token valid for
// need.minValid can be printed without a browser (remembered and fresh, or
// refreshed now and saved, so the next call prints it at once), exit 3 when
// only a login can help. Neither answer prints anything (shell prompts,
// pre-flight checks); other failures (no keyring, provider unreachable, a
// provider whose tokens never live that long) are said on stderr, exit 1.
func runTokenCheck(ctx context.Context, sess *tokenSession, need tokenNeed) error {
	res, err := sess.fresh(ctx, need)
	switch {
	case loginNeeded(err):
		return exitLoginNeeded
	case err != nil:
		return keyringError(err)
	case need.idToken && res.Tokens.IDToken == "":
		return exitLoginNeeded
	case !res.Tokens.ValidFor(time.Now(), need.minValid):
		return fmt.Errorf("the provider's access tokens are valid for less than %s", need.minValid)
	}
	return nil
}
