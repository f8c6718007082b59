package workspace

import (
	"errors"
	"testing"
	"time"

	"github.com/tokeninspector/tokeninspector/auth/oidc"

	"github.com/tokeninspector/tokeninspector/auth"
)

// A refresh cut off after it was sent may have used up the refresh token:
// auto-refresh stops for that token set instead of resending it, as it
// does for a dead grant; a refresh refused before sending just backs off.
func TestAutoRefreshDoesNotResendAPossiblyUsedRefreshToken(t *testing.T) {
	now := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	ts := &auth.TokenSet{AccessToken: "at", RefreshToken: "rt"}
	for _, c := range []struct {
		name string
		err  error
		dead bool
	}{
		{"sent, no answer", &oidc.UnansweredError{Op: "refresh", What: "the token endpoint", Sent: true, RefreshToken: true, Err: errors.New("EOF")}, true},
		{"not sent", &oidc.UnansweredError{Op: "refresh", What: "the token endpoint", RefreshToken: true, Err: errors.New("connection refused")}, false},
		{"invalid_grant", &auth.OAuthError{Op: "refresh", Code: "invalid_grant", Status: 400}, true},
	} {
		var a autoRun
		a.on = true
		a.result(now, ts, false, c.err, Auto)
		if a.dead != c.dead || (c.dead && a.key != autoKey(ts, false)) {
			t.Errorf("%s: dead %v key %q; want dead %v", c.name, a.dead, a.key, c.dead)
		}
		if !c.dead && a.fails != 1 {
			t.Errorf("%s: fails %d; want a backoff", c.name, a.fails)
		}
	}
}
