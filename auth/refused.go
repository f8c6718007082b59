package auth

import "fmt"

// RefusedAnswerError means the provider answered, but its answer fails a
// check a client MUST make (OpenID Connect Core §3.1.3.7, §5.3.2, §12.2,
// RFC 9207, RFC 9449): a wrong issuer, audience or nonce, a bad or missing
// signature, an expired ID token, a refreshed ID token naming another user,
// a userinfo answer about another user. Nothing in the answer may be used
// as if it were good: it is not remembered, refreshed or copied. Set holds
// the decoded answer so that it can still be shown (an inspector shows
// what is wrong).
type RefusedAnswerError struct {
	// Op is what was attempted: "code exchange", "refresh", "userinfo"…
	Op string
	// Check is the name of the first failed check ("iss", "nonce",
	// "signature", "refresh sub", "userinfo sub"…), Reason its sentence.
	Check, Reason string
	// Failed names every failed check, Check first.
	Failed []string
	// Set is the token response as received, decoded; nil when the answer
	// was not a token response (userinfo).
	Set *TokenSet
}

// Error names the check and why it failed.
func (e *RefusedAnswerError) Error() string {
	more := ""
	if n := len(e.Failed) - 1; n > 0 {
		more = fmt.Sprintf(" (and %d more failed check(s): %v)", n, e.Failed[1:])
	}
	return fmt.Sprintf("%s: the provider's answer fails the %q check a client must make: %s%s; nothing from it was kept", e.Op, e.Check, e.Reason, more)
}
