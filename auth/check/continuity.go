package check

import (
	"fmt"
	"slices"
	"time"

	"github.com/tokeninspector/tokeninspector/auth/jose"
)

// Names of the checks that compare a refreshed ID token with the previous
// one (OpenID Connect Core §12.2).
const (
	checkRefreshIss      = "refresh iss"
	checkRefreshSub      = "refresh sub"
	checkRefreshAud      = "refresh aud"
	checkRefreshAuthTime = "refresh auth_time"
)

// Continuity compares the ID token of a refresh response with the one it
// replaces: iss, sub and aud must stay the same, and auth_time too when
// the new one carries it (OpenID Connect Core §12.2). It returns no checks
// when either token is not a JWT.
func Continuity(prev, next jose.Decoded) []Check {
	if !prev.IsJWT() || !next.IsJWT() {
		return nil
	}
	var out []Check
	add := func(name string, s CheckStatus, format string, args ...any) {
		out = append(out, Check{Name: name, Status: s, Reason: fmt.Sprintf(format, args...)})
	}
	same := func(name, what, now, before string) {
		if now == before {
			add(name, CheckPass, "%s, as in the previous ID token", now)
		} else {
			add(name, CheckFail, "%s differs from the previous ID token's %s%s", now, before, what)
		}
	}
	same(checkRefreshIss, "", fmt.Sprintf("%q", next.Issuer), fmt.Sprintf("%q", prev.Issuer))
	same(checkRefreshSub, ": the refresh answered for another user", fmt.Sprintf("%q", next.Subject), fmt.Sprintf("%q", prev.Subject))
	if sameSet(next.Audience, prev.Audience) {
		add(checkRefreshAud, CheckPass, "%s, as in the previous ID token", quoteList(next.Audience))
	} else {
		add(checkRefreshAud, CheckFail, "%s differs from the previous ID token's %s", quoteList(next.Audience), quoteList(prev.Audience))
	}
	at, pat := next.AuthTime.UTC().Format(time.RFC3339), prev.AuthTime.UTC().Format(time.RFC3339)
	switch {
	case next.AuthTime.IsZero():
		add(checkRefreshAuthTime, CheckNotApplicable, "the refreshed ID token has no auth_time")
	case prev.AuthTime.IsZero():
		add(checkRefreshAuthTime, CheckUnknown, "the previous ID token has no auth_time to compare with")
	case next.AuthTime.Equal(prev.AuthTime):
		add(checkRefreshAuthTime, CheckPass, "%s, the original authentication", at)
	default:
		add(checkRefreshAuthTime, CheckFail, "%s is not the original authentication's %s", at, pat)
	}
	return out
}

// sameSet reports whether a and b hold the same strings, in any order.
func sameSet(a, b []string) bool {
	x, y := slices.Clone(a), slices.Clone(b)
	slices.Sort(x)
	slices.Sort(y)
	return slices.Equal(slices.Compact(x), slices.Compact(y))
}
