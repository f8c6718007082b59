package check

import (
	"fmt"
	"strings"

	"github.com/tokeninspector/tokeninspector/auth"
)

// refuseUnsignedIDToken refuses a token response whose ID token is an
// unsecured JWS (alg "none", RFC 7519 §6): anyone on the path could have
// written it, and OpenID Connect never allows one from the token endpoint
// (Core §3.1.3.7 point 7 needs the signing algorithm the client registered,
// RS256 by default). None of the response's tokens are adopted then.
func RefuseUnsignedIDToken(op string, ts *auth.TokenSet) error {
	if ts.IDToken == "" || !strings.EqualFold(ts.ID.Alg, "none") {
		return nil
	}
	return fmt.Errorf("%s: the ID token is not signed (alg %q), so anyone could have made it; none of the tokens in this answer were adopted", op, ts.ID.Alg)
}
