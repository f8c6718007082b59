package check

import (
	"github.com/tokeninspector/tokeninspector/auth"
)

// mustChecks names the ID token checks a client MUST make before it uses
// an answer (OpenID Connect Core §3.1.3.7, §12.2). A failed one refuses
// the whole answer; other failed checks (clock skew, size) only warn.
var mustChecks = map[string]bool{
	"alg": true, "signature": true, "kid": true, "key": true,
	"iss": true, "aud": true, "azp": true, "sub": true,
	"iat": true, "exp": true, "nbf": true, "nonce": true,
	"at_hash": true, "c_hash": true, "auth_time": true, checkACREssential: true,
	checkRefreshIss: true, checkRefreshSub: true, checkRefreshAud: true, checkRefreshAuthTime: true,
}

// IsMust reports whether a failed check called name refuses the answer.
func IsMust(name string) bool { return mustChecks[name] }

// MustFailures returns the failed checks of the ID token that a client
// MUST make, in report order.
func (v SetValidation) MustFailures() []Check {
	var out []Check
	for _, c := range v.ID.Checks {
		if c.Status == CheckFail && mustChecks[c.Name] {
			out = append(out, c)
		}
	}
	return out
}

// Refusal is the one rule for an answer that fails a check a client MUST
// make: nil when every such check passed (or could not be made), else an
// *auth.RefusedAnswerError carrying ts for display.
func Refusal(op string, ts *auth.TokenSet, v SetValidation) error {
	return refusal(op, ts, v.MustFailures())
}

// RefusalOf turns failed checks into an *auth.RefusedAnswerError (nil when
// fails is empty). ts may be nil when the answer was not a token response.
func RefusalOf(op string, ts *auth.TokenSet, fails ...Check) error {
	return refusal(op, ts, fails)
}

func refusal(op string, ts *auth.TokenSet, fails []Check) error {
	if len(fails) == 0 {
		return nil
	}
	names := make([]string, len(fails))
	for i, c := range fails {
		names[i] = c.Name
	}
	return &auth.RefusedAnswerError{Op: op, Check: fails[0].Name, Reason: fails[0].Reason, Failed: names, Set: ts}
}
