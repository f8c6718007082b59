package cli

import (
	"errors"
	"fmt"

	"github.com/tokeninspector/tokeninspector/auth"
)

// errUsage means the flags were wrong and usage was already printed.
var errUsage = errors.New("usage")

// errHelp means help was asked for and printed: exit 0.
var errHelp = errors.New("help shown")

// exitCode is an error that only carries a process exit code (the window's).
type exitCode int

func (e exitCode) Error() string { return fmt.Sprintf("exit status %d", int(e)) }

// withHint adds the OAuth error's hint for people, when it has one.
func withHint(err error) error {
	var oe *auth.OAuthError
	if errors.As(err, &oe) && oe.Hint() != "" {
		return fmt.Errorf("%w\n  %s", err, oe.Hint())
	}
	return err
}
