package cli

import (
	"context"
	"errors"
	"fmt"

	"github.com/tokeninspector/tokeninspector/auth"
	"github.com/tokeninspector/tokeninspector/auth/oidc"
)

// exitRefused is the exit status of login, refresh, exchange and userinfo
// when the provider's answer fails a check a client must make: the answer
// is still printed (its failing checks marked fail), nothing is remembered.
const exitRefused = exitCode(4)

// asRefused returns the refusal inside err, if err is one.
func asRefused(err error) (*auth.RefusedAnswerError, bool) {
	return errors.AsType[*auth.RefusedAnswerError](err)
}

// refusedLine tells on stderr, in one line, which check refused the answer.
func refusedLine(s stdio, name string, r *auth.RefusedAnswerError) {
	fmt.Fprintf(s.err, "tokeninspector %s: refused: the %q check failed: %s\n", name, r.Check, r.Reason)
}

// printRefusedSet applies the one rule to a token request's error: a
// refused token response is printed with its checks, named on stderr, and
// ends with exit status 4; any other error is returned with its hint.
func printRefusedSet(ctx context.Context, s stdio, name string, pr *oidc.Provider, err error) error {
	r, ok := asRefused(err)
	if !ok || r.Set == nil {
		return withHint(err)
	}
	if perr := printSet(ctx, s.out, pr, r.Set); perr != nil {
		return perr
	}
	refusedLine(s, name, r)
	return exitRefused
}
