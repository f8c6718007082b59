package cli

import (
	"strconv"
	"time"

	"github.com/tokeninspector/tokeninspector/auth"
)

// tokenExpiry is when the access token expires, in the two forms `token`
// prints: expires_at (RFC 3339, UTC) and expires_on (Unix seconds, the
// Azure CLI's convention, which no time zone can shift). Both are zero
// when the provider did not say.
type tokenExpiry struct {
	At string
	On int64
}

func expiryOf(ts *auth.TokenSet) tokenExpiry {
	exp, ok := ts.Expiry()
	if !ok {
		return tokenExpiry{}
	}
	return tokenExpiry{At: exp.UTC().Format(time.RFC3339), On: exp.Unix()}
}

// onString is On in decimal, "" when unknown.
func (e tokenExpiry) onString() string {
	if e.On == 0 {
		return ""
	}
	return strconv.FormatInt(e.On, 10)
}
